import { findAwardForm } from '#domain/catalogue';
import { ApiClient } from './api-client.ts';
import { samplePdf } from './sample-pdf.ts';

/**
 * The demo province's units, added through the directory API as its administrator would: seed data, not a
 * list any code reads. A restart on kept state finds them already there (409) and moves on.
 */
export const demoUnitPayloads = [
  { unitId: 'so-giao-duc', name: 'Sở Giáo dục và Đào tạo', shortName: 'Sở GD&ĐT', type: 'department', validFrom: '2020-01-01' },
  { unitId: 'so-y-te', name: 'Sở Y tế', shortName: 'Sở Y tế', type: 'department', validFrom: '2020-01-01' },
  { unitId: 'xa-an-binh', name: 'Ủy ban nhân dân xã An Bình', shortName: 'UBND xã An Bình', type: 'commune', validFrom: '2020-01-01' },
  { unitId: 'xa-tan-lap', name: 'Ủy ban nhân dân xã Tân Lập', shortName: 'UBND xã Tân Lập', type: 'commune', validFrom: '2020-01-01' },
] as const;

/**
 * The demo province's people, one or more per role, created by its first administrator through the people API:
 * the same path, rules and audit trail as a province's own accounts. Usernames are what you sign in with.
 */
export const demoPeoplePayloads = [
  { username: 'unit-a-officer', name: 'Nguyễn Thị Lan (Sở GD&ĐT)', email: 'lan.nt@sogd.example.gov.vn', roles: ['unitOfficer'], unitId: 'so-giao-duc' },
  { username: 'unit-a-head', name: 'Trần Văn Hùng (Giám đốc Sở GD&ĐT)', email: 'hung.tv@sogd.example.gov.vn', roles: ['unitHead'], unitId: 'so-giao-duc' },
  { username: 'unit-b-officer', name: 'Lê Văn Minh (UBND xã An Bình)', email: 'minh.lv@anbinh.example.gov.vn', roles: ['unitOfficer'], unitId: 'xa-an-binh' },
  { username: 'unit-c-officer', name: 'Đinh Thị Thu (UBND xã Tân Lập)', email: 'thu.dt@tanlap.example.gov.vn', roles: ['unitOfficer'], unitId: 'xa-tan-lap' },
  { username: 'officer', name: 'Phạm Thu Hà (Chuyên viên Ban TĐKT)', email: 'ha.pt@tdkt.example.gov.vn', roles: ['officer'] },
  { username: 'secretariat-head', name: 'Đỗ Quang Vinh (Trưởng ban TĐKT)', email: 'vinh.dq@tdkt.example.gov.vn', roles: ['secretariatHead'] },
  { username: 'council-secretary', name: 'Vũ Thị Mai (Thư ký Hội đồng)', email: 'mai.vt@tdkt.example.gov.vn', roles: ['councilSecretary'] },
  { username: 'member-1', name: 'Hoàng Văn An (Ủy viên)', email: 'an.hv@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { username: 'member-2', name: 'Bùi Thị Bích (Ủy viên)', email: 'bich.bt@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { username: 'member-3', name: 'Đặng Văn Cường (Ủy viên)', email: 'cuong.dv@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { username: 'member-4', name: 'Ngô Thị Dung (Ủy viên)', email: 'dung.nt@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { username: 'member-5', name: 'Lý Văn Em (Ủy viên)', email: 'em.lv@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  // A provincial role carries no unit: the unit member-6 heads is on their council seat (the roster), for recusal.
  { username: 'member-6', name: 'Trần Văn Hùng (Ủy viên, Giám đốc Sở GD&ĐT)', email: 'hung.tv.hd@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { username: 'member-7', name: 'Phan Thị Giang (Ủy viên)', email: 'giang.pt@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  // The provincial chair decides, and chairs the council (docs/domain.md §5): both roles.
  { username: 'chair', name: 'Chủ tịch UBND tỉnh', email: 'chutich@ubnd.example.gov.vn', roles: ['chair', 'councilMember'] },
  // Signed in, but in no role group yet (a new account before the administrator assigns it): sees nothing but /api/me.
  { username: 'no-role', name: 'Đinh Văn Mới (chưa phân quyền)', email: 'moi.dv@example.gov.vn', roles: [] },
] as const;

/** Posts each payload as the first administrator; one already there (a restart on kept state) answers 409 and is left as it is. */
async function postAll(admin: ApiClient, path: string, payloads: readonly Record<string, unknown>[], idOf: (p: Record<string, unknown>) => unknown): Promise<void> {
  for (const payload of payloads) {
    const res = await admin.post(path, payload);
    if (res.status !== 201 && res.status !== 409) throw new Error(`seed: ${path} ${String(idOf(payload))} failed ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** The demo province's directory (units, then the people of those units and of the province, then the council's roster), through the API. */
export async function seedDemoDirectory(baseUrl: string, options: { keptState?: boolean } = {}): Promise<string | undefined> {
  const admin = await ApiClient.signIn(baseUrl, 'admin');
  await postAll(admin, '/api/units', demoUnitPayloads, (u) => u.unitId);
  await postAll(admin, '/api/people', demoPeoplePayloads, (p) => p.username);
  return seedDemoRoster(baseUrl, options);
}

/**
 * The demo council's roster (one term), set up through the roster API as the administrator would: the
 * provincial chair chairs it, member-1..member-7 sit as members (member-6 for the Sở GD&ĐT he heads), the
 * council secretary keeps the minutes. Its term ends in 2039 so that tests may set up terms of their own
 * after it. A restart on kept state finds the term taken (409) and moves on.
 */
export const demoRosterPayload = {
  title: 'Hội đồng Thi đua – Khen thưởng tỉnh (danh sách mẫu)',
  legalBasis: 'Quyết định số 01/QĐ-UBND ngày 02/01/2020 của UBND tỉnh (mẫu)',
  validFrom: '2020-01-01',
  validTo: '2039-12-31',
  seats: [
    { username: 'chair', seat: 'chair', position: 'Chủ tịch UBND tỉnh, Chủ tịch Hội đồng' },
    { username: 'member-1', seat: 'member', position: 'Phó Giám đốc Sở Nội vụ' },
    { username: 'member-2', seat: 'member', position: 'Chủ tịch Liên đoàn Lao động tỉnh' },
    { username: 'member-3', seat: 'member', position: 'Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh' },
    { username: 'member-4', seat: 'member', position: 'Giám đốc Sở Tài chính' },
    { username: 'member-5', seat: 'member', position: 'Giám đốc Sở Y tế' },
    { username: 'member-6', seat: 'member', position: 'Giám đốc Sở Giáo dục và Đào tạo', unitId: 'so-giao-duc' },
    { username: 'member-7', seat: 'member', position: 'Chánh Văn phòng UBND tỉnh' },
    { username: 'council-secretary', seat: 'secretary', position: 'Thư ký Hội đồng' },
  ],
} as const;

export async function seedDemoRoster(baseUrl: string, options: { keptState?: boolean } = {}): Promise<string | undefined> {
  const admin = await ApiClient.signIn(baseUrl, 'admin');
  const res = await admin.post<{ error?: { message?: { vi: string; en: string } } }>('/api/council-rosters', demoRosterPayload);
  if (res.status === 201 || res.status === 409) return undefined;
  // Kept state whose people no longer fit the demo roster (made by an earlier version, or changed by hand):
  // the start goes on, and says the administrator sets the roster up; a fresh state must always seed it.
  const reason = res.body.error?.message;
  if (options.keptState && res.status === 400 && reason) return `${reason.vi} / ${reason.en}`;
  throw new Error(`seed: council roster failed ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * Demo data, created through the public API like a real unit would: one draft, one dossier waiting for
 * appraisal, one for the council and one for a supplement — so every inbox has something in it.
 */
export async function seedDemoData(baseUrl: string): Promise<string[]> {
  await seedDemoDirectory(baseUrl);
  const unitA = await ApiClient.signIn(baseUrl, 'unit-a-officer');
  const unitB = await ApiClient.signIn(baseUrl, 'unit-b-officer');
  const officer = await ApiClient.signIn(baseUrl, 'officer');
  const year = new Date().getFullYear();
  const created: string[] = [];

  const make = async (client: ApiClient, awardCode: string, title: string, nominee: Record<string, unknown>, uploadAll: boolean) => {
    const res = await client.post<{ dossier: { id: string } }>('/api/dossiers', {
      awardCode,
      year,
      kind: awardCode.includes('DotXuat') ? 'adHoc' : 'regular',
      title,
      summary: 'Hồ sơ mẫu để trình diễn / demo dossier',
      nominees: [nominee],
    });
    if (res.status !== 201) throw new Error(`seed: create failed ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.dossier.id;
    const kinds = findAwardForm(awardCode).requiredDocuments;
    for (const kind of uploadAll ? kinds : kinds.slice(0, 1)) {
      await client.uploadDocument(id, kind, `${kind}.pdf`, samplePdf(`${title} - ${kind}`));
    }
    created.push(id);
    return id;
  };
  // The four dossiers go through the API side by side: first calls of each function start its sandbox.
  const draft = () =>
    make(unitA, 'bangKhenChuTichTinh', 'Bằng khen cho cô giáo Nguyễn Thị Hoa', { name: 'Nguyễn Thị Hoa', recipientType: 'individual', category: 'directWorker', gender: 'female' }, false);
  const awaitingAppraisal = async () => {
    const id = await make(unitA, 'chienSiThiDuaTinh', 'CSTĐ cấp tỉnh: thầy Trần Minh Khoa', { name: 'Trần Minh Khoa', recipientType: 'individual', category: 'other', gender: 'male' }, true);
    await unitA.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
  };
  const awaitingCouncil = async () => {
    const id = await make(unitB, 'coThiDuaTinh', 'Cờ thi đua cấp tỉnh: xã An Bình', { name: 'UBND xã An Bình', recipientType: 'collective' }, true);
    await unitB.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'appraisal', 'UnderAppraisal');
    await officer.post(`/api/dossiers/${id}/tasks/appraisal/complete`, { result: 'eligible', note: 'Đủ tiêu chuẩn' });
    await officer.waitForTask(id, 'council', 'AwaitingCouncil');
  };
  const awaitingSupplement = async () => {
    const id = await make(unitB, 'bangKhenChuTichTinh', 'Bằng khen: Hợp tác xã nông nghiệp An Bình', { name: 'HTX nông nghiệp An Bình', recipientType: 'collective' }, false);
    await unitB.post(`/api/dossiers/${id}/submit`);
    await officer.waitForTask(id, 'supplement', 'SupplementRequested');
  };
  await Promise.all([draft(), awaitingAppraisal(), awaitingCouncil(), awaitingSupplement()]);
  return created;
}
