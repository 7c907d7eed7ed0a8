import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors';
import { CastBallotInput, CompleteTaskInput, CreateDossierInput, ListCouncilSessionsQuery, ListDossiersQuery, OpenCouncilSessionInput, PresignUploadInput, PublicAwardsQuery, WithdrawInput } from '#schemas/api';
import { parseInput } from '#schemas/validation';

function rejection(schema: Parameters<typeof parseInput>[0], input: unknown): ValidationError {
  let thrown: unknown;
  try {
    parseInput(schema, input);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  return thrown as ValidationError;
}

const dossier = { awardCode: 'coThiDuaTinh', kind: 'regular', year: 2026, title: 'Cờ thi đua: xã An Bình', nominees: [{ name: 'UBND xã An Bình', recipientType: 'collective' }] };
const upload = { kind: 'proposalLetter', fileName: 'to-trinh.pdf', contentType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) };
const approve = { step: 'chairDecision', decision: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' };
const { title: _title, ...withoutTitle } = dossier;

describe('parseInput refuses bad input with a 400 naming the field', () => {
  it.each([
    ['an unknown award form', CreateDossierInput, { ...dossier, awardCode: 'huanChuong' }, 'awardCode'],
    ['no nominee', CreateDossierInput, { ...dossier, nominees: [] }, 'nominees'],
    ['a missing title', CreateDossierInput, withoutTitle, 'title'],
    ['a blank title', CreateDossierInput, { ...dossier, title: '   ' }, 'title'],
    ['an unknown field', CreateDossierInput, { ...dossier, status: 'Awarded' }, 'status'],
    ['an unknown field on a nominee', CreateDossierInput, { ...dossier, nominees: [{ ...dossier.nominees[0], salary: 1 }] }, 'nominees.0.salary'],
    ['a nominee without a name', CreateDossierInput, { ...dossier, nominees: [{ recipientType: 'individual' }] }, 'nominees.0.name'],
    ['a year before the Law applies', CreateDossierInput, { ...dossier, year: 2023 }, 'year'],
    ['a year given as text', CreateDossierInput, { ...dossier, year: '2026' }, 'year'],
    ['a non-PDF upload', PresignUploadInput, { ...upload, contentType: 'text/html' }, 'contentType'],
    ['a malformed sha256', PresignUploadInput, { ...upload, sha256: 'xyz' }, 'sha256'],
    ['an upper-case sha256 of the wrong length', PresignUploadInput, { ...upload, sha256: 'A'.repeat(63) }, 'sha256'],
    ['a path in the file name', PresignUploadInput, { ...upload, fileName: '../etc/passwd' }, 'fileName'],
    ['a Windows path in the file name', PresignUploadInput, { ...upload, fileName: 'C:\\to-trinh.pdf' }, 'fileName'],
    ['a zero-byte file', PresignUploadInput, { ...upload, size: 0 }, 'size'],
    ['an unknown document kind', PresignUploadInput, { ...upload, kind: 'photo' }, 'kind'],
    ['an approval without a number', CompleteTaskInput, { step: 'chairDecision', decision: 'approve', decisionDate: '2026-12-15' }, 'decisionNumber'],
    ['a decision number not in <n>/QĐ-UBND form', CompleteTaskInput, { ...approve, decisionNumber: 'QĐ 123' }, 'decisionNumber'],
    ['a normative decision number (<n>/<year>/QĐ-UBND)', CompleteTaskInput, { ...approve, decisionNumber: '31/2020/QĐ-UBND' }, 'decisionNumber'],
    ['a decision number of another office', CompleteTaskInput, { ...approve, decisionNumber: '123/TTr-SNV' }, 'decisionNumber'],
    ['an impossible decision date', CompleteTaskInput, { ...approve, decisionDate: '2026-02-30' }, 'decisionDate'],
    ['an ineligible appraisal without a reason', CompleteTaskInput, { step: 'appraisal', result: 'ineligible' }, 'reason'],
    ['a rejection with a blank reason', CompleteTaskInput, { step: 'chairDecision', decision: 'reject', reason: '  ' }, 'reason'],
    ['a supplement request naming no document', CompleteTaskInput, { step: 'appraisal', result: 'supplement', reason: 'x', missingDocuments: [] }, 'missingDocuments'],
    ['the council step (closed by its session)', CompleteTaskInput, { step: 'council' }, 'step'],
    ['an unknown appraisal result', CompleteTaskInput, { step: 'appraisal', result: 'maybe' }, 'result'],
    ['a decision number on an eligible appraisal', CompleteTaskInput, { step: 'appraisal', result: 'eligible', decisionNumber: '1/QĐ-UBND' }, 'decisionNumber'],
    ['a ballot choice the minutes do not know', CastBallotInput, { dossierId: 'd-1', choice: 'yes' }, 'choice'],
    ['a ballot without a dossier', CastBallotInput, { choice: 'agree' }, 'dossierId'],
    ['a withdrawal without a reason', WithdrawInput, {}, 'reason'],
    ['a year that is not a year', ListDossiersQuery, { year: '20x6' }, 'year'],
    ['an unknown status', ListDossiersQuery, { status: 'Lost' }, 'status'],
    ['a page size of 0', ListDossiersQuery, { limit: '0' }, 'limit'],
    ['a page size that is not a number', ListDossiersQuery, { limit: 'all' }, 'limit'],
    ['an unknown session state', ListCouncilSessionsQuery, { state: 'finished' }, 'state'],
    ['a session page of more than 100', ListCouncilSessionsQuery, { limit: '101' }, 'limit'],
    ['a cursor that is not base64url', ListCouncilSessionsQuery, { cursor: 'a b' }, 'cursor'],
    ['a session over more dossiers than one transaction can mark', OpenCouncilSessionInput, { title: 'x', date: '2026-12-10', dossierIds: Array.from({ length: 99 }, (_, i) => `d-${i}`) }, 'dossierIds'],
  ] as const)('refuses %s, naming the field by `field` and saying what is wrong in Vietnamese and English', (_what, schema, input, field) => {
    // Act
    const error = rejection(schema, input);
    // Assess
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION');
    expect(error.field).toBe(field);
    // The field is the error's `field`; the message says what is wrong in words, without the field's code.
    expect(error.messages.vi).not.toContain(field);
    expect(error.messages.en).not.toContain(`${field}:`);
    expect(error.messages.vi).toMatch(/^\p{Lu}/u);
    expect(error.messages.vi).not.toBe(error.messages.en);
    expect(error.details?.[0]).toEqual({ field, message: { vi: expect.stringMatching(/\S/), en: expect.stringMatching(/\S/) } });
  });

  it('lists every issue in the details, each with its field and both languages', () => {
    // Act
    const error = rejection(CreateDossierInput, { ...dossier, title: '', year: 1990, awardCode: 'x' });
    // Assess
    expect(error.details?.map((d) => d.field).sort()).toEqual(['awardCode', 'title', 'year']);
    for (const issue of error.details ?? []) {
      expect(issue.message.vi).toMatch(/\S/);
      expect(issue.message.en).toMatch(/\S/);
      expect(issue.message.vi).not.toBe(issue.message.en);
    }
  });

  it('names each unknown field in the details', () => {
    const error = rejection(CreateDossierInput, { ...dossier, status: 'Awarded', version: 9 });
    expect(error.details?.map((d) => d.field)).toEqual(['status', 'version']);
    expect(error.messages.vi).toMatch(/không được phép/);
    expect(error.messages.vi).not.toMatch(/status|version/);
  });

  it('says "Không được để trống" / "Required" for a missing field, naming it by `field`, never in the message (LANGUAGE.md rule 8)', () => {
    const error = rejection(CreateDossierInput, withoutTitle);
    expect(error.field).toBe('title');
    expect(error.messages).toEqual({ vi: 'Không được để trống', en: 'Required' });
  });

  it('says what is wrong without codes: no list of code values, no type names, no field names', () => {
    const wrongForm = rejection(CreateDossierInput, { ...dossier, awardCode: 'khongCo' });
    expect(wrongForm.messages).toEqual({ vi: 'Giá trị không có trong danh sách được chọn', en: 'Not one of the values offered' });
    const wrongType = rejection(CreateDossierInput, { ...dossier, year: 'năm nay' });
    expect(wrongType.messages).toEqual({ vi: 'Giá trị phải là một số', en: 'Must be a number' });
    const tooLong = rejection(CreateDossierInput, { ...dossier, title: 'x'.repeat(400) });
    expect(tooLong.messages.vi).toMatch(/^Không được dài quá \d+ ký tự$/);
    const unknown = rejection(CreateDossierInput, { ...dossier, status: 'Awarded' });
    expect(unknown.messages).toEqual({ vi: 'Dữ liệu gửi lên có mục không được phép', en: 'The request carries a field that is not allowed' });
  });

  it('refuses input that is not an object at all, on the body', () => {
    for (const input of [null, 'x', 42, []]) expect(rejection(CreateDossierInput, input).field).toBe('body');
  });
});

describe('parseInput accepts valid input', () => {
  it('creates a dossier, trimming text', () => {
    expect(parseInput(CreateDossierInput, { ...dossier, title: '  Cờ thi đua  ' })).toEqual({ ...dossier, title: 'Cờ thi đua' });
  });

  it('presigns a PDF upload', () => {
    expect(parseInput(PresignUploadInput, upload)).toEqual(upload);
    expect(parseInput(PresignUploadInput, { ...upload, fileName: 'Tờ trình số 12 (bản ký).pdf' }).fileName).toBe('Tờ trình số 12 (bản ký).pdf');
  });

  it('completes each human step', () => {
    expect(parseInput(CompleteTaskInput, approve)).toEqual(approve);
    expect(parseInput(CompleteTaskInput, { ...approve, decisionNumber: ' 7/QĐ-UBND ' })).toMatchObject({ decisionNumber: '7/QĐ-UBND' });
    expect(parseInput(CompleteTaskInput, { step: 'chairDecision', decision: 'reject', reason: 'Chưa tiêu biểu' })).toEqual({ step: 'chairDecision', decision: 'reject', reason: 'Chưa tiêu biểu' });
    expect(parseInput(CompleteTaskInput, { step: 'appraisal', result: 'eligible' })).toEqual({ step: 'appraisal', result: 'eligible' });
    expect(parseInput(CompleteTaskInput, { step: 'appraisal', result: 'supplement', reason: 'Thiếu biên bản', missingDocuments: ['reviewMinutes'] })).toMatchObject({ missingDocuments: ['reviewMinutes'] });
    expect(parseInput(CompleteTaskInput, { step: 'supplement' })).toEqual({ step: 'supplement' });
  });

  it('casts each known ballot choice', () => {
    for (const choice of ['agree', 'disagree', 'abstain']) expect(parseInput(CastBallotInput, { dossierId: 'd-1', choice })).toEqual({ dossierId: 'd-1', choice });
  });

  it('turns query strings into numbers and applies defaults', () => {
    expect(parseInput(ListDossiersQuery, {})).toEqual({ limit: 100 });
    expect(parseInput(ListDossiersQuery, { year: '2026' })).toEqual({ year: 2026, limit: 100 });
    expect(parseInput(ListDossiersQuery, { year: '2026', status: 'AwaitingCouncil', limit: '25' })).toEqual({ year: 2026, status: 'AwaitingCouncil', limit: 25 });
    expect(parseInput(ListCouncilSessionsQuery, {})).toEqual({ limit: 50 });
    expect(parseInput(ListCouncilSessionsQuery, { state: 'open', year: '2026', limit: '100', cursor: 'abc_-1' })).toEqual({ state: 'open', year: 2026, limit: 100, cursor: 'abc_-1' });
    expect(parseInput(PublicAwardsQuery, { year: '2025' })).toEqual({ year: 2025 });
    expect(parseInput(PublicAwardsQuery, {}).year).toBe(new Date().getUTCFullYear());
  });
});
