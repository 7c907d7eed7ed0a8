import { describe, expect, it } from 'vitest';
import { awardCodes, awardForms, documentKinds, findAwardForm, needsCouncilVote } from '#domain/catalogue';
import { awardCriteria, awardNames, awardSources, describedCatalogue, documentNames } from '#domain/catalogue-texts';

const certainties = ['verified', 'oldRule', 'unverified'];
const forms = awardForms.map((f) => [f.code, f] as const);

describe('the award catalogue', () => {
  it('is not empty, and its codes are unique and listed in awardCodes', () => {
    // Arrange
    const codes = awardForms.map((f) => f.code);
    // Assess
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...awardCodes]).toEqual(codes);
  });

  it.each(forms)('%s carries a non-empty source and a known certainty, for itself, its council rule and its deadlines', (code) => {
    const sources = awardSources[code];
    for (const sourced of [sources.form, sources.council, sources.deadlines]) {
      expect(sourced.source.trim()).not.toBe('');
      expect(certainties).toContain(sourced.certainty);
    }
    expect(awardNames[code].vi.trim()).not.toBe('');
    expect(awardNames[code].en.trim()).not.toBe('');
    expect(awardCriteria[code].vi.trim()).not.toBe('');
    expect(awardCriteria[code].en.trim()).not.toBe('');
  });

  it.each(forms)('%s requires at least one document, each a known document kind, none twice', (_code, form) => {
    expect(form.requiredDocuments.length).toBeGreaterThan(0);
    expect(new Set(form.requiredDocuments).size).toBe(form.requiredDocuments.length);
    for (const kind of form.requiredDocuments) expect(Object.keys(documentKinds)).toContain(kind);
  });

  it.each(forms)('%s has a threshold and a quorum in (0, 1]', (_code, form) => {
    for (const share of [form.council.threshold, form.council.quorum]) {
      expect(Number.isFinite(share)).toBe(true);
      expect(share).toBeGreaterThan(0);
      expect(share).toBeLessThanOrEqual(1);
    }
    expect(['members', 'present']).toContain(form.council.denominator);
  });

  it.each(forms)('%s has deadlines in whole working days (the council step may be 0 only without a vote)', (_code, form) => {
    const { completeness, supplement, appraisal, council, chairDecision } = form.deadlines;
    for (const days of [completeness, supplement, appraisal, chairDecision]) {
      expect(Number.isInteger(days)).toBe(true);
      expect(days).toBeGreaterThan(0);
    }
    expect(Number.isInteger(council)).toBe(true);
    expect(council).toBeGreaterThanOrEqual(form.council.vote === 'none' ? 0 : 1);
  });

  it('lets only the simplified ad-hoc form skip the council vote', () => {
    // Act
    const withoutVote = awardForms.filter((f) => !needsCouncilVote(f));
    // Assess
    expect(withoutVote.map((f) => f.code)).toEqual(['bangKhenChuTichTinhDotXuat']);
    expect(withoutVote[0]).toMatchObject({ simplifiedProcedure: true, kinds: ['adHoc'] });
    expect(awardForms.filter((f) => f.simplifiedProcedure).map((f) => f.code)).toEqual(['bangKhenChuTichTinhDotXuat']);
  });

  it('keeps the simplified procedure to a proposal and a short summary (docs/domain.md §4, §10 case 2)', () => {
    expect([...findAwardForm('bangKhenChuTichTinhDotXuat').requiredDocuments].sort()).toEqual(['achievementSummary', 'proposalLetter']);
  });

  it('keeps the thresholds of docs/domain.md §5 as defaults, on all members', () => {
    expect(findAwardForm('chienSiThiDuaTinh').council).toMatchObject({ vote: 'secret', threshold: 0.9, denominator: 'members' });
    expect(findAwardForm('coThiDuaTinh').council).toMatchObject({ vote: 'secret', threshold: 0.7, denominator: 'members' });
    expect(findAwardForm('chienSiThiDuaTinh').requiredDocuments).toContain('initiativeRecognition');
  });

  it('finds a form by its code and refuses an unknown one', () => {
    expect(findAwardForm('coThiDuaTinh').code).toBe('coThiDuaTinh');
    expect(() => findAwardForm('huanChuong')).toThrow(/Unknown award form 'huanChuong'/);
  });

  it('limits every document kind to PDFs of a bounded size, with a bilingual name', () => {
    for (const [name, kind] of Object.entries(documentKinds)) {
      expect(kind.contentTypes).toEqual(['application/pdf']);
      expect(kind.maxBytes).toBeGreaterThanOrEqual(1024 * 1024);
      expect(kind.maxBytes).toBeLessThanOrEqual(50 * 1024 * 1024);
      const title = documentNames[name as keyof typeof documentNames];
      expect(title.vi.trim()).not.toBe('');
      expect(title.en.trim()).not.toBe('');
    }
  });

  it('serves each form and document kind with its rules and its texts together (the public catalogue)', () => {
    // Act
    const described = describedCatalogue();
    // Assess
    expect(described.awardForms.map((f) => f.code)).toEqual([...awardCodes]);
    for (const form of described.awardForms) {
      const rules = findAwardForm(form.code);
      const sources = awardSources[form.code];
      expect(form).toEqual({ ...rules, name: awardNames[form.code], criteria: awardCriteria[form.code], deadlines: { ...rules.deadlines, ...sources.deadlines }, council: { ...rules.council, ...sources.council }, ...sources.form });
    }
    expect(Object.keys(described.documentKinds)).toEqual(Object.keys(documentKinds));
    for (const [kind, entry] of Object.entries(described.documentKinds)) expect(entry).toEqual({ ...documentKinds[kind as keyof typeof documentKinds], name: documentNames[kind as keyof typeof documentNames] });
  });
});
