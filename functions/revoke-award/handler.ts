import { randomUUID } from 'node:crypto';
import { commitChange, getDossier, getDossierBundle, ops } from '#adapters/dossier-repository';
import { planChange } from '#domain/dossier-change';
import { ConflictError } from '#domain/errors';
import { decideRevocation, planProposal } from '#domain/revocation';
import { type Actor, actorRef, assertCanProposeRevocation, assertCanRevoke } from '#domain/roles';
import { apiHandler, type ApiResult, json, log, type RouteInput } from '#http/api';
import type { DecideRevocationInput } from '#schemas/input/revocation';
import type { DossierRecord } from '#schemas/records';
import * as routes from '#schemas/routes/dossiers';

/**
 * Revocation of an award (Law 06/2022 Ch. VII), in two steps as a province does it. The secretariat proposes
 * (POST …/revocations); the chair decides on the proposal (POST …/revocations/{proposalId}/decision). Each step
 * is one hash-chained dossier change: the chair's also marks the register rows revoked and moves the year-end
 * counters, all in one transaction. The proposal id is the idempotency key: a retried answer is a no-op (200),
 * so its one audit event sends its one e-mail.
 */
const propose = async (request: RouteInput<typeof routes.proposeRevocation>): Promise<ApiResult> => {
  const { actor } = request;
  const { dossier, events } = await getDossierBundle(request.path.dossierId);
  const now = new Date();
  const at = now.toISOString();
  assertCanProposeRevocation(actor, dossier);
  const input = request.body;
  const registered = events.some((e) => e.action === 'decisionRecorded');
  const proposal = planProposal(dossier, input, { id: `rv-${randomUUID()}`, by: actorRef(actor), at, registered });
  const names = proposal.nomineeIndexes.map((i) => ({ nomineeIndex: i, name: dossier.nominees[i]?.name ?? '' }));
  const change = planChange(dossier, { action: 'revocationProposed', actor: actorRef(actor), details: { proposalId: proposal.id, scope: proposal.scope, ground: proposal.ground, reason: proposal.reason, nominees: names }, set: { revocations: [...(dossier.revocations ?? []), proposal] } }, now);
  await commitChange(change);
  return json(201, { dossier: change.after, proposal });
};

const decideProposal = async (request: RouteInput<typeof routes.decideRevocation>): Promise<ApiResult> => {
  const { actor } = request;
  const dossier = (await getDossierBundle(request.path.dossierId)).dossier;
  const now = new Date();
  assertCanRevoke(actor, dossier);
  // The proposal the path names is the one decided (the descriptor puts it into the body).
  const input = request.body;
  try {
    return await decide(dossier, input, actor, now);
  } catch (error) {
    // The same answer sent twice at once: the loser of the conditional write reads again and finds its own answer.
    if (!(error instanceof ConflictError && error.code === 'CONCURRENT_CHANGE')) throw error;
    return await decide(await getDossier(dossier.id), input, actor, now);
  }
};

async function decide(dossier: DossierRecord, input: DecideRevocationInput, actor: Actor, now: Date): Promise<ApiResult> {
  const at = now.toISOString();
  const decided = decideRevocation(dossier, input, { by: actorRef(actor), at });
  if (!decided) return json(200, { dossier, replayed: true });
  const change = planChange(dossier, { action: decided.action, actor: actorRef(actor), details: decided.details, set: decided.set }, now);
  const proposal = dossier.revocations?.find((p) => p.id === input.proposalId);
  const marks = input.decision === 'revoke' && proposal
    ? decided.revoked.map((nomineeIndex) => ops.revokeAward({ year: dossier.year, awardCode: dossier.awardCode, dossierId: dossier.id, nomineeIndex }, { decisionNumber: input.decisionNumber, decisionDate: input.decisionDate, ground: proposal.ground, reason: proposal.reason, at }))
    : [];
  await commitChange(change, marks);
  (await log()).info('revocation decided', { dossierId: dossier.id, proposalId: input.proposalId, decision: input.decision, nominees: decided.revoked.length });
  return json(200, { dossier: change.after });
}

export const handler = apiHandler({ proposeRevocation: routes.proposeRevocation, decideRevocation: routes.decideRevocation }, { proposeRevocation: propose, decideRevocation: decideProposal });
