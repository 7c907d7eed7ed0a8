import { describe, expect, it } from 'vitest';
import { as, draftDossier } from './support.ts';

type ErrorBody = { error: { code: string; field?: string; message: { vi: string; en: string } } };
interface FormRule { councilVote: string; threshold: number; base: string; requiredDocuments: string[]; deadlines: Record<string, number> }
interface Regulation { effectiveFrom: string; version: number; legalBasis: { title: string; number: string }[]; awardSessionQuorum: number; recusedLeaveBase: boolean; returnAfterMissedSupplement: boolean; forms: Record<string, FormRule> }

/** A regulation as an administrator sends it: the defaults, with Bằng khen sent to the chair without a vote. */
async function bangKhenWithoutVote(): Promise<Record<string, unknown>> {
  const { defaults } = (await (await as('admin')).get<{ defaults: { regulation: Regulation } }>('/api/regulations')).body;
  const { effectiveFrom: _e, version: _v, ...settings } = defaults.regulation;
  return {
    ...settings,
    provinceRegulation: { title: 'Quy chế thi đua, khen thưởng tỉnh', number: '86/2025/QĐ-UBND', date: '2025-08-01' },
    forms: { ...settings.forms, bangKhenChuTichTinh: { ...settings.forms.bangKhenChuTichTinh!, councilVote: 'none' } },
    reason: 'Quy chế mới của tỉnh',
  };
}

describe("the province's regulation as versioned data", () => {
  it('starts from the defaults of current law with their sources: Decree 152/2025 in the legal basis, Cờ thi đua at 80 % of all members, recused members kept in the base', async () => {
    const res = await (await as('officer')).get<{ inForce: Regulation; defaults: { regulation: Regulation; sources: Record<string, string> } }>('/api/regulations');
    expect(res.status).toBe(200);
    const { regulation, sources } = res.body.defaults;
    expect(regulation.legalBasis.map((l) => l.number)).toEqual(['06/2022/QH15', '152/2025/NĐ-CP', '15/2025/TT-BNV']);
    expect(regulation.forms.coThiDuaTinh).toMatchObject({ councilVote: 'secret', threshold: 0.8, base: 'members' });
    expect(regulation.forms.chienSiThiDuaTinh).toMatchObject({ councilVote: 'secret', threshold: 0.9, requiredDocuments: expect.arrayContaining(['reviewMinutes', 'initiativeRecognition']) });
    expect(regulation.recusedLeaveBase).toBe(false);
    expect(sources.coThiDuaTinh).toContain('80 %');
  });

  it('an administrator issues a regulation effective from a later date, audited; a dossier submitted today keeps the rules in force today', async () => {
    // Prepare
    const admin = await as('admin');
    const body = await bangKhenWithoutVote();
    const date = `2099-0${1 + Math.floor(Math.random() * 9)}-${String(10 + Math.floor(Math.random() * 18))}`;
    // Act
    const issued = await admin.request<{ regulation: Regulation }>('PUT', `/api/regulations/${date}`, body);
    const replaced = await admin.request<{ regulation: Regulation }>('PUT', `/api/regulations/${date}`, { ...body, awardSessionQuorum: 0.8 });
    const { id } = await draftDossier('unit-a-officer', 'bangKhenChuTichTinh');
    const submitted = await (await as('unit-a-officer')).post<{ dossier: { rules: { regulationFrom: string; form: FormRule } } }>(`/api/dossiers/${id}/submit`);
    // Assess
    expect([issued.status, replaced.status]).toEqual([201, 200]);
    expect(replaced.body.regulation).toMatchObject({ effectiveFrom: date, version: 2, awardSessionQuorum: 0.8 });
    const listed = (await admin.get<{ versions: Regulation[]; inForce: Regulation }>('/api/regulations')).body;
    expect(listed.versions.find((v) => v.effectiveFrom === date)?.forms.bangKhenChuTichTinh?.councilVote).toBe('none');
    expect(listed.inForce.effectiveFrom <= new Date().toISOString().slice(0, 10)).toBe(true);
    // Submitted today, judged by today's rules: a council vote, not the 2099 text's none.
    expect(submitted.status).toBe(202);
    expect(submitted.body.dossier.rules.regulationFrom).toBe(listed.inForce.effectiveFrom);
    expect(submitted.body.dossier.rules.form.councilVote).toBe(listed.inForce.forms.bangKhenChuTichTinh!.councilVote);
    expect(submitted.body.dossier.rules.form.councilVote).not.toBe('none');
    const changes = (await admin.get<{ changes: { entityId: string; action: string; changed: string[]; reason?: string }[] }>('/api/directory-changes?entity=regulation&limit=100')).body.changes.filter((c) => c.entityId === date);
    expect(changes.map((c) => c.action)).toEqual(['edited', 'created']);
    expect(changes[0]!.changed).toEqual(['awardSessionQuorum', 'version']);
    expect(changes[1]!.reason).toBe('Quy chế mới của tỉnh');
  });

  it('refuses a date in the past, a share above 100 %, a ballot-less Chiến sĩ thi đua and anyone but the administrator, naming the field and storing nothing', async () => {
    const admin = await as('admin');
    const body = await bangKhenWithoutVote();
    const forms = body.forms as Record<string, FormRule>;
    const cases: [string, Record<string, unknown>, number, string][] = [
      ['2020-01-01', body, 400, 'effectiveFrom'],
      ['2098-02-03', { ...body, forms: { ...forms, coThiDuaTinh: { ...forms.coThiDuaTinh!, threshold: 1.5 } } }, 400, 'forms.coThiDuaTinh.threshold'],
      ['2098-02-03', { ...body, forms: { ...forms, chienSiThiDuaTinh: { ...forms.chienSiThiDuaTinh!, councilVote: 'none' } } }, 400, 'forms.chienSiThiDuaTinh.councilVote'],
      ['2098-02-03', { ...body, legalBasis: [] }, 400, 'legalBasis'],
      ['not-a-date', body, 400, 'effectiveFrom'],
    ];
    for (const [date, payload, status, field] of cases) {
      const res = await admin.request<ErrorBody>('PUT', `/api/regulations/${date}`, payload);
      expect({ status: res.status, field: res.body.error?.field }, `${date} ${field}`).toEqual({ status, field });
      expect(res.body.error.message.vi).toBeTruthy();
    }
    for (const user of ['officer', 'secretariat-head', 'chair']) expect((await (await as(user)).request('PUT', '/api/regulations/2098-02-04', body)).status).toBe(403);
    const versions = (await admin.get<{ versions: Regulation[] }>('/api/regulations')).body.versions;
    expect(versions.some((v) => v.effectiveFrom === '2098-02-03' || v.effectiveFrom === '2098-02-04')).toBe(false);
  });
});
