import { existsSync, readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { roles } from '#domain/roles';
import { apiRoutes } from '#schemas/routes';
import { stateMachineDefinition, synthStack } from '../support/synth.ts';
import { userMayWrite, userPoolPolicyFromTemplate } from '#local/user-pool';
import { wildcardAllowances } from './wildcard-allowances.ts';

const { app, template } = synthStack();
const resources = (type: string) => Object.entries(template.findResources(type));

describe('the synthesis in these tests', () => {
  it('leaves no cloud assembly behind in the temp folder (an App given no outdir left ~24 MB there per synthesis)', () => {
    expect(existsSync(app.outdir)).toBe(false);
  });
});

describe('storage', () => {
  it('keeps secret ballots in a table of their own with no stream and no point-in-time recovery, so no change feed or restore dates a ballot', () => {
    const withoutStream = resources('AWS::DynamoDB::Table').filter(([, r]) => !(r.Properties as Record<string, unknown>).StreamSpecification);
    expect(withoutStream).toHaveLength(1);
    expect(withoutStream[0]?.[0]).toMatch(/Ballots/);
    expect((withoutStream[0]![1].Properties as Record<string, unknown>).PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: false });
    // only cast-ballot writes ballots, only close-council-session reads (and then deletes) them
    const policies = resources('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p).includes(withoutStream[0]?.[0] ?? '-'));
    expect(policies.map(([id]) => id.replace(/Fn.*|Role.*/, '')).sort()).toEqual(['ApiCastBallot', 'ApiCloseCouncilSession']);
  });

  it('has one single-table design table with the unit+year, status and open-task indexes and PITR on', () => {
    // Assess
    expect(resources('AWS::DynamoDB::Table')).toHaveLength(2);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: ['GSI1', 'GSI2', 'GSI3'].map((IndexName, i) =>
        Match.objectLike({ IndexName, KeySchema: [{ AttributeName: `GSI${i + 1}PK`, KeyType: 'HASH' }, { AttributeName: `GSI${i + 1}SK`, KeyType: 'RANGE' }] }),
      ),
    });
  });

  it('dev stacks may turn deletion protection off', () => {
    // Act
    const dev = synthStack({ retainData: false }).template;
    // Assess
    dev.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: false });
  });

  it('every bucket blocks public access, encrypts, versions and refuses plain HTTP', () => {
    const buckets = resources('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    }
    const policies = resources('AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(buckets.length);
    for (const [, policy] of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('the documents bucket allows browser POST uploads from the web app only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: Match.arrayWith(['POST']), AllowedOrigins: ['http://localhost:3000'] })] },
    });
  });
});

describe('functions', () => {
  const functions = resources('AWS::Lambda::Function').filter(([, f]) => f.Metadata?.['award:handlerEntry']);

  it('one function per concern, on Node.js 22, arm64, with X-Ray', () => {
    const entries = functions.map(([, f]) => f.Metadata['award:handlerEntry']);
    for (const name of ['create-dossier', 'presign-upload', 'verify-document', 'submit-dossier', 'check-completeness', 'register-task', 'complete-task', 'record-decision', 'notify', 'aggregate-year-end', 'render-year-end', 'sweep-deadlines']) {
      expect(entries).toContain(`functions/${name}/handler.ts`);
    }
    for (const [, f] of functions) {
      expect(f.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
      expect(f.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(f.Properties.Timeout).toBeLessThanOrEqual(900);
    }
  });

  it('every function gets Powertools from the layer of the pinned version, read from AWS\'s public SSM parameter', () => {
    const pinned = (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies['@aws-lambda-powertools/logger'];
    const parameters = Object.entries(template.toJSON().Parameters as Record<string, { Type: string; Default: string }>).filter(([, p]) => p.Default.includes('powertools'));
    expect(parameters.map(([, p]) => p)).toEqual([{ Type: 'AWS::SSM::Parameter::Value<String>', Default: `/aws/service/powertools/typescript/generic/all/${pinned}` }]);
    for (const [, f] of functions) expect(f.Properties.Layers).toEqual([{ Ref: parameters[0]?.[0] }]);
  });

  it('each function has its own role', () => {
    const roleRefs = functions.map(([, f]) => JSON.stringify(f.Properties.Role));
    expect(new Set(roleRefs).size).toBe(functions.length);
  });

  it('no policy grants * actions or * resources except where AWS offers no narrower scope', () => {
    const offenders: string[] = [];
    for (const [id, policy] of resources('AWS::IAM::Policy')) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        const targets = [statement.Resource].flat();
        if (actions.some((a: string) => a === '*' || a.endsWith(':*'))) offenders.push(`${id}: action ${actions.join(',')}`);
        if (targets.includes('*') && !actions.every((a: string) => wildcardAllowances.some((w) => w.action === a))) {
          offenders.push(`${id}: resource * for ${actions.join(',')}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('state machine', () => {
  const definition = stateMachineDefinition(template);
  const states = Object.entries(definition.States);
  const tasks = states.filter(([, s]) => s.Type === 'Task');

  it('is a Standard machine with tracing and logging without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ IncludeExecutionData: false, Level: 'ALL' }),
    });
  });

  it('is valid Amazon States Language', () => {
    const { isValid, errorsText } = aslValidator(definition as never);
    expect(isValid, errorsText?.()).toBe(true);
  });

  it('every Task has a Retry and a Catch, except ReportFailure, which ends a failed execution at a Task so a redrive resumes it', () => {
    const missing = tasks.filter(([, s]) => !Array.isArray(s.Retry) || !Array.isArray(s.Catch)).map(([n]) => n);
    expect(missing).toEqual(['ReportFailure']);
    const byName = definition.States as Record<string, { Type: string; Next?: string; Catch?: { Next: string }[]; Choices?: { StringEquals?: string; Next: string }[]; Default?: string }>;
    expect(byName['ReportFailure']?.Next).toBe('ResumeFailedStep');
    // Each guarded Task's catch-all notes its own name, and the resume Choice leads back to that Task.
    const guarded = tasks.map(([n]) => n).filter((n) => n !== 'ReportFailure');
    for (const name of guarded) {
      expect(byName[name]?.Catch?.at(-1)?.Next, name).toBe(`${name}Failed`);
      expect(byName[`${name}Failed`]?.Next, name).toBe('ReportFailure');
    }
    const resume = byName['ResumeFailedStep'];
    expect(resume?.Choices?.map((c) => [c.StringEquals, c.Next]).sort()).toEqual(guarded.map((n) => [n, n]).sort());
    expect(resume?.Default).toBe('Failed');
  });

  it('every human wait uses waitForTaskToken with a TimeoutSeconds ceiling and no heartbeat', () => {
    const waits = tasks.filter(([, s]) => String(s.Resource).endsWith('.waitForTaskToken'));
    expect(waits.map(([n]) => n).sort()).toEqual(['AwaitAppraisal', 'AwaitChairDecision', 'AwaitCouncil', 'AwaitSupplement']);
    for (const [, s] of waits) {
      expect(s.TimeoutSeconds).toBeGreaterThan(0);
      expect(s.HeartbeatSeconds).toBeUndefined();
    }
  });

  it('uses JSONPath and Lambda tasks only, so the local interpreter runs the same definition', () => {
    expect((definition as { QueryLanguage?: string }).QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    for (const [, s] of tasks) expect(String(s.Resource)).toMatch(/^arn:aws:(lambda:|states:::lambda:invoke)/);
  });

  it('ends in Awarded, NotApproved, Returned, Withdrawn or ForwardedUpward (or Failed on a system error)', () => {
    const terminals = states.filter(([, s]) => s.Type === 'Succeed' || s.Type === 'Fail' || s.End === true).map(([n]) => n).sort();
    expect(terminals).toEqual(['Awarded', 'Failed', 'ForwardedUpward', 'NotApproved', 'Returned', 'Withdrawn']);
  });

  it('forwards a form decided upward after the chair: the proposal is rendered, and the execution ends there', () => {
    const choice = definition.States.ChairOutcome as { Choices: { Variable: string; StringEquals: string; Next: string }[] };
    expect(choice.Choices).toContainEqual(expect.objectContaining({ Variable: '$.chairDecision.outcome', StringEquals: 'forward', Next: 'RenderProposalDocuments' }));
    expect((definition.States.RenderProposalDocuments as { Next: string }).Next).toBe('ForwardedUpward');
  });

  it('skips the council vote by a Choice on the award form', () => {
    const choice = definition.States.NeedsCouncilVote as { Choices: { Variable: string; Next: string }[]; Default: string };
    expect(choice.Choices[0]).toMatchObject({ Variable: '$.needsCouncilVote', Next: 'AwaitCouncil' });
    expect(choice.Default).toBe('AwaitChairDecision');
  });
});

describe('api', () => {
  const routes = resources('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);

  it('has exactly the routes of infra/routes.ts', () => {
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(apiRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('puts the Cognito JWT authorizer on every route except the public ones', () => {
    for (const route of routes) {
      const spec = apiRoutes.find((r) => `${r.method} ${r.path}` === route.RouteKey);
      const isPublic = spec && 'public' in spec && spec.public === true;
      expect(route.AuthorizationType, route.RouteKey).toBe(isPublic ? 'NONE' : 'JWT');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
  });

  it('has a Cognito group per role', () => {
    const groups = resources('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName).sort();
    expect(groups).toEqual([...roles].sort());
  });

  it('lets nobody change their own unit, e-mail or name: the web client writes only harmless preferences', () => {
    // Authorization reads custom:unitId, mail goes to email, the audit trail and minutes print name (issue 22, item 1).
    const [[, client]] = resources('AWS::Cognito::UserPoolClient') as [[string, { Properties: { WriteAttributes?: string[]; ReadAttributes?: string[] } }]];
    const write = client.Properties.WriteAttributes;
    // Unset or empty means "every mutable attribute" to Cognito's users: it must be a non-empty list.
    expect(write?.length).toBeGreaterThan(0);
    for (const attribute of ['custom:unitId', 'email', 'name', 'email_verified', 'phone_number', 'preferred_username']) expect(write).not.toContain(attribute);
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:unitId', 'email', 'name']));
    // The local user pool applies the same rule, read from this template.
    const policy = userPoolPolicyFromTemplate(template.toJSON() as never, 'client');
    expect(['custom:unitId', 'email', 'name', 'sub'].filter((a) => userMayWrite(policy, a))).toEqual([]);
    expect(write!.every((a) => userMayWrite(policy, a))).toBe(true);
  });

  it('logs access and throttles the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });
});

describe('email and schedules', () => {
  it('has an SESv2 identity bound to a configuration set', () => {
    template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { ConfigurationSetAttributes: Match.objectLike({}) });
  });

  it('sends notification records that still fail after the retries to an encrypted queue, not into nowhere', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      MaximumRetryAttempts: 5,
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('document objects: uploads may write only incoming/*, verification reads incoming/* and writes only verified/*, downloads read only verified/*', () => {
    const fnOf = (name: string) => resources('AWS::Lambda::Function').find(([, f]) => f.Metadata?.['award:handlerEntry'] === `functions/${name}/handler.ts`)!;
    /** Each S3 object action of a function, with the key patterns (after the bucket ARN) it is granted on. */
    const s3Grants = (name: string) => {
      const role = fnOf(name)[1].Properties.Role['Fn::GetAtt'][0];
      const grants: Record<'read' | 'write', Set<string>> = { read: new Set(), write: new Set() };
      for (const [, policy] of resources('AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))) {
        for (const statement of policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]) {
          const actions = [statement.Action].flat().filter((a) => a.startsWith('s3:'));
          const patterns = [statement.Resource].flat().map((r) => /"\/([^"]*)"\]\]/.exec(JSON.stringify(r))?.[1]).filter((k): k is string => k !== undefined);
          if (actions.some((a) => a.startsWith('s3:GetObject'))) for (const k of patterns) grants.read.add(k);
          if (actions.some((a) => a.startsWith('s3:PutObject'))) for (const k of patterns) grants.write.add(k);
        }
      }
      return { read: [...grants.read].sort(), write: [...grants.write].sort() };
    };
    expect(s3Grants('presign-upload')).toEqual({ read: [], write: ['incoming/*'] });
    expect(s3Grants('verify-document')).toEqual({ read: ['incoming/*'], write: ['verified/*'] });
    expect(s3Grants('download-document')).toEqual({ read: ['verified/*'], write: [] });
  });

  it('the year-end jobs build the figures; only the renderer, which they alone may invoke, writes the report files', () => {
    const fnOf = (name: string) => resources('AWS::Lambda::Function').find(([, f]) => f.Metadata?.['award:handlerEntry'] === `functions/${name}/handler.ts`)!;
    const fnId = (name: string) => fnOf(name)[0];
    const statementsOf = (name: string) => {
      const role = fnOf(name)[1].Properties.Role['Fn::GetAtt'][0];
      return resources('AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    };
    const actions = (name: string) => statementsOf(name).flatMap((s) => [s.Action].flat());
    const renderer = fnId('render-year-end');
    for (const job of ['aggregate-year-end', 'run-year-end']) {
      expect(actions(job).filter((a) => a.startsWith('s3:'))).toEqual([]);
      const invokes = statementsOf(job).filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
      expect(JSON.stringify(invokes.map((s) => s.Resource))).toContain(renderer);
      for (const s of invokes) for (const r of [s.Resource].flat()) expect(JSON.stringify(r)).toContain(renderer);
      expect(fnOf(job)[1].Properties.Environment.Variables.RENDER_REPORT_FUNCTION).toEqual({ Ref: renderer });
    }
    expect(actions('render-year-end')).toContain('s3:PutObject');
    expect(actions('render-year-end').some((a) => a.startsWith('dynamodb:') || a.startsWith('lambda:'))).toBe(false);
  });

  it('runs the year-end aggregation by cron in Asia/Ho_Chi_Minh', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 20 12 ? *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged findings; every acknowledgement carries a written reason', () => {
    // Prepare
    const { stack } = synthStack();
    // Act
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}: ${v.description.split('\n')[0]}`),
    );
    // Assess
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});
