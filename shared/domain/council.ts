import type { DossierRecord } from '#schemas/records';
import type { AwardForm } from './catalogue.ts';
import { ConflictError } from './errors.ts';
import { quorumMet, tallyDossier } from './vote.ts';

export interface SessionShape {
  readonly memberIds: readonly string[];
  readonly dossierIds: readonly string[];
}

export interface DossierTally {
  readonly dossierId: string;
  readonly passed: boolean;
  readonly counts: { agree: number; disagree: number; abstain: number; ballots: number; participations: number; base: number };
  /** Ballots and participations disagree: the session is flagged for review, not silently trusted. */
  readonly flagged: boolean;
}

/**
 * Tallies a council session (DOMAIN §5). Present = members who took part in the session; the session is
 * refused without quorum. Each dossier applies its own award form's threshold and denominator.
 */
export function tallySession(
  session: SessionShape,
  participations: readonly { dossierId: string; memberId: string }[],
  choicesByDossier: Readonly<Record<string, readonly string[]>>,
  formOf: (awardCode: string) => AwardForm,
  dossiers: readonly Pick<DossierRecord, 'id' | 'awardCode'>[],
): DossierTally[] {
  const present = new Set(participations.map((p) => p.memberId)).size;
  const total = session.memberIds.length;
  const strictest = Math.max(...dossiers.map((d) => formOf(d.awardCode).council.quorum));
  if (!quorumMet(present, total, strictest)) {
    throw new ConflictError({
      code: 'NO_QUORUM',
      messages: {
        vi: `Phiên họp chưa đủ số thành viên tham dự (${present}/${total})`,
        en: `The session lacks a quorum (${present}/${total} members took part)`,
      },
    });
  }
  return dossiers.map((d) => {
    const form = formOf(d.awardCode);
    const choices = (choicesByDossier[d.id] ?? []) as ('agree' | 'disagree' | 'abstain')[];
    const result = tallyDossier({ choices, membersTotal: total, membersPresent: present, rule: form.council });
    const voters = participations.filter((p) => p.dossierId === d.id).length;
    return {
      dossierId: d.id,
      passed: result.passed && voters === choices.length,
      counts: { agree: result.agree, disagree: result.disagree, abstain: result.abstain, ballots: choices.length, participations: voters, base: result.base },
      flagged: voters !== choices.length,
    };
  });
}
