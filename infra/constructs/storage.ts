import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export interface StorageProps {
  /** Origins allowed to POST uploads straight to the documents bucket (the web app). */
  readonly uploadOrigins: string[];
  /** Production stacks keep data when the stack is deleted and refuse table deletion. */
  readonly retainData: boolean;
  /** Days an overwritten or deleted object's old version is kept (versioning is on for every bucket). */
  readonly noncurrentVersionDays: number;
}

/**
 * Index names are part of the data contract shared with the repository adapters. Council sessions use their
 * own key space on GSI1 (all sessions) and GSI2 (sessions by state): see council-repository.ts.
 */
export const tableIndexes = {
  byUnitYear: 'GSI1',
  byStatus: 'GSI2',
  openTasksByAssignee: 'GSI3',
} as const;

/**
 * Single DynamoDB table (docs/architecture.md §3) and the S3 buckets. The table streams new images so the notify
 * function sends each transition's email after the transition has committed.
 */
export class Storage extends Construct {
  readonly table: Table;
  /**
   * Secret ballots live apart from everything else, and leave no history: no stream (a stream would show each
   * ballot next to its participation record, in the same transaction, and so re-link choice and member) and no
   * point-in-time recovery (restoring the table second by second would show which ballot arrived when, and the
   * records table says who voted when). Ballots matter only until the tally, which the close writes to the
   * records table before deleting them.
   */
  readonly ballots: Table;
  readonly documents: Bucket;
  readonly reports: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // Both tables: PK/SK keys, on demand, point-in-time recovery, encrypted, protected when data is retained.
    const tableBasics = {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: props.retainData,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy,
    };
    this.table = new Table(this, 'Records', { ...tableBasics, stream: StreamViewType.NEW_AND_OLD_IMAGES, timeToLiveAttribute: 'expiresAt' });
    this.ballots = new Table(this, 'Ballots', { ...tableBasics, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } });
    acknowledge(this.ballots, 'AwsSolutions-DDB3', 'Secret ballots: a restorable history of the table would date each ballot and so re-link it to its voter; ballots live only until the tally, whose result is in the records table (PITR on)');
    for (const [n, name] of Object.values(tableIndexes).entries()) {
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: `GSI${n + 1}PK`, type: AttributeType.STRING },
        sortKey: { name: `GSI${n + 1}SK`, type: AttributeType.STRING },
      });
    }

    // Versioning keeps every overwritten or deleted object; old versions go after a set time, not never.
    const noncurrentVersions = { id: 'NoncurrentVersions', noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays) };
    const bucketDefaults = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      removalPolicy,
      autoDeleteObjects: false,
    } as const;
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...bucketDefaults,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }, noncurrentVersions],
    });
    this.documents = new Bucket(this, 'Documents', {
      ...bucketDefaults,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      cors: [
        {
          allowedMethods: [HttpMethods.POST, HttpMethods.GET],
          allowedOrigins: props.uploadOrigins,
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      // Unverified uploads that never get confirmed are not kept forever.
      // Import files are kept 90 days with their import record (who imported what), then dropped.
      lifecycleRules: [{ prefix: 'incoming/', noncurrentVersionExpiration: Duration.days(90) }, { prefix: 'imports/', expiration: Duration.days(90) }, noncurrentVersions],
    });
    this.reports = new Bucket(this, 'Reports', {
      ...bucketDefaults,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'reports/',
      lifecycleRules: [noncurrentVersions],
    });
  }
}
