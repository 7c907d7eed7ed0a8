import { describe, expect, it } from 'vitest';
import { emptyUsage, priceUsage, type Prices } from '../../bench/cost-model.ts';

const prices: Prices = {
  lambda: { perMillionRequests: 0.2, perGbSecondArm64: 0.00001 },
  stepFunctions: { perThousandStateTransitions: 0.025 },
  dynamodb: { perMillionWriteRequestUnits: 1, perMillionReadRequestUnits: 0.2, perGbMonth: 0.25 },
  s3: { perThousandPutCopyPostList: 0.005, perThousandGetAndOther: 0.0004, perGbMonthStandard: 0.025 },
  ses: { perThousandEmails: 0.1 },
  apiGateway: { perMillionHttpApiRequests: 1 },
};

describe('the cost model', () => {
  it('prices each service from measured usage and keeps storage apart', () => {
    const cost = priceUsage({ ...emptyUsage(), lambdaInvocations: 1_000_000, lambdaGbSeconds: 100, stateTransitions: 2000, dynamoWriteUnits: 500_000, dynamoReadUnits: 1_000_000, s3Tier1Requests: 1000, s3Tier2Requests: 10_000, s3BytesStored: 2 * 1024 ** 3, emails: 3000, apiRequests: 2_000_000 }, prices);
    expect(cost.byService.lambda).toBeCloseTo(0.2 + 0.001, 10);
    expect(cost.byService.stepFunctions).toBeCloseTo(0.05, 10);
    expect(cost.byService.dynamodb).toBeCloseTo(0.5 + 0.2, 10);
    expect(cost.byService.s3Requests).toBeCloseTo(0.005 + 0.004, 10);
    expect(cost.byService.ses).toBeCloseTo(0.3, 10);
    expect(cost.byService.apiGateway).toBeCloseTo(2, 10);
    expect(cost.perDossier).toBeCloseTo(0.201 + 0.05 + 0.7 + 0.009 + 0.3 + 2, 10);
    expect(cost.per10000).toBeCloseTo(cost.perDossier * 10_000, 6);
    expect(cost.storagePerMonth).toBeCloseTo(0.05, 10);
  });
  it('costs nothing for no usage', () => {
    expect(priceUsage(emptyUsage(), prices).perDossier).toBe(0);
  });
});
