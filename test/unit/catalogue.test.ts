import { describe, expect, it } from 'vitest';
import { awardForms, documentKinds, findAwardForm, needsCouncilVote } from '#domain/catalogue';

describe('the award catalogue', () => {
  it.each(awardForms.map((f) => [f.code, f] as const))('%s is complete and sourced', (_code, form) => {
    expect(form.source.length).toBeGreaterThan(10);
    expect(['verified', 'oldRule', 'unverified']).toContain(form.certainty);
    expect(form.council.source.length).toBeGreaterThan(10);
    expect(form.deadlines.source.length).toBeGreaterThan(10);
    expect(form.name.vi.length).toBeGreaterThan(0);
    expect(form.name.en.length).toBeGreaterThan(0);
    expect(form.requiredDocuments.length).toBeGreaterThan(0);
    for (const kind of form.requiredDocuments) expect(Object.keys(documentKinds)).toContain(kind);
    expect(form.council.threshold).toBeGreaterThan(0);
    expect(form.council.threshold).toBeLessThanOrEqual(1);
    expect(form.council.quorum).toBeGreaterThan(0);
    expect(form.council.quorum).toBeLessThanOrEqual(1);
    for (const step of ['completeness', 'supplement', 'appraisal', 'chairDecision'] as const) {
      expect(Number.isInteger(form.deadlines[step]) && form.deadlines[step] > 0).toBe(true);
    }
    expect(form.deadlines.council > 0 || form.council.vote === 'none').toBe(true);
  });

  it('has unique codes, and only the simplified ad-hoc form skips the council', () => {
    const codes = awardForms.map((f) => f.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(awardForms.filter((f) => !needsCouncilVote(f)).map((f) => f.code)).toEqual(['bangKhenChuTichTinhDotXuat']);
    expect(awardForms.filter((f) => f.simplifiedProcedure).map((f) => f.code)).toEqual(['bangKhenChuTichTinhDotXuat']);
  });

  it('keeps the legal thresholds of DOMAIN §5 as defaults', () => {
    expect(findAwardForm('chienSiThiDuaTinh').council).toMatchObject({ vote: 'secret', threshold: 0.9, denominator: 'members' });
    expect(findAwardForm('coThiDuaTinh').council).toMatchObject({ vote: 'secret', threshold: 0.7, denominator: 'members' });
  });

  it('refuses an unknown code', () => {
    expect(() => findAwardForm('huanChuong')).toThrow(/Unknown award form/);
  });

  it('limits every document kind to PDFs of a sensible size', () => {
    for (const kind of Object.values(documentKinds)) {
      expect(kind.contentTypes).toEqual(['application/pdf']);
      expect(kind.maxBytes).toBeGreaterThanOrEqual(1024 * 1024);
      expect(kind.maxBytes).toBeLessThanOrEqual(50 * 1024 * 1024);
    }
  });
});
