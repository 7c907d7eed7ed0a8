/**
 * Demo users of the local runtime: one per role, plus submitters of two different units (local only;
 * on AWS, people are Cognito users in the role groups).
 */
export interface DemoUser {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly unitId?: string;
}

export const demoUsers: readonly DemoUser[] = [
  { userId: 'unit-a-officer', name: 'Nguyễn Thị Lan (Sở GD&ĐT)', email: 'lan.nt@sogd.example.gov.vn', roles: ['unitOfficer'], unitId: 'so-giao-duc' },
  { userId: 'unit-a-head', name: 'Trần Văn Hùng (Giám đốc Sở GD&ĐT)', email: 'hung.tv@sogd.example.gov.vn', roles: ['unitHead'], unitId: 'so-giao-duc' },
  { userId: 'unit-b-officer', name: 'Lê Văn Minh (UBND xã An Bình)', email: 'minh.lv@anbinh.example.gov.vn', roles: ['unitOfficer'], unitId: 'xa-an-binh' },
  { userId: 'unit-c-officer', name: 'Đinh Thị Thu (UBND xã Tân Lập)', email: 'thu.dt@tanlap.example.gov.vn', roles: ['unitOfficer'], unitId: 'xa-tan-lap' },
  { userId: 'officer', name: 'Phạm Thu Hà (Chuyên viên Ban TĐKT)', email: 'ha.pt@tdkt.example.gov.vn', roles: ['officer'] },
  { userId: 'secretariat-head', name: 'Đỗ Quang Vinh (Trưởng ban TĐKT)', email: 'vinh.dq@tdkt.example.gov.vn', roles: ['secretariatHead'] },
  { userId: 'council-secretary', name: 'Vũ Thị Mai (Thư ký Hội đồng)', email: 'mai.vt@tdkt.example.gov.vn', roles: ['councilSecretary'] },
  { userId: 'member-1', name: 'Hoàng Văn An (Ủy viên)', email: 'an.hv@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { userId: 'member-2', name: 'Bùi Thị Bích (Ủy viên)', email: 'bich.bt@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { userId: 'member-3', name: 'Đặng Văn Cường (Ủy viên)', email: 'cuong.dv@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { userId: 'member-4', name: 'Ngô Thị Dung (Ủy viên)', email: 'dung.nt@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { userId: 'member-5', name: 'Lý Văn Em (Ủy viên)', email: 'em.lv@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  { userId: 'member-6', name: 'Trần Văn Hùng (Ủy viên, Giám đốc Sở GD&ĐT)', email: 'hung.tv.hd@hdtdkt.example.gov.vn', roles: ['councilMember'], unitId: 'so-giao-duc' },
  { userId: 'member-7', name: 'Phan Thị Giang (Ủy viên)', email: 'giang.pt@hdtdkt.example.gov.vn', roles: ['councilMember'] },
  // The provincial chair also chairs the council (DOMAIN §5), so votes in it: a council member too.
  { userId: 'chair', name: 'Chủ tịch UBND tỉnh', email: 'chutich@ubnd.example.gov.vn', roles: ['chair', 'councilMember'] },
  { userId: 'admin', name: 'Quản trị hệ thống', email: 'admin@tdkt.example.gov.vn', roles: ['admin'] },
  // Signed in, but in no role group yet (a new account before the administrator assigns it): sees nothing but /api/me.
  { userId: 'no-role', name: 'Đinh Văn Mới (chưa phân quyền)', email: 'moi.dv@example.gov.vn', roles: [] },
];
