/**
 * The cost of measured usage at list prices: pure arithmetic, unit-tested. Usage comes from the instrumented
 * local runtime (bench/cost.ts); prices from bench/prices-ap-southeast-1.json.
 */
export interface Usage {
  lambdaInvocations: number;
  /** Σ duration (s) × configured memory (GB), each invocation rounded up to 1 ms as Lambda bills. */
  lambdaGbSeconds: number;
  stateTransitions: number;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  s3Tier1Requests: number;
  s3Tier2Requests: number;
  /** Bytes written to S3 (documents and reports), for the storage line. */
  s3BytesStored: number;
  emails: number;
  apiRequests: number;
}

export interface Prices {
  lambda: { perMillionRequests: number; perGbSecondArm64: number };
  stepFunctions: { perThousandStateTransitions: number };
  dynamodb: { perMillionWriteRequestUnits: number; perMillionReadRequestUnits: number; perGbMonth: number };
  s3: { perThousandPutCopyPostList: number; perThousandGetAndOther: number; perGbMonthStandard: number };
  ses: { perThousandEmails: number };
  apiGateway: { perMillionHttpApiRequests: number };
}

export function emptyUsage(): Usage {
  return { lambdaInvocations: 0, lambdaGbSeconds: 0, stateTransitions: 0, dynamoWriteUnits: 0, dynamoReadUnits: 0, s3Tier1Requests: 0, s3Tier2Requests: 0, s3BytesStored: 0, emails: 0, apiRequests: 0 };
}

/** Dollars per service for the usage; document storage is per month and kept apart from the per-dossier cost. */
export function priceUsage(u: Usage, p: Prices) {
  const byService = {
    lambda: (u.lambdaInvocations / 1e6) * p.lambda.perMillionRequests + u.lambdaGbSeconds * p.lambda.perGbSecondArm64,
    stepFunctions: (u.stateTransitions / 1000) * p.stepFunctions.perThousandStateTransitions,
    dynamodb: (u.dynamoWriteUnits / 1e6) * p.dynamodb.perMillionWriteRequestUnits + (u.dynamoReadUnits / 1e6) * p.dynamodb.perMillionReadRequestUnits,
    s3Requests: (u.s3Tier1Requests / 1000) * p.s3.perThousandPutCopyPostList + (u.s3Tier2Requests / 1000) * p.s3.perThousandGetAndOther,
    ses: (u.emails / 1000) * p.ses.perThousandEmails,
    apiGateway: (u.apiRequests / 1e6) * p.apiGateway.perMillionHttpApiRequests,
  };
  const perDossier = Object.values(byService).reduce((s, v) => s + v, 0);
  const storagePerMonth = (u.s3BytesStored / 1024 ** 3) * p.s3.perGbMonthStandard;
  return { byService, perDossier, per10000: perDossier * 10_000, storagePerMonth, storagePerYearOf10000: storagePerMonth * 12 * 10_000 };
}
