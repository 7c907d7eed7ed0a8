import { planChange, planCreation, systemActor } from '#domain/dossier-change';
import type { LifecycleEvent } from '#domain/lifecycle';
import { removeDossier, repository } from './direct-store.ts';

/**
 * Dossiers for the list tests (issue 26), written with the repository's own transactions at chosen instants, so a
 * list's order is known in advance; an open step gets its task with a chosen due date. The years are the list
 * tests' own (2067–2069), and every dossier is removed again after the file.
 */
export interface ListSeed {
  readonly year: number;
  readonly unitId: string;
  readonly awardCode: string;
  readonly title: string;
  readonly nominees: readonly string[];
  readonly events: readonly LifecycleEvent[];
  /** The instant of the last change (`updatedAt`). */
  readonly at: string;
  /** A waiting step's task due then. */
  readonly task?: { step: 'supplement' | 'appraisal' | 'council' | 'chairDecision'; dueAt: string };
}

const created: string[] = [];
let seq = 0;

const roleOf = { supplement: 'unitOfficer', appraisal: 'officer', council: 'councilSecretary', chairDecision: 'chair' } as const;

export async function seedListed(s: ListSeed): Promise<{ id: string; title: string }> {
  seq += 1;
  const id = `d-list-${s.year}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
  const collective = s.awardCode === 'coThiDuaTinh' || s.awardCode === 'tapTheLaoDongXuatSac';
  const nominees = s.nominees.map((name) => (collective ? { name, recipientType: 'collective' } : { name, recipientType: 'individual', category: 'directWorker', gender: 'female' }));
  const at = new Date(s.at);
  const { dossier, auditEvent } = planCreation({ id, unitId: s.unitId, createdBy: systemActor, fields: { awardCode: s.awardCode, kind: 'regular', year: s.year, title: s.title, nominees } }, at);
  await repository.createDossier(dossier, auditEvent);
  created.push(id);
  let d = dossier;
  for (const event of s.events) {
    const change = planChange(d, { event, actor: systemActor, ...(event === 'submit' ? { set: { submittedAt: at.toISOString() } } : {}) }, at);
    await repository.commitChange(change);
    d = change.after;
  }
  if (s.task) {
    const assigneeRole = roleOf[s.task.step];
    await repository.registerTask(
      { dossierId: id, step: s.task.step, state: 'PENDING', token: `list-test-${id}`, assigneeRole, ...(assigneeRole === 'unitOfficer' ? { unitId: s.unitId } : {}), dueAt: s.task.dueAt, createdAt: at.toISOString() },
      undefined,
    );
  }
  return { id, title: s.title };
}

/** Every dossier this file seeded, with its tasks and events (so no open test task is left for a sweep). */
export async function removeSeeded(): Promise<void> {
  for (const id of created.splice(0)) await removeDossier(id);
}
