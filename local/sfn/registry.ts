import { join } from 'node:path';
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import { StateMachine } from 'aws-local-stepfunctions';
import { parseDefinition, prepareDefinition } from './asl.ts';
import type { PreparedDefinition } from './asl.ts';
import { SfnServiceError } from './errors.ts';
import { parseStateMachineArn, reviveExecution } from './records.ts';
import type { ExecutionRecord, StateMachineRecord } from './records.ts';
import { CoalescingWriter, documentFileName, journaledSave, readJournaledDocuments, readJsonDocuments } from './store.ts';

export interface CachedMachine {
  readonly definition: string;
  readonly prepared: PreparedDefinition;
  readonly machine: StateMachine;
}

/**
 * What the engine knows: its state machines and executions, in memory and under `stateDir` (each written on
 * every change, read back by the next engine), and the library machines prepared from their definitions.
 */
export class Registry {
  readonly stateMachines = new Map<string, StateMachineRecord>();
  /** ARNs created (or re-created) through this engine instance; others are only known from disk. */
  readonly registered = new Set<string>();
  readonly executions = new Map<string, ExecutionRecord>();
  readonly executionsByName = new Map<string, Map<string, ExecutionRecord>>();
  private readonly writers = new Map<string, CoalescingWriter>();
  private readonly machines = new Map<string, CachedMachine>();
  private closed = false;

  constructor(
    private readonly stateDir: string,
    private readonly clock: () => Date,
  ) {
    this.load();
  }

  machineFor(stateMachine: StateMachineRecord, startAt: string | undefined): CachedMachine {
    const key = `${stateMachine.stateMachineArn}\n${startAt ?? ''}`;
    const cached = this.machines.get(key);
    if (cached && cached.definition === stateMachine.definition) return cached;
    const prepared = prepareDefinition(parseDefinition(stateMachine.definition), startAt);
    // Validated in createStateMachine; the rewritten copy may leave states unreachable (resume), which the
    // validator would reject.
    const machine = new StateMachine(prepared.definition, { validationOptions: { noValidate: true } });
    const entry: CachedMachine = { definition: stateMachine.definition, prepared, machine };
    this.machines.set(key, entry);
    return entry;
  }

  appendEvent(record: ExecutionRecord, type: HistoryEventType, details: Partial<HistoryEvent>): void {
    const id = record.events.length + 1;
    record.events.push({ timestamp: this.clock(), type, id, previousEventId: id - 1, ...details });
  }

  stateMachine(arn: string): StateMachineRecord {
    parseStateMachineArn(arn);
    const record = this.stateMachines.get(arn);
    if (!record) throw new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return record;
  }

  execution(arn: string): ExecutionRecord {
    const record = this.executions.get(arn);
    if (!record) {
      if (!/^arn:[a-z-]+:states:[a-z0-9-]*:\d*:execution:[^:]+:[^:]+$/.test(arn)) {
        throw new SfnServiceError('InvalidArn', `Invalid Arn: '${arn}'`);
      }
      throw new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    }
    return record;
  }

  index(record: ExecutionRecord): void {
    this.executions.set(record.executionArn, record);
    let byName = this.executionsByName.get(record.stateMachineArn);
    if (!byName) {
      byName = new Map();
      this.executionsByName.set(record.stateMachineArn, byName);
    }
    byName.set(record.name, record);
  }

  persist(record: ExecutionRecord): Promise<void> {
    if (this.closed) return Promise.resolve();
    let writer = this.writers.get(record.executionArn);
    if (!writer) {
      const file = join(this.stateDir, 'executions', documentFileName(`${record.stateMachineArn.split(':').pop()}-${record.name}`, record.executionArn));
      // The history is appended, not rewritten (store.ts); records read from disk got their writer in load().
      writer = new CoalescingWriter(file, journaledSave(file, () => record));
      this.writers.set(record.executionArn, writer);
    }
    return writer.write();
  }

  persistStateMachine(record: StateMachineRecord): Promise<void> {
    let writer = this.writers.get(record.stateMachineArn);
    if (!writer) {
      const file = join(this.stateDir, 'state-machines', documentFileName(record.name, record.stateMachineArn));
      writer = CoalescingWriter.json(file, () => record);
      this.writers.set(record.stateMachineArn, writer);
    }
    return writer.write();
  }

  /** From now on executions are no longer written: the engine lets go of them as if the process died. */
  close(): void {
    this.closed = true;
  }

  /** Resolves once every write requested so far has finished. */
  async idle(): Promise<void> {
    await Promise.all([...this.writers.values()].map((writer) => writer.idle()));
  }

  private load(): void {
    for (const raw of readJsonDocuments(join(this.stateDir, 'state-machines'))) {
      const record = raw as StateMachineRecord;
      record.creationDate = new Date(record.creationDate);
      this.stateMachines.set(record.stateMachineArn, record);
    }
    for (const { record, file, position } of readJournaledDocuments(join(this.stateDir, 'executions'))) {
      const execution = reviveExecution(record as ExecutionRecord);
      this.index(execution);
      // Its writer continues the journal from where it stands.
      this.writers.set(execution.executionArn, new CoalescingWriter(file, journaledSave(file, () => execution, position)));
    }
  }
}
