/**
 * Revocation of an award (hủy bỏ quyết định khen thưởng, Law 06/2022/QH15 Ch. VII; docs/domain.md §4): the secretariat
 * proposes revoking one or more awarded nominees — or the whole decision — on one of the Law's grounds, and the
 * chair signs a revocation decision that references the award decision. The award's facts are kept: the nominee
 * keeps its stage and the dossier its decision; the nominee's outcome becomes `revoked`, the register row is
 * marked, and the year-end counts move with the same write. Pure: the handler stores what these return.
 */
import type { ActorRef, DossierRecord } from '#schemas/records';
import { formatDateVi } from './calendar.ts';
import { ConflictError, NotFoundError, ValidationError } from './errors.ts';
import { awardedNominees, awardInPlay } from './nominee-outcomes.ts';

type Nominee = DossierRecord['nominees'][number];
export type RevocationProposal = NonNullable<DossierRecord['revocations']>[number];

import { type RevocationGround, revocationGroundCodes, revocationGrounds, revocationSource } from './revocation-grounds.ts';
export { type RevocationGround, revocationGroundCodes, revocationGrounds, revocationSource };

const conflict = (code: string, vi: string, en: string, field?: string) => new ConflictError({ code, messages: { vi, en }, ...(field ? { field } : {}) });

/** A dossier decided before nominees had outcomes was awarded whole: give each awarded nominee its outcome first. */
function withOutcomes(dossier: Pick<DossierRecord, 'status' | 'nominees'>): Nominee[] {
  return dossier.nominees.some((n) => n.outcome) || dossier.status !== 'Awarded' ? dossier.nominees : awardInPlay(dossier.nominees);
}

export interface ProposalInput {
  readonly scope: 'nominees' | 'decision';
  readonly nomineeIndexes?: readonly number[];
  readonly ground: RevocationGround;
  readonly reason: string;
}

/**
 * The secretariat's proposal: only on an awarded dossier whose decision is in the register, one pending at a
 * time, naming nominees still awarded (the whole decision = every nominee still awarded). 409 with the reason
 * otherwise — revoking twice, or revoking a nominee who was never awarded.
 */
export function planProposal(
  dossier: Pick<DossierRecord, 'status' | 'nominees' | 'revocations' | 'decision'>,
  input: ProposalInput,
  context: { readonly id: string; readonly by: ActorRef; readonly at: string; readonly registered: boolean },
): RevocationProposal {
  if (dossier.status !== 'Awarded' || !dossier.decision) {
    throw conflict('NOT_AWARDED', 'Hồ sơ chưa có quyết định khen thưởng nên không thể hủy bỏ', 'The dossier has no award decision, so nothing can be revoked', 'dossierId');
  }
  if (!context.registered) {
    throw conflict('DECISION_NOT_REGISTERED', 'Quyết định khen thưởng đang được vào sổ; vui lòng thử lại sau ít phút', 'The award decision is still being entered in the register; try again in a few minutes');
  }
  if ((dossier.revocations ?? []).some((p) => p.state === 'pending')) {
    throw conflict('REVOCATION_PENDING', 'Hồ sơ đang có một đề nghị hủy bỏ chờ Chủ tịch quyết định', 'A revocation proposal for this dossier already awaits the chair');
  }
  const nominees = withOutcomes(dossier);
  const awarded = awardedNominees({ status: dossier.status, nominees }).map((a) => a.nomineeIndex);
  let targets: number[];
  if (input.scope === 'decision') {
    if (awarded.length === 0) {
      throw conflict('ALREADY_REVOKED', 'Mọi khen thưởng của quyết định này đã bị hủy bỏ', 'Every award of this decision has already been revoked');
    }
    targets = awarded;
  } else {
    const indexes = input.nomineeIndexes ?? [];
    if (indexes.length === 0) {
      throw new ValidationError({ field: 'nomineeIndexes', messages: { vi: 'Vui lòng chọn ít nhất một người được khen thưởng', en: 'Choose at least one awarded nominee' } });
    }
    indexes.forEach((index, i) => {
      const n = nominees[index];
      if (!n || indexes.indexOf(index) !== i) {
        throw new ValidationError({ field: `nomineeIndexes.${i}`, messages: { vi: `Người được đề nghị số ${index + 1} không có trong hồ sơ hoặc bị nêu hai lần`, en: `Nominee ${index + 1} is not in the dossier or is listed twice` } });
      }
      if (n.outcome === 'revoked') {
        throw conflict('ALREADY_REVOKED', `Khen thưởng của ${n.name} đã bị hủy bỏ trước đó`, `The award of ${n.name} has already been revoked`, `nomineeIndexes.${i}`);
      }
      if (!awarded.includes(index)) {
        throw conflict('NOMINEE_NOT_AWARDED', `${n.name} không được khen thưởng nên không có gì để hủy bỏ`, `${n.name} was not awarded, so there is nothing to revoke`, `nomineeIndexes.${i}`);
      }
    });
    targets = [...indexes].sort((a, b) => a - b);
  }
  return { id: context.id, scope: input.scope, nomineeIndexes: targets, ground: input.ground, reason: input.reason, state: 'pending', proposedBy: context.by, proposedAt: context.at };
}

export type DecisionInput =
  | { readonly proposalId: string; readonly decision: 'revoke'; readonly decisionNumber: string; readonly decisionDate: string }
  | { readonly proposalId: string; readonly decision: 'decline'; readonly reason: string };

export interface RevocationDecision {
  /** The audit action: `revoke` or `revocationDeclined`. */
  readonly action: 'revoke' | 'revocationDeclined';
  readonly set: Pick<DossierRecord, 'revocations'> & Partial<Pick<DossierRecord, 'nominees'>>;
  readonly details: Record<string, unknown>;
  /** Nominees whose register rows are marked revoked (empty when declined). */
  readonly revoked: readonly number[];
}

/**
 * The chair's answer to a pending proposal. The proposal's id is the request's idempotency key: the same answer
 * sent again by the same person (a network retry) is `null` — nothing to write, nothing mailed twice; any other
 * answer to a decided proposal is 409.
 */
export function decideRevocation(
  dossier: Pick<DossierRecord, 'status' | 'nominees' | 'revocations' | 'decision'>,
  input: DecisionInput,
  context: { readonly by: ActorRef; readonly at: string },
): RevocationDecision | null {
  const proposals = dossier.revocations ?? [];
  const proposal = proposals.find((p) => p.id === input.proposalId);
  if (!proposal) {
    throw new NotFoundError({ field: 'proposalId', messages: { vi: 'Không tìm thấy đề nghị hủy bỏ khen thưởng này', en: 'No such revocation proposal' } });
  }
  if (proposal.state !== 'pending') {
    const same =
      proposal.decidedBy?.userId === context.by.userId &&
      (input.decision === 'revoke' ? proposal.state === 'revoked' && proposal.decisionNumber === input.decisionNumber && proposal.decisionDate === input.decisionDate : proposal.state === 'declined');
    if (same) return null;
    throw conflict(
      'REVOCATION_DECIDED',
      proposal.state === 'revoked' ? `Đề nghị này đã được quyết định hủy bỏ (Quyết định số ${proposal.decisionNumber ?? ''})` : 'Đề nghị này đã bị Chủ tịch không đồng ý',
      proposal.state === 'revoked' ? `This proposal was already decided (decision ${proposal.decisionNumber ?? ''})` : 'The chair already declined this proposal',
      'proposalId',
    );
  }
  const decided = (patch: Partial<RevocationProposal>) => proposals.map((p) => (p.id === proposal.id ? { ...p, ...patch, decidedBy: context.by, decidedAt: context.at } : p));
  const names = (nominees: readonly Nominee[]) => proposal.nomineeIndexes.map((i) => ({ nomineeIndex: i, name: nominees[i]?.name ?? '' }));
  if (input.decision === 'decline') {
    return { action: 'revocationDeclined', set: { revocations: decided({ state: 'declined', declineReason: input.reason }) }, details: { proposalId: proposal.id, reason: input.reason, nominees: names(dossier.nominees) }, revoked: [] };
  }
  if (dossier.decision && input.decisionDate < dossier.decision.date) {
    throw new ValidationError({
      field: 'decisionDate',
      messages: { vi: `Ngày quyết định hủy bỏ không được trước ngày quyết định khen thưởng (${formatDateVi(dossier.decision.date)})`, en: `The revocation cannot be dated before the award decision (${formatDateVi(dossier.decision.date)})` },
    });
  }
  const nominees = withOutcomes(dossier);
  for (const i of proposal.nomineeIndexes) {
    // A proposal blocks any other, so its nominees are still awarded; a record changed by hand is refused whole.
    if (nominees[i]?.outcome !== 'awarded') throw conflict('ALREADY_REVOKED', 'Một người trong đề nghị đã không còn được khen thưởng; hãy lập đề nghị mới', 'A nominee of the proposal is no longer awarded; make a new proposal');
  }
  const revocation = { proposalId: proposal.id, ground: proposal.ground, reason: proposal.reason, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, revokedAt: context.at };
  const after = nominees.map((n, i) => (proposal.nomineeIndexes.includes(i) ? { ...n, outcome: 'revoked' as const, revocation } : n));
  return {
    action: 'revoke',
    set: { nominees: after, revocations: decided({ state: 'revoked', decisionNumber: input.decisionNumber, decisionDate: input.decisionDate }) },
    details: { proposalId: proposal.id, scope: proposal.scope, ground: proposal.ground, reason: proposal.reason, decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, awardDecisionNumber: dossier.decision?.number ?? '', nominees: names(nominees) },
    revoked: proposal.nomineeIndexes,
  };
}

/** Nominees whose award was revoked. */
export function revokedNominees(dossier: Pick<DossierRecord, 'nominees'>): { nominee: Nominee; nomineeIndex: number }[] {
  return dossier.nominees.flatMap((nominee, nomineeIndex) => (nominee.outcome === 'revoked' ? [{ nominee, nomineeIndex }] : []));
}
