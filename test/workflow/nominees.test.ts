import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '#domain/errors';
import { as } from './support.ts';

const draft = (over: Record<string, unknown>) => ({
  kind: 'regular',
  year: 2026,
  title: `Đề nghị ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`,
  ...over,
});

/** The refusal names the field and says why in both languages, and no dossier of that title was stored. */
async function expectRefused(body: ReturnType<typeof draft>, field: string, vi: RegExp) {
  const unit = await as('unit-a-officer');
  const res = await unit.post<ErrorBody>('/api/dossiers', body);
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'VALIDATION', field });
  expect(res.body.error.message.vi).toMatch(vi);
  expect(res.body.error.message.en.length).toBeGreaterThan(10);
  const { dossiers } = (await unit.get<{ dossiers: { title: string }[] }>('/api/dossiers')).body;
  expect(dossiers.map((d) => d.title)).not.toContain(body.title);
}

describe("the award form's recipient types and kinds at the API", () => {
  it('refuses a Cờ thi đua for an individual, naming nominees.0.recipientType', async () => {
    await expectRefused(draft({ awardCode: 'coThiDuaTinh', nominees: [{ name: 'Nguyễn Văn A', recipientType: 'individual', category: 'directWorker' }] }), 'nominees.0.recipientType', /không dành cho cá nhân/);
  });

  it('names the second nominee when only it does not fit', async () => {
    const nominees = [{ name: 'Xã An Bình', recipientType: 'collective' }, { name: 'Hộ ông C', recipientType: 'household' }];
    await expectRefused(draft({ awardCode: 'coThiDuaTinh', nominees }), 'nominees.1.recipientType', /hộ gia đình/);
  });

  it('refuses a Chiến sĩ thi đua of the ad-hoc kind, naming kind', async () => {
    await expectRefused(draft({ awardCode: 'chienSiThiDuaTinh', kind: 'adHoc', nominees: [{ name: 'Trần Thị B', recipientType: 'individual', category: 'otherLeader' }] }), 'kind', /Đột xuất/);
  });

  it("refuses a category that is not the recipient type's (a person's category on a collective)", async () => {
    await expectRefused(draft({ awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'Phòng Y', recipientType: 'collective', category: 'directWorker' }] }), 'nominees.0.category', /Đối tượng không hợp/);
  });

  it('refuses a birth year in the future and one before 1900', async () => {
    const future = new Date().getFullYear() + 1;
    // The message names the bound, in plain words (no field code in front since issue 26).
    const bounds: [number, RegExp][] = [[future, /phải nhỏ hơn hoặc bằng \d{4}/], [1899, /phải lớn hơn hoặc bằng 1900/]];
    for (const [birthYear, message] of bounds) {
      await expectRefused(draft({ awardCode: 'bangKhenChuTichTinh', nominees: [{ name: 'Lê C', recipientType: 'individual', category: 'other', birthYear }] }), 'nominees.0.birthYear', message);
    }
  });

  it('stores a dossier that fits its form, with every nominee field as sent', async () => {
    const unit = await as('unit-a-officer');
    const nominees = [
      { name: 'Phạm Văn Giám Đốc', recipientType: 'individual', category: 'departmentLeader', gender: 'male', position: 'Giám đốc Sở', birthYear: 1970, workplace: 'Sở Giáo dục và Đào tạo' },
      { name: 'Công ty TNHH Bình Minh', recipientType: 'collective', category: 'enterprise' },
      { name: 'Hộ bà Năm', recipientType: 'household' },
    ];
    const created = await unit.post<{ dossier: { id: string } }>('/api/dossiers', draft({ awardCode: 'bangKhenChuTichTinh', kind: 'thematic', nominees }));
    expect(created.status).toBe(201);
    const view = await unit.get<{ dossier: { nominees: unknown[] } }>(`/api/dossiers/${created.body.dossier.id}`);
    expect(view.body.dossier.nominees).toEqual(nominees);
  });
});
