import { describe, expect, it } from 'vitest';
import { planChange } from '#domain/dossier-change';
import type { ConflictError } from '#domain/errors';
import { overallOf } from '#domain/nominee-outcomes';
import { decideRevocation, planProposal, revocationGroundCodes, revocationGrounds, revocationSource, type RevocationGround } from '#domain/revocation';
import { buildYearEndReport, closingCounts, countsDelta } from '#domain/year-end';
import type { ActorRef, DossierRecord } from '#schemas/records';

const head: ActorRef = { userId: 'u-head', roles: ['secretariatHead'] };
const chair: ActorRef = { userId: 'u-chair', roles: ['chair'] };
const at = '2026-12-20T03:00:00.000Z';
const person = (name: string, outcome?: 'awarded' | 'notAwarded') => ({ name, recipientType: 'individual', category: 'directWorker', gender: 'female', ...(outcome ? { outcome, outcomeStage: 'decision' as const } : {}) });
const awarded = (nominees: DossierRecord['nominees'] = [person('An', 'awarded'), person('Bình', 'awarded'), person('Cúc', 'notAwarded')]): DossierRecord =>
  ({
    id: 'd-1', unitId: 'so-giao-duc', year: 2057, awardCode: 'bangKhenChuTichTinh', kind: 'regular', title: 'Hồ sơ', status: 'Awarded', nominees,
    version: 7, eventSeq: 7, lastHash: 'h', createdAt: at, updatedAt: at, createdBy: head, decision: { number: '100/QĐ-UBND', date: '2026-12-15' },
  }) as DossierRecord;
const ctx = (over: Partial<{ registered: boolean }> = {}) => ({ id: 'rv-1', by: head, at, registered: true, ...over });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return `${(error as Error).constructor.name} ${(error as ConflictError).code} ${(error as ConflictError).field ?? ''}`.trim();
  }
  return 'no error';
};

describe("the Law's grounds for revoking an award", () => {
  it('are the four of Chapter VII, each named in Vietnamese and English, with their source', () => {
    expect(revocationGroundCodes).toEqual(['falseDeclaration', 'forgedDocuments', 'unlawfulProposal', 'criteriaNotMet']);
    for (const g of revocationGroundCodes) expect(revocationGrounds[g].vi && revocationGrounds[g].en).toBeTruthy();
    expect(revocationSource).toContain('06/2022/QH15');
  });

  it.each(revocationGroundCodes)('a proposal and a revocation on the ground %s carry that ground to the nominee and its count', (ground: RevocationGround) => {
    const proposal = planProposal(awarded(), { scope: 'nominees', nomineeIndexes: [1], ground, reason: 'Phát hiện sau kiểm tra' }, ctx());
    expect(proposal).toMatchObject({ scope: 'nominees', nomineeIndexes: [1], ground, state: 'pending' });
    const d = { ...awarded(), revocations: [proposal] };
    const decided = decideRevocation(d, { proposalId: 'rv-1', decision: 'revoke', decisionNumber: '200/QĐ-UBND', decisionDate: '2026-12-20' }, { by: chair, at })!;
    expect(decided.set.nominees![1]).toMatchObject({ name: 'Bình', outcome: 'revoked', outcomeStage: 'decision', revocation: { ground, decisionNumber: '200/QĐ-UBND' } });
    expect(closingCounts({ ...d, ...decided.set })[`revocations|bangKhenChuTichTinh|${ground}`]).toBe(1);
  });
});

describe('proposing a revocation', () => {
  it('the whole decision names every nominee still awarded, never one the decision refused', () => {
    expect(planProposal(awarded(), { scope: 'decision', ground: 'forgedDocuments', reason: 'x' }, ctx()).nomineeIndexes).toEqual([0, 1]);
  });

  it('a dossier decided before nominees had outcomes is awarded whole', () => {
    const legacy = awarded([person('An'), person('Bình')]);
    expect(planProposal(legacy, { scope: 'decision', ground: 'forgedDocuments', reason: 'x' }, ctx()).nomineeIndexes).toEqual([0, 1]);
  });

  it('is refused with 409 on a dossier not awarded, a nominee not awarded or already revoked, a decision not yet registered, or while another awaits the chair', () => {
    const revokedOne = awarded([person('An', 'awarded'), { ...person('Bình'), outcome: 'revoked' }]);
    const pending = { ...awarded(), revocations: [planProposal(awarded(), { scope: 'decision', ground: 'forgedDocuments', reason: 'x' }, ctx())] };
    const allRevoked = awarded([{ ...person('An'), outcome: 'revoked' }]);
    expect([
      code(() => planProposal({ ...awarded(), status: 'NotApproved' }, { scope: 'decision', ground: 'forgedDocuments', reason: 'x' }, ctx())),
      code(() => planProposal(awarded(), { scope: 'nominees', nomineeIndexes: [2], ground: 'forgedDocuments', reason: 'x' }, ctx())),
      code(() => planProposal(revokedOne, { scope: 'nominees', nomineeIndexes: [1], ground: 'forgedDocuments', reason: 'x' }, ctx())),
      code(() => planProposal(allRevoked, { scope: 'decision', ground: 'forgedDocuments', reason: 'x' }, ctx())),
      code(() => planProposal(awarded(), { scope: 'decision', ground: 'forgedDocuments', reason: 'x' }, ctx({ registered: false }))),
      code(() => planProposal(pending, { scope: 'nominees', nomineeIndexes: [0], ground: 'forgedDocuments', reason: 'x' }, ctx())),
    ]).toEqual([
      'ConflictError NOT_AWARDED dossierId',
      'ConflictError NOMINEE_NOT_AWARDED nomineeIndexes.0',
      'ConflictError ALREADY_REVOKED nomineeIndexes.0',
      'ConflictError ALREADY_REVOKED',
      'ConflictError DECISION_NOT_REGISTERED',
      'ConflictError REVOCATION_PENDING',
    ]);
  });

  it('is refused with 400 naming the field when it names no nominee, one outside the dossier or one twice', () => {
    expect([
      code(() => planProposal(awarded(), { scope: 'nominees', ground: 'forgedDocuments', reason: 'x' }, ctx())),
      code(() => planProposal(awarded(), { scope: 'nominees', nomineeIndexes: [5], ground: 'forgedDocuments', reason: 'x' }, ctx())),
      code(() => planProposal(awarded(), { scope: 'nominees', nomineeIndexes: [0, 0], ground: 'forgedDocuments', reason: 'x' }, ctx())),
    ]).toEqual(['ValidationError VALIDATION nomineeIndexes', 'ValidationError VALIDATION nomineeIndexes.0', 'ValidationError VALIDATION nomineeIndexes.1']);
  });
});

describe("the chair's decision", () => {
  const proposed = (scope: 'nominees' | 'decision' = 'nominees') => {
    const proposal = planProposal(awarded(), { scope, nomineeIndexes: [0], ground: 'criteriaNotMet', reason: 'Không đủ 3 năm CSTĐ cơ sở' }, ctx());
    return { ...awarded(), revocations: [proposal] };
  };
  const revoke = { proposalId: 'rv-1', decision: 'revoke' as const, decisionNumber: '200/QĐ-UBND', decisionDate: '2026-12-20' };

  it('revoking is an audited change of a closed dossier: the status stays Awarded, the chain grows, the counts move by the difference', () => {
    const before = proposed();
    const decided = decideRevocation(before, revoke, { by: chair, at })!;
    const change = planChange(before, { action: decided.action, actor: chair, details: decided.details, set: decided.set }, new Date(at));
    expect(change.after.status).toBe('Awarded');
    expect(change.after.version).toBe(before.version + 1);
    expect(change.auditEvent).toMatchObject({ action: 'revoke', prevHash: 'h', seq: 8, details: { decisionNumber: '200/QĐ-UBND', awardDecisionNumber: '100/QĐ-UBND', ground: 'criteriaNotMet' } });
    expect(change.after.revocations![0]).toMatchObject({ state: 'revoked', decidedBy: chair, decisionNumber: '200/QĐ-UBND' });
    expect(countsDelta(before, change.after)).toEqual({
      'awards|bangKhenChuTichTinh|individual|directWorker': -1,
      'awardsByKind|regular|individual': -1,
      'unitAwards|so-giao-duc': -1,
      'gender|female': -1,
      'nominees|bangKhenChuTichTinh|awarded': -1,
      'nominees|bangKhenChuTichTinh|revoked': 1,
      'revocations|bangKhenChuTichTinh|criteriaNotMet': 1,
    });
    expect(overallOf(change.after)).toBe('partlyAwarded');
  });

  it('revoking the whole decision leaves no award: overall "all revoked", and the report gets a revocation table', () => {
    const before = proposed('decision');
    const after = { ...before, ...decideRevocation(before, revoke, { by: chair, at })!.set };
    expect(after.nominees.map((n) => n.outcome)).toEqual(['revoked', 'revoked', 'notAwarded']);
    expect(overallOf(after)).toBe('allRevoked');
    const counts = closingCounts(after);
    const report = buildYearEndReport({ year: 2057, counters: counts, recount: counts, clusters: [], history: [] });
    expect(report.tables.find((t) => t.id === 'huy-bo-khen-thuong')!.rows.at(-1)).toEqual(['Tổng cộng', 2, 0, 0, 0, 2]);
    // A year without revocations has no such table (earlier reports keep their bytes).
    const plain = closingCounts(awarded());
    expect(buildYearEndReport({ year: 2057, counters: plain, recount: plain, clusters: [], history: [] }).tables.map((t) => t.id)).not.toContain('huy-bo-khen-thuong');
  });

  it('the same answer again by the same chair is a no-op; any other answer to a decided proposal is 409', () => {
    const before = proposed();
    const after = { ...before, ...decideRevocation(before, revoke, { by: chair, at })!.set };
    expect(decideRevocation(after, revoke, { by: chair, at })).toBeNull();
    expect(code(() => decideRevocation(after, { ...revoke, decisionNumber: '201/QĐ-UBND' }, { by: chair, at }))).toBe('ConflictError REVOCATION_DECIDED proposalId');
    expect(code(() => decideRevocation(after, { proposalId: 'rv-1', decision: 'decline', reason: 'x' }, { by: chair, at }))).toBe('ConflictError REVOCATION_DECIDED proposalId');
    expect(code(() => decideRevocation(after, { ...revoke, proposalId: 'rv-9' }, { by: chair, at }))).toBe('NotFoundError NOT_FOUND proposalId');
  });

  it('declining keeps every award and records why', () => {
    const before = proposed();
    const decided = decideRevocation(before, { proposalId: 'rv-1', decision: 'decline', reason: 'Chưa đủ căn cứ' }, { by: chair, at })!;
    expect(decided.action).toBe('revocationDeclined');
    expect(decided.set.nominees).toBeUndefined();
    expect(decided.set.revocations![0]).toMatchObject({ state: 'declined', declineReason: 'Chưa đủ căn cứ' });
    expect(decided.revoked).toEqual([]);
  });

  it('refuses a revocation dated before the award decision', () => {
    expect(code(() => decideRevocation(proposed(), { ...revoke, decisionDate: '2026-12-14' }, { by: chair, at }))).toBe('ValidationError VALIDATION decisionDate');
  });
});
