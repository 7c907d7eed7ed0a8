/**
 * IAM actions that AWS does not scope to a resource, so `Resource: "*"` is the only possible grant.
 * Each entry says why; the stack test fails on any other wildcard.
 */
export const wildcardAllowances = [
  { action: 'xray:PutTraceSegments', reason: 'X-Ray trace submission has no resource-level permissions' },
  { action: 'xray:PutTelemetryRecords', reason: 'X-Ray telemetry has no resource-level permissions' },
  { action: 'xray:GetSamplingRules', reason: 'X-Ray sampling rules have no resource-level permissions' },
  { action: 'xray:GetSamplingTargets', reason: 'X-Ray sampling targets have no resource-level permissions' },
  { action: 'logs:CreateLogDelivery', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'logs:GetLogDelivery', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'logs:UpdateLogDelivery', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'logs:DeleteLogDelivery', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'logs:ListLogDeliveries', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'logs:PutResourcePolicy', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'logs:DescribeResourcePolicies', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'logs:DescribeLogGroups', reason: 'Step Functions log delivery APIs do not support resource-level permissions' },
  { action: 'dynamodb:ListStreams', reason: 'ListStreams has no resource-level permissions; the event source mapping of notify needs it' },
  { action: 'cloudfront:CreateInvalidation', reason: "CDK's BucketDeployment (web app upload) grants invalidation on *; it invalidates only the site's distribution after each deploy" },
  { action: 'cloudfront:GetInvalidation', reason: "CDK's BucketDeployment polls the invalidation it created; granted on * by CDK" },
] as const;
