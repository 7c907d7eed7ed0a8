import { createHash, randomUUID } from 'node:crypto';
import { presignUpload, readObject } from '#adapters/documents';
import { getImport, putImport } from '#adapters/import-repository';
import { createPerson, listPeople, updatePerson } from '#adapters/people-directory';
import { readSheet } from '#adapters/sheet-reader';
import { commitUnitChange, listUnits } from '#adapters/unit-repository';
import { localDate } from '#domain/calendar';
import {
  HEADER_SEARCH_ROWS,
  ImportFileError,
  type ImportPlan,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  mapSheet,
  type PersonOp,
  planPeopleImport,
  planUnitImport,
} from '#domain/directory-import';
import { ConflictError, NotFoundError, ValidationError } from '#domain/errors';
import { type Actor, actorRef } from '#domain/roles';
import type { UnitChange } from '#domain/units';
import { apiHandler, type ApiResult, json, log, type RouteInput } from '#http/api';
import type { DirectoryImportRecord } from '#schemas/records';
import * as routes from '#schemas/routes/directory';

/**
 * Bulk import of units or people (admin). The file goes to S3 under imports/ with a presigned POST (an API body
 * stops at 6–10 MB); preview reads it and answers the dry run; apply writes through the same planners and
 * adapters as the single-item routes, so the rules and the audit trail are theirs.
 *
 * Apply works for at most WORK_MS per call (the HTTP API answers within 30 s) and answers how many changes
 * remain; calling it again goes on, since a row already written now plans as unchanged. The web page and the
 * tests call it until nothing remains.
 */
const WORK_MS = 20_000;
/** Accounts are created a few at a time: Cognito's admin API is rate-limited per pool. */
const PEOPLE_IN_FLIGHT = 6;
/** The dry run's answer stays well under Lambda's 6 MB response: the counts always cover everything. */
const SHOWN_ROWS = 20_000;
const SHOWN_ERRORS = 5_000;

const contentTypes = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv' } as const;

const noImport = (id: string) => new NotFoundError({ field: 'importId', messages: { vi: `Không có lần nhập ${id}`, en: `No import ${id}` } });

type Plan = ImportPlan<UnitChange> | ImportPlan<PersonOp>;

/** Reads the uploaded object and plans it against the directory now; a problem with the file as a whole is a 400. */
async function planOf(record: DirectoryImportRecord, actor: Actor, now: Date): Promise<{ plan: Plan; sha256: string }> {
  const bytes = await readObject(record.key);
  if (!bytes) {
    throw new ConflictError({ code: 'NOT_UPLOADED', field: 'file', messages: { vi: 'Tệp chưa được tải lên', en: 'The file has not been uploaded yet' } });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length > MAX_IMPORT_BYTES) throw tooLarge();
  const read = readSheet(bytes, MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS);
  const sheet = mapSheet(record.kind, read.rows, read.more);
  const today = localDate(now);
  const units = new Map((await listUnits()).map((u) => [u.unitId, u]));
  const plan = record.kind === 'units' ? planUnitImport(sheet, units, actorRef(actor), now, today) : planPeopleImport(sheet, await listPeople(), units, today);
  return { plan, sha256 };
}

const tooLarge = () =>
  new ValidationError({
    code: 'FILE_TOO_LARGE',
    field: 'size',
    messages: { vi: `Tệp vượt quá ${MAX_IMPORT_BYTES / (1024 * 1024)} MB; vui lòng chia thành nhiều tệp`, en: `The file exceeds ${MAX_IMPORT_BYTES / (1024 * 1024)} MB; split it into several files` },
  });

/** Runs `work` over the items, `inFlight` at a time, until they end or the time is up; answers how many were done. */
async function runFor<T>(items: readonly T[], inFlight: number, deadline: number, work: (item: T) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < items.length && Date.now() < deadline) {
      const item = items[next++]!;
      await work(item);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return done;
}

/** POST /api/directory-imports: the import's record and a presigned POST for its file. */
const startImport = async ({ actor, body: input }: RouteInput<typeof routes.startImport>): Promise<ApiResult> => {
  const now = new Date();
  // Refused before an upload URL exists; the URL's policy repeats the limit for S3 to enforce.
  if (input.size > MAX_IMPORT_BYTES) throw tooLarge();
  const importId = `imp-${randomUUID()}`;
  const format = input.fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
  const record: DirectoryImportRecord = {
    importId,
    kind: input.kind,
    fileName: input.fileName,
    size: input.size,
    key: `imports/${importId}.${format}`,
    state: 'awaitingUpload',
    createdBy: actor.userId,
    createdAt: now.toISOString(),
  };
  const upload = await presignUpload(record.key, contentTypes[format], MAX_IMPORT_BYTES, now);
  await putImport(record);
  return json(201, { import: record, upload });
};

/** The import the path names and its file planned against the directory now (a file refused as a whole is a 400). */
async function plannedImport(importId: string, actor: Actor, now: Date): Promise<{ record: DirectoryImportRecord; plan: Plan; sha256: string }> {
  const record = await getImport(importId);
  if (!record) throw noImport(importId);

  let planned: { plan: Plan; sha256: string };
  try {
    planned = await planOf(record, actor, now);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    await putImport({ ...record, state: 'refused', refusal: { code: error.code, message: error.messages } });
    throw new ValidationError({ code: error.code, field: 'file', messages: error.messages });
  }
  return { record, ...planned };
}

/** POST …/preview: the dry run, every row and every error. */
const previewImport = async ({ actor, path }: RouteInput<typeof routes.previewImport>): Promise<ApiResult> => {
  const now = new Date();
  const { record, plan, sha256 } = await plannedImport(path.importId, actor, now);
  const previewed: DirectoryImportRecord = { ...record, state: record.state === 'applied' ? 'applied' : 'previewed', sha256, counts: plan.counts, previewedAt: now.toISOString() };
  await putImport(previewed);
  return json(200, {
    import: previewed,
    counts: plan.counts,
    rows: plan.rows.slice(0, SHOWN_ROWS),
    errors: plan.errors.slice(0, SHOWN_ERRORS),
    ...(plan.rows.length > SHOWN_ROWS || plan.errors.length > SHOWN_ERRORS ? { truncated: true } : {}),
  });
};

/** POST …/apply: only the bytes that were previewed, only without errors; for WORK_MS at most per call. */
const applyImport = async ({ actor, path }: RouteInput<typeof routes.applyImport>): Promise<ApiResult> => {
  const started = Date.now();
  const now = new Date();
  const { importId } = path;
  const { record, plan, sha256 } = await plannedImport(importId, actor, now);
  if (!record.sha256) {
    throw new ConflictError({ code: 'NOT_PREVIEWED', field: 'importId', messages: { vi: 'Cần xem trước tệp trước khi nhập', en: 'Preview the file before applying it' } });
  }
  if (record.sha256 !== sha256) {
    throw new ConflictError({ code: 'FILE_CHANGED', field: 'file', messages: { vi: 'Tệp đã thay đổi sau khi xem trước; vui lòng xem trước lại', en: 'The file changed after its preview; preview it again' } });
  }
  if (plan.errors.length > 0) {
    const first = plan.errors[0]!;
    throw new ConflictError({
      code: 'IMPORT_HAS_ERRORS',
      field: 'file',
      messages: { vi: `Tệp còn ${plan.errors.length} lỗi (đầu tiên: dòng ${first.row}, cột ${first.column}: ${first.message.vi}); không ghi gì`, en: `The file has ${plan.errors.length} errors (first: row ${first.row}, column ${first.column}: ${first.message.en}); nothing was written` },
      details: plan.errors.slice(0, 50).map((e) => ({ field: `row ${e.row}.${e.column}`, message: e.message })),
    });
  }
  const deadline = started + WORK_MS;
  let done: number;
  if (record.kind === 'units') {
    // In plan order (parents first), one at a time: each change is its own transaction with its audit event.
    done = await runFor(plan.ops as UnitChange[], 1, deadline, (change) => commitUnitChange(change));
  } else {
    done = await runFor(plan.ops as PersonOp[], PEOPLE_IN_FLIGHT, deadline, async (op) => {
      await (op.action === 'create' ? createPerson(op.username, op.input, actorRef(actor)) : updatePerson(op.username, op.input, actorRef(actor)));
    });
  }
  const written = plan.ops.slice(0, done);
  const isNew = (op: UnitChange | PersonOp) => ('unit' in op ? op.unit.version === 1 : op.action === 'create');
  const created = written.filter(isNew).length;
  const updated = written.length - created;
  const remaining = plan.ops.length - done;
  const before = record.applied ?? { created: 0, updated: 0 };
  const after: DirectoryImportRecord = {
    ...record,
    state: remaining > 0 ? 'applying' : 'applied',
    applied: { created: before.created + created, updated: before.updated + updated, by: actor.userId, at: now.toISOString() },
  };
  await putImport(after);
  (await log()).info('directory import applied', { importId, kind: record.kind, created, updated, remaining, by: actor.userId });
  return json(200, { import: after, created, updated, unchanged: plan.counts.unchanged, remaining });
};

/** Bulk import (admin: the descriptors' roles, checked before anything is read). */
export const handler = apiHandler(
  { startImport: routes.startImport, previewImport: routes.previewImport, applyImport: routes.applyImport },
  { startImport, previewImport, applyImport },
);
