import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors';
import { CastBallotInput, CompleteTaskInput, CreateDossierInput, ListDossiersQuery, PresignUploadInput, PublicAwardsQuery } from '#schemas/api';
import { parseInput } from '#schemas/validation';

function rejection(schema: Parameters<typeof parseInput>[0], input: unknown): ValidationError {
  try {
    parseInput(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the input to be refused');
}

const dossier = { awardCode: 'coThiDuaTinh', kind: 'regular', year: 2026, title: 'Cờ thi đua: xã An Bình', nominees: [{ name: 'UBND xã An Bình', recipientType: 'collective' }] };
const upload = { kind: 'proposalLetter', fileName: 'to-trinh.pdf', contentType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) };

describe('API input schemas', () => {
  it.each([
    ['an unknown award form', CreateDossierInput, { ...dossier, awardCode: 'huanChuong' }, 'awardCode'],
    ['no nominee', CreateDossierInput, { ...dossier, nominees: [] }, 'nominees'],
    ['a missing title', CreateDossierInput, { ...dossier, title: undefined }, 'title'],
    ['a blank title', CreateDossierInput, { ...dossier, title: '   ' }, 'title'],
    ['an unknown field', CreateDossierInput, { ...dossier, status: 'Awarded' }, 'body'],
    ['a nominee without a name', CreateDossierInput, { ...dossier, nominees: [{ recipientType: 'individual' }] }, 'nominees.0.name'],
    ['a non-PDF upload', PresignUploadInput, { ...upload, contentType: 'text/html' }, 'contentType'],
    ['a malformed sha256', PresignUploadInput, { ...upload, sha256: 'xyz' }, 'sha256'],
    ['a path in the file name', PresignUploadInput, { ...upload, fileName: '../etc/passwd' }, 'fileName'],
    ['a zero-byte file', PresignUploadInput, { ...upload, size: 0 }, 'size'],
    ['an approval without a number', CompleteTaskInput, { step: 'chairDecision', decision: 'approve', decisionDate: '2026-12-15' }, 'decisionNumber'],
    ['a decision number not in <n>/QĐ-UBND form', CompleteTaskInput, { step: 'chairDecision', decision: 'approve', decisionNumber: 'QĐ 123', decisionDate: '2026-12-15' }, 'decisionNumber'],
    ['an impossible decision date', CompleteTaskInput, { step: 'chairDecision', decision: 'approve', decisionNumber: '1/QĐ-UBND', decisionDate: '2026-02-30' }, 'decisionDate'],
    ['an ineligible appraisal without a reason', CompleteTaskInput, { step: 'appraisal', result: 'ineligible' }, 'reason'],
    ['a supplement request naming no document', CompleteTaskInput, { step: 'appraisal', result: 'supplement', reason: 'x', missingDocuments: [] }, 'missingDocuments'],
    ['the council step (closed by its session)', CompleteTaskInput, { step: 'council' }, 'step'],
    ['an unknown appraisal result', CompleteTaskInput, { step: 'appraisal', result: 'maybe' }, 'result'],
    ['a ballot choice the minutes do not know', CastBallotInput, { dossierId: 'd-1', choice: 'yes' }, 'choice'],
    ['a year that is not a year', ListDossiersQuery, { year: '20x6' }, 'year'],
    ['an unknown status', ListDossiersQuery, { status: 'Lost' }, 'status'],
  ] as const)('refuses %s, naming the field in Vietnamese and English', (_what, schema, input, field) => {
    const error = rejection(schema, input);
    expect(error.status).toBe(400);
    expect(error.field).toBe(field);
    expect(error.messages.vi).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: \\S`));
    expect(error.messages.en).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: \\S`));
    expect(error.messages.vi).not.toBe(error.messages.en);
    expect(error.details?.length).toBeGreaterThanOrEqual(1);
    expect(error.details?.[0]).toMatchObject({ field, message: { vi: expect.any(String), en: expect.any(String) } });
  });

  it('lists every bad field in the details', () => {
    const error = rejection(CreateDossierInput, { ...dossier, title: '', year: 1990 });
    expect(error.details?.map((d) => d.field).sort()).toEqual(['title', 'year']);
  });

  it('accepts valid input, trims text and turns query strings into numbers with defaults', () => {
    expect(parseInput(CreateDossierInput, { ...dossier, title: '  Cờ thi đua  ' }).title).toBe('Cờ thi đua');
    expect(parseInput(PresignUploadInput, upload)).toEqual(upload);
    expect(parseInput(CompleteTaskInput, { step: 'chairDecision', decision: 'approve', decisionNumber: '123/QĐ-UBND', decisionDate: '2026-12-15' })).toMatchObject({ decisionNumber: '123/QĐ-UBND' });
    expect(parseInput(ListDossiersQuery, { year: '2026' })).toEqual({ year: 2026, limit: 100 });
    expect(parseInput(PublicAwardsQuery, {}).year).toBe(new Date().getUTCFullYear());
  });
});
