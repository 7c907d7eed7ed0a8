import type { CfnTemplate } from './template.ts';
import { resolve, resourcesOfType } from './template.ts';

export interface LocalSchedule {
  readonly name: string;
  readonly expression: string;
  readonly timezone: string;
  readonly functionArn: string;
  readonly input?: string;
  readonly description?: string;
}

/** EventBridge Scheduler schedules of the template, keyed by their logical id. */
export function schedulesFromTemplate(template: CfnTemplate): LocalSchedule[] {
  return resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([logicalId, r]) => {
    const props = resolve(template, r.Properties) as {
      ScheduleExpression: string;
      ScheduleExpressionTimezone?: string;
      Target: { Arn: string; Input?: string };
      Description?: string;
    };
    return {
      name: logicalId,
      expression: props.ScheduleExpression,
      timezone: props.ScheduleExpressionTimezone ?? 'UTC',
      functionArn: props.Target.Arn,
      input: props.Target.Input,
      description: props.Description,
    };
  });
}
