import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, CfnUserPoolGroup, ClientAttributes, Mfa, OAuthScope, StringAttribute, UserPool, type UserPoolClient, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { roles } from '#domain/roles';
import { acknowledge } from './nag.ts';
import { type ApiHandlerName, apiRoutes } from '#schemas/routes';
import { HandlerFunction } from './handler-function.ts';
import type { ReportRenderer } from './report-renderer.ts';
import type { Storage } from './storage.ts';

export interface ApiProps {
  readonly storage: Storage;
  readonly stateMachine: StateMachine;
  /** The on-demand year-end run has the report's files written by the renderer. */
  readonly reports: ReportRenderer;
  /** Where the web app is served; Cognito callbacks go there. */
  readonly appUrls: string[];
  /** Prefix of the Cognito hosted sign-in domain (<prefix>.auth.<region>.amazoncognito.com); globally unique. */
  readonly signInDomainPrefix: string;
  /** Stage throttling: steady requests per second and burst, for every route (WAF cannot attach to an HTTP API). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

/** What a binder may grant on: the stack's parts, and the user pool this construct makes. */
type BindContext = ApiProps & { readonly userPool: UserPool };
type Binder = (fn: HandlerFunction, ctx: BindContext) => void;
const readTable: Binder = (f, { storage }) => void f.bindTable(storage.table, 'RO');
const writeTable: Binder = (f, { storage }) => void f.bindTable(storage.table, 'RW');

/**
 * Actions on the dossiers' executions (named after each dossier, so granted on the state machine's execution
 * ARNs, `execution:<machine>:*`, never on other machines' executions).
 */
function executionAccess(...actions: string[]): Binder {
  return (f, { stateMachine }) => {
    f.fn.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    stateMachine.grantExecution(f.fn, ...actions);
    const stack = Stack.of(stateMachine);
    const machine = stack.getLogicalId(stateMachine.node.defaultChild as CfnElement);
    const executions = `arn:<AWS::Partition>:states:${stack.region}:${stack.account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machine}"}]}]}:*`;
    acknowledge(f, `AwsSolutions-IAM5[Resource::${executions}]`, "Executions are named after each dossier: the grant covers this state machine's executions only");
  };
}

/** What each API function may touch: nothing more is granted. */
const bindings: Record<ApiHandlerName, Binder[]> = {
  health: [],
  'public-awards': [readTable],
  inbox: [readTable],
  'create-dossier': [writeTable],
  'list-dossiers': [readTable],
  'get-dossier': [readTable],
  // The presigned POST is signed with this function's role, so it needs PutObject (under incoming/ only).
  'presign-upload': [writeTable, (f, { storage }) => {
    f.fn.addEnvironment('DOCUMENTS_BUCKET', storage.documents.bucketName);
    storage.documents.grantPut(f.fn, 'incoming/*');
    f.acknowledgeBucketGrant(storage.documents, 'incoming/*');
  }],
  // Reads the upload, writes the checked bytes under verified/, which no upload role or policy can reach.
  'verify-document': [writeTable, (f, { storage }) => {
    f.fn.addEnvironment('DOCUMENTS_BUCKET', storage.documents.bucketName);
    storage.documents.grantRead(f.fn, 'incoming/*');
    f.acknowledgeBucketGrant(storage.documents, 'incoming/*');
    storage.documents.grantPut(f.fn, 'verified/*');
    f.acknowledgeBucketGrant(storage.documents, 'verified/*');
  }],
  // Serves only verified copies: never an upload that a presigned POST may still replace.
  'download-document': [readTable, (f, { storage }) => {
    f.fn.addEnvironment('DOCUMENTS_BUCKET', storage.documents.bucketName);
    storage.documents.grantRead(f.fn, 'verified/*');
    f.acknowledgeBucketGrant(storage.documents, 'verified/*');
  }],
  // The files generated from the chair's approval, and nothing else of the bucket.
  'download-decision-document': [readTable, (f, { storage }) => {
    f.fn.addEnvironment('DOCUMENTS_BUCKET', storage.documents.bucketName);
    storage.documents.grantRead(f.fn, 'decisions/*');
    f.acknowledgeBucketGrant(storage.documents, 'decisions/*');
  }],
  'submit-dossier': [writeTable, (f, { stateMachine }) => {
    f.fn.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    stateMachine.grantStartExecution(f.fn);
  }],
  'return-dossier': [writeTable, (f, { stateMachine }) => void stateMachine.grantTaskResponse(f.fn)],
  'withdraw-dossier': [writeTable, (f, { stateMachine }) => void stateMachine.grantTaskResponse(f.fn)],
  'complete-task': [writeTable, (f, { stateMachine }) => void stateMachine.grantTaskResponse(f.fn)],
  // Revocation touches only the table: the dossier, its register rows and the counters, in one transaction.
  'revoke-award': [writeTable],
  'list-council-sessions': [readTable],
  'open-council-session': [writeTable],
  'get-council-session': [readTable],
  'cast-ballot': [writeTable, (f, { storage }) => {
    f.fn.addEnvironment('BALLOTS_TABLE_NAME', storage.ballots.tableName);
    storage.ballots.grantWriteData(f.fn);
  }],
  'close-council-session': [writeTable, (f, { stateMachine, storage }) => {
    stateMachine.grantTaskResponse(f.fn);
    f.fn.addEnvironment('BALLOTS_TABLE_NAME', storage.ballots.tableName);
    storage.ballots.grantReadWriteData(f.fn); // reads to tally, deletes once tallied
    f.bindBucket('REPORTS_BUCKET', storage.reports, 'RW');
  }],
  // Reads a closed session's minutes only: the page, the DOCX and the PDF under minutes/.
  'download-minutes': [readTable, (f, { storage }) => void f.bindBucket('REPORTS_BUCKET', storage.reports, 'R')],
  'declare-recusal': [writeTable],
  'verify-audit': [readTable],
  // Compares each dossier with its execution: DescribeExecution and the newest history events.
  'check-integrity': [readTable, executionAccess('states:DescribeExecution', 'states:GetExecutionHistory')],
  'redrive-workflow': [writeTable, executionAccess('states:DescribeExecution', 'states:GetExecutionHistory', 'states:RedriveExecution')],
  // One function per cluster route, each with its own grant: the list only reads.
  'list-clusters': [readTable],
  'put-cluster': [writeTable],
  'sign-pledge': [writeTable],
  'rank-cluster': [writeTable],
  // The administrator's directory of people: exactly the user-pool operations it calls, on this pool only.
  people: [writeTable, (f, { userPool }) => {
    f.fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    userPool.grant(
      f.fn,
      'cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup',
    );
  }],
  units: [writeTable],
  'directory-changes': [readTable],
  regulations: [writeTable],
  // The council's rosters: each seat's person is read from the pool (account, groups), nothing else of it.
  'council-rosters': [writeTable, (f, { userPool }) => {
    f.fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    userPool.grant(f.fn, 'cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser');
  }],
  // Bulk import: signs the upload form under imports/ (PutObject there only), reads it back, and writes units and
  // accounts through the same adapters as the units and people functions, so with their grants.
  'directory-import': [writeTable, (f, { storage, userPool }) => {
    f.fn.addEnvironment('DOCUMENTS_BUCKET', storage.documents.bucketName);
    storage.documents.grantPut(f.fn, 'imports/*');
    storage.documents.grantRead(f.fn, 'imports/*');
    f.acknowledgeBucketGrant(storage.documents, 'imports/*');
    f.fn.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    userPool.grant(
      f.fn,
      'cognito-idp:AdminCreateUser', 'cognito-idp:AdminDeleteUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminRemoveUserFromGroup', 'cognito-idp:AdminListGroupsForUser', 'cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup',
    );
  }],
  'year-end-report': [readTable, (f, { storage }) => void f.bindBucket('REPORTS_BUCKET', storage.reports, 'R')],
  'run-year-end': [writeTable, (f, { reports }) => reports.allowRendering(f)],
  'award-history': [writeTable],
  upward: [writeTable],
};

/**
 * Functions that need more than the defaults. The import reads a file of up to 20 MB (100,000 rows) and works
 * 20 s per call: 29 s is the most an HTTP API integration waits, and memory buys CPU for the parse.
 */
const sizing: Partial<Record<ApiHandlerName, { memorySize: number; timeout: Duration }>> = {
  'directory-import': { memorySize: 1024, timeout: Duration.seconds(29) },
};

/** HTTP API (API Gateway v2) with a Cognito JWT authorizer on every non-public route. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly signInDomain: UserPoolDomain;
  readonly functions: Map<ApiHandlerName, HandlerFunction> = new Map();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      // Civil servants sign decisions and ballots: a second factor (authenticator app) is required.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      customAttributes: { unitId: new StringAttribute({ mutable: true, maxLen: 64 }) },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.userPool, 'AwsSolutions-COG8', 'Threat protection needs the Cognito Plus plan; a provincial deployment turns it on by choice (cost), MFA is already required');
    for (const role of roles) {
      new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    }
    // The web app signs in through the hosted UI (authorization code + PKCE, no client secret in a browser).
    this.signInDomain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: props.signInDomainPrefix } });
    this.userPoolClient = this.userPool.addClient('WebApp', {
      authFlows: { userSrp: true },
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.appUrls.map((u) => `${u.replace(/\/$/, '')}/`),
        logoutUrls: props.appUrls.map((u) => `${u.replace(/\/$/, '')}/`),
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
      // A signed-in person holds tokens that can call UpdateUserAttributes; by default every mutable attribute
      // is writable that way. Unit (authorization), e-mail (official mail) and name (audit trail, minutes) are the
      // directory's to set (admin API), so the client may write only display preferences. The list is never empty:
      // an empty one reads as "unset".
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true, timezone: true })
        .withCustomAttributes('unitId'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true, timezone: true }),
    });
    const authorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.userPoolClient.userPoolClientId] },
    );

    this.httpApi = new HttpApi(this, 'Http', {
      description: 'Award dossier workflow API',
      createDefaultStage: true,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });
    const stage = this.httpApi.defaultStage?.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId', ip: '$context.identity.sourceIp', routeKey: '$context.routeKey',
        status: '$context.status', latency: '$context.responseLatency', sub: '$context.authorizer.claims.sub',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: props.throttle.burstLimit, throttlingRateLimit: props.throttle.rateLimit };

    // One integration, and one invoke permission for this API, per function rather than per route: a function
    // serving several routes would otherwise add two resources to the stack for each (CloudFormation allows 500).
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of apiRoutes) {
      const fn = this.functionFor(route.handler, props);
      const isPublic = 'public' in route && route.public;
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.handler}`.replace(/[^A-Za-z0-9]/g, ''), fn.fn, { scopePermissionToRoute: false });
        integrations.set(route.handler, integration);
      }
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(isPublic ? {} : { authorizer }),
      });
      if (isPublic) {
        for (const r of added) acknowledge(r, 'AwsSolutions-APIG4', `Public by design (${route.summary}): health, the API description and published awards need no sign-in`);
      }
    }
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
  }

  private functionFor(name: ApiHandlerName, props: ApiProps): HandlerFunction {
    const existing = this.functions.get(name);
    if (existing) return existing;
    const pascal = name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
    const fn = new HandlerFunction(this, pascal, { name, description: `API: ${name}`, ...sizing[name] });
    for (const bind of bindings[name]) bind(fn, { ...props, userPool: this.userPool });
    this.functions.set(name, fn);
    return fn;
  }
}
