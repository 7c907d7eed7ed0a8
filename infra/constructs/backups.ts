import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';
import type { Storage } from './storage.ts';

export interface BackupsProps {
  readonly storage: Storage;
  /** Days each daily recovery point is kept. */
  readonly retentionDays: number;
  readonly retainData: boolean;
}

/**
 * AWS Backup, daily, of the records table and the documents and reports buckets: a copy that a bad deploy, a
 * wrong script or a deleted stack cannot take with it (point-in-time recovery and versioning live inside the
 * resources they protect). Secret ballots are left out on purpose (storage.ts: no restorable history of them).
 */
export class Backups extends Construct {
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupsProps) {
    super(scope, id);
    const vault = new BackupVault(this, 'Vault', { removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY });
    this.plan = new BackupPlan(this, 'Plan', { backupVault: vault });
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'Daily',
        // 02:00 in Vietnam: no one is filing or voting.
        scheduleExpression: Schedule.cron({ minute: '0', hour: '2' }),
        scheduleExpressionTimezone: TimeZone.ASIA_HO_CHI_MINH,
        deleteAfter: Duration.days(props.retentionDays),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
      }),
    );
    // S3 backups need AWS Backup's S3 policies besides the default one (CDK adds only the latter).
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('backup.amazonaws.com'), description: 'AWS Backup: the award records table and buckets' });
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores', 'AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore']) {
      const path = policy.includes('S3') ? policy : `service-role/${policy}`;
      role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName(path));
      acknowledge(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${path}]`, "AWS Backup's own service policies: the backup role needs exactly these to back up and restore DynamoDB and S3");
    }
    this.plan.addSelection('Data', {
      role,
      disableDefaultBackupPolicy: true,
      resources: [
        BackupResource.fromDynamoDbTable(props.storage.table),
        BackupResource.fromArn(props.storage.documents.bucketArn),
        BackupResource.fromArn(props.storage.reports.bucketArn),
      ],
    });
  }
}
