import { randomUUID } from 'node:crypto';
import type { CfnTemplate } from './template.ts';
import { resolve, resourcesOfType } from './template.ts';

export interface StreamMapping {
  readonly functionArn: string;
  readonly tableLogicalId: string;
  readonly batchSize: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly filters: unknown[];
  readonly reportBatchItemFailures: boolean;
}

/** DynamoDB stream → Lambda mappings of the template (AWS::Lambda::EventSourceMapping). */
export function streamMappingsFromTemplate(template: CfnTemplate): StreamMapping[] {
  return resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').flatMap(([, r]) => {
    const raw = r.Properties as { EventSourceArn: { 'Fn::GetAtt': [string, string] }; FunctionName: unknown };
    const tableLogicalId = raw.EventSourceArn?.['Fn::GetAtt']?.[0];
    if (!tableLogicalId || template.Resources[tableLogicalId]?.Type !== 'AWS::DynamoDB::Table') return [];
    const props = resolve(template, r.Properties) as {
      FunctionName: string;
      BatchSize?: number;
      StartingPosition?: 'TRIM_HORIZON' | 'LATEST';
      FilterCriteria?: { Filters?: { Pattern: string }[] };
      FunctionResponseTypes?: string[];
    };
    return [
      {
        functionArn: props.FunctionName,
        tableLogicalId,
        batchSize: props.BatchSize ?? 100,
        startingPosition: props.StartingPosition ?? 'TRIM_HORIZON',
        filters: (props.FilterCriteria?.Filters ?? []).map((f) => JSON.parse(f.Pattern) as unknown),
        reportBatchItemFailures: (props.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
      },
    ];
  });
}

/**
 * The subset of EventBridge pattern matching Lambda filter criteria use: arrays of allowed values and
 * {prefix} rules, nested objects. A record passes if any filter matches (no filters = all pass).
 */
export function matchesFilters(record: unknown, filters: readonly unknown[]): boolean {
  return filters.length === 0 || filters.some((f) => matchesPattern(record, f));
}

function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) => {
      if (rule !== null && typeof rule === 'object' && 'prefix' in rule) return typeof value === 'string' && value.startsWith(String((rule as { prefix: string }).prefix));
      return value === rule;
    });
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([k, p]) => matchesPattern((value as Record<string, unknown>)[k], p));
  }
  return value === pattern;
}

export interface TopicSubscription {
  /** The topic's logical id (its local name). */
  readonly topic: string;
  readonly functionArn: string;
}

/**
 * SNS → Lambda subscriptions of the template (AWS::SNS::Subscription, protocol lambda). E-mail subscriptions
 * (the alarm topic's) have no local stand-in and are left out.
 */
export function topicSubscriptionsFromTemplate(template: CfnTemplate): TopicSubscription[] {
  return resourcesOfType(template, 'AWS::SNS::Subscription').flatMap(([, r]) => {
    const raw = r.Properties as { Protocol?: string; TopicArn?: { Ref?: string } };
    if (raw.Protocol !== 'lambda' || !raw.TopicArn?.Ref) return [];
    const props = resolve(template, r.Properties) as { Endpoint: string };
    return [{ topic: raw.TopicArn.Ref, functionArn: props.Endpoint }];
  });
}

/** The event Lambda receives from SNS for one published message. */
export function snsEvent(topicArn: string, message: string, subject?: string): unknown {
  const now = new Date().toISOString();
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:local`,
        Sns: { Type: 'Notification', MessageId: randomUUID(), TopicArn: topicArn, Subject: subject ?? null, Message: message, Timestamp: now, MessageAttributes: {} },
      },
    ],
  };
}
