/**
 * Council arithmetic (docs/domain.md §5). Shares are compared with a tiny tolerance so that 2/3 of 21 is 14, not
 * 13.999…; blank or invalid ballots never count as agree.
 */
import type { CouncilRule } from './catalogue.ts';

const EPSILON = 1e-9;
export type BallotChoice = 'agree' | 'disagree' | 'abstain';
export const ballotChoices = ['agree', 'disagree', 'abstain'] as const satisfies readonly BallotChoice[];

/** Members needed for a valid session. */
export function quorumNeeded(total: number, quorum: number): number {
  return Math.ceil(quorum * total - EPSILON);
}

export function quorumMet(present: number, total: number, quorum: number): boolean {
  return total > 0 && present >= quorumNeeded(total, quorum);
}

/** Agree votes needed to pass: `agree ≥ threshold × base`, the base being all members unless the rule says present. */
export function agreeNeeded(base: number, threshold: number): number {
  return Math.ceil(threshold * base - EPSILON);
}

export interface DossierTallyInput {
  readonly choices: readonly BallotChoice[];
  readonly membersTotal: number;
  readonly membersPresent: number;
  readonly rule: Pick<CouncilRule, 'threshold' | 'denominator'>;
}

export interface DossierTallyResult {
  readonly agree: number;
  readonly disagree: number;
  readonly abstain: number;
  readonly base: number;
  readonly needed: number;
  readonly passed: boolean;
}

export function tallyDossier({ choices, membersTotal, membersPresent, rule }: DossierTallyInput): DossierTallyResult {
  const agree = choices.filter((c) => c === 'agree').length;
  const disagree = choices.filter((c) => c === 'disagree').length;
  const abstain = choices.length - agree - disagree;
  const base = rule.denominator === 'members' ? membersTotal : membersPresent;
  const needed = agreeNeeded(base, rule.threshold);
  return { agree, disagree, abstain, base, needed, passed: base > 0 && agree >= needed };
}
