import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoalescingWriter, journalFile, journaledSave, readJournaledDocuments } from '#local/sfn/store';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfn-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const event = (id: number) => ({ id, type: 'TaskStateEntered', details: { name: `Bước ${id}`, input: 'x'.repeat(500) } });

describe('the Step Functions store: records with an appended history', () => {
  it('appends only the new events, keeps the record file small, and reads the whole history back', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'exec.json');
    const record = { status: 'RUNNING', events: [] as unknown[] };
    const writer = new CoalescingWriter(file, journaledSave(file, () => record));
    const recordSizes: number[] = [];
    for (let i = 1; i <= 20; i++) {
      record.events.push(event(i));
      await writer.write();
      recordSizes.push(statSync(file).size);
    }
    record.status = 'SUCCEEDED';
    await writer.write();
    // The record no longer grows with its history; the journal holds each event once.
    expect(new Set(recordSizes).size).toBeLessThanOrEqual(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ status: 'SUCCEEDED', eventCount: 20 });
    const lines = readFileSync(journalFile(file), 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const [read] = readJournaledDocuments(dir);
    expect(read?.record).toEqual({ status: 'SUCCEEDED', events: record.events });
    expect(read?.position).toEqual({ count: 20, bytes: statSync(journalFile(file)).size });
  });

  it('after a crash mid-append reads only the events its record counts, cuts the rest off, and goes on appending from there', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'exec.json');
    const record = { status: 'RUNNING', events: [event(1), event(2)] as unknown[] };
    await new CoalescingWriter(file, journaledSave(file, () => record)).write();
    // The crash: a third event fully appended and a fourth cut short, the record never renamed into place.
    writeFileSync(journalFile(file), `${readFileSync(journalFile(file), 'utf8')}${JSON.stringify(event(3))}\n{"id":4,"ty`);
    const [read] = readJournaledDocuments(dir);
    expect((read!.record.events as { id: number }[]).map((e) => e.id)).toEqual([1, 2]);
    expect(readFileSync(journalFile(file), 'utf8').trimEnd().split('\n')).toHaveLength(2);
    // The restarted engine records the step again and the journal stays whole.
    const resumed = { ...(read!.record as typeof record), events: [...(read!.record.events ?? []), event(3), event(4)] };
    await new CoalescingWriter(file, journaledSave(file, () => resumed, read?.position)).write();
    const [again] = readJournaledDocuments(dir);
    expect((again!.record.events as { id: number }[]).map((e) => e.id)).toEqual([1, 2, 3, 4]);
  });

  it('reads a journal shorter than its record counts (an OS crash before the appends reached the disk) with the events it holds, and warns', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'exec.json');
    writeFileSync(file, JSON.stringify({ status: 'RUNNING', eventCount: 3 }));
    writeFileSync(journalFile(file), `${JSON.stringify(event(1))}\n{"id":2,"ty`);
    const warnings: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((message: string) => void warnings.push(message));
    try {
      const [read] = readJournaledDocuments(dir);
      expect(read?.record).toEqual({ status: 'RUNNING', events: [event(1)] });
      expect(read?.position).toEqual({ count: 1, bytes: Buffer.byteLength(`${JSON.stringify(event(1))}\n`) });
      expect(warnings).toEqual([expect.stringContaining('holds 1 of the 3 history events')]);
      // The next save goes on from the events that are there.
      const record = { ...(read?.record as { status: string; events: unknown[] }) };
      record.events.push(event(2));
      await new CoalescingWriter(file, journaledSave(file, () => record, read?.position)).write();
      expect(readJournaledDocuments(dir)[0]?.record.events).toEqual([event(1), event(2)]);
    } finally {
      warn.mockRestore();
    }
  });

  it('reads a record written whole by the earlier store, and its first save starts the journal', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'exec.json');
    writeFileSync(file, JSON.stringify({ status: 'RUNNING', events: [event(1), event(2)] }));
    const [read] = readJournaledDocuments(dir);
    expect(read?.record.events).toHaveLength(2);
    const record = { ...(read?.record as { status: string; events: unknown[] }) };
    record.events.push(event(3));
    await new CoalescingWriter(file, journaledSave(file, () => record, read?.position)).write();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ status: 'RUNNING', eventCount: 3 });
    expect(readJournaledDocuments(dir)[0]?.record.events).toEqual([event(1), event(2), event(3)]);
  });

  it('removes temp files and journals whose record was never saved, and starts a new record on an empty journal', async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, 'orphan.events.jsonl'), `${JSON.stringify(event(9))}\n`);
    writeFileSync(path.join(dir, 'exec.json.123.abcd.tmp'), '{');
    expect(readJournaledDocuments(dir)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    // A stale journal under a new record's name (left by a crash before its first save) is not taken for its history.
    const file = path.join(dir, 'exec.json');
    writeFileSync(journalFile(file), `${JSON.stringify(event(9))}\n`);
    const record = { events: [event(1)] };
    await new CoalescingWriter(file, journaledSave(file, () => record)).write();
    expect(readJournaledDocuments(dir)[0]?.record.events).toEqual([event(1)]);
    expect(existsSync(journalFile(file))).toBe(true);
  });
});
