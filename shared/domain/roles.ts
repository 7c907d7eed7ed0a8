/**
 * Who may do what (docs/domain.md §2). Roles are Cognito groups; a unit's people carry their unit in `custom:unitId`.
 * Every check is a pure function of the actor and the record, so the same rules hold on AWS and locally.
 */
import type { ActorRef, DossierRecord } from '#schemas/records';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from './errors.ts';
import type { HumanStep } from './workflow.ts';

export const roles = ['unitOfficer', 'unitHead', 'officer', 'secretariatHead', 'councilMember', 'councilSecretary', 'chair', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, { vi: string; en: string }> = {
  unitOfficer: { vi: 'Cán bộ đơn vị trình', en: 'Submitting unit officer' },
  unitHead: { vi: 'Thủ trưởng đơn vị trình', en: 'Head of submitting unit' },
  officer: { vi: 'Chuyên viên Ban Thi đua – Khen thưởng', en: 'Secretariat officer' },
  secretariatHead: { vi: 'Trưởng ban Thi đua – Khen thưởng', en: 'Head of the secretariat' },
  councilMember: { vi: 'Ủy viên Hội đồng', en: 'Council member' },
  councilSecretary: { vi: 'Thư ký Hội đồng', en: 'Council secretary' },
  chair: { vi: 'Chủ tịch UBND tỉnh', en: 'Provincial chair' },
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
};

export interface Actor {
  readonly userId: string;
  readonly name?: string;
  readonly email?: string;
  readonly roles: readonly Role[];
  readonly unitId?: string;
}

const unitRoles: readonly Role[] = ['unitOfficer', 'unitHead'];
const secretariatRoles: readonly Role[] = ['officer', 'secretariatHead', 'admin'];

/**
 * The actor from verified JWT claims. API Gateway flattens array claims to "[a b]" strings, so groups may
 * arrive as an array, a bracketed space-separated string, or a single name. Unknown groups are dropped.
 */
export function parseActor(claims: Readonly<Record<string, unknown>>): Actor {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new UnauthorizedError();
  const raw = claims['cognito:groups'];
  const groups = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean)
      : [];
  const known = groups.filter((g): g is Role => (roles as readonly string[]).includes(g));
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const name = str(claims.name);
  const email = str(claims.email);
  const unitId = str(claims['custom:unitId']);
  return { userId: sub, roles: known, ...(name ? { name } : {}), ...(email ? { email } : {}), ...(unitId ? { unitId } : {}) };
}

/**
 * A signed-in person in no role group (a new account, or one whose roles were taken away) may see who they are
 * and nothing else: without this, "not a unit actor" would read as "provincial" and see every unit's dossiers.
 */
export function assertHasRole(actor: Actor): void {
  if (actor.roles.length === 0) {
    throw new ForbiddenError({ code: 'NO_ROLE', messages: { vi: 'Tài khoản chưa được phân quyền; đề nghị liên hệ quản trị hệ thống', en: 'Your account has no role yet; ask the administrator' } });
  }
}

export function actorRef(actor: Actor): ActorRef {
  return { userId: actor.userId, ...(actor.name ? { name: actor.name } : {}), roles: [...actor.roles], ...(actor.unitId ? { unitId: actor.unitId } : {}) };
}

export function hasRole(actor: Actor, ...wanted: readonly Role[]): boolean {
  return actor.roles.some((r) => wanted.includes(r));
}

/** A person of a submitting unit (and of no provincial body). */
export function isUnitActor(actor: Actor): boolean {
  return hasRole(actor, ...unitRoles) && !hasRole(actor, ...secretariatRoles, 'councilMember', 'councilSecretary', 'chair');
}

function forbidden(vi: string, en: string, field?: string): ForbiddenError {
  return new ForbiddenError({ messages: { vi, en }, ...(field ? { field } : {}) });
}

/**
 * What a route asks of the caller's roles alone, before it reads a record: who may, and what the others hear.
 * Route descriptors name these (shared/schemas/routes/), so the API checks, the OpenAPI document and the README
 * table all read the one list; the assertCan… functions below check the same objects.
 */
export interface Permission {
  readonly roles: readonly Role[];
  readonly refusal: { readonly vi: string; readonly en: string };
}
const permission = (roles: readonly Role[], vi: string, en: string): Permission => ({ roles, refusal: { vi, en } });
export const permissions = {
  readRosters: permission(['admin', 'councilSecretary', 'secretariatHead'], 'Bạn không có quyền xem danh sách Hội đồng', 'You may not read the council rosters'),
  manageRosters: permission(['admin'], 'Chỉ quản trị hệ thống được lập, sửa danh sách Hội đồng', 'Only an administrator may set up or change the council roster'),
  managePeople: permission(['admin'], 'Chỉ quản trị hệ thống được quản lý tài khoản người dùng', 'Only an administrator may manage accounts'),
  setRegulation: permission(['admin'], 'Chỉ quản trị hệ thống được ban hành quy chế trong ứng dụng', 'Only an administrator may set the regulation'),
  readDirectoryChanges: permission(['admin'], 'Chỉ quản trị hệ thống được xem lịch sử thay đổi danh mục', 'Only an administrator may read the directory changes'),
  manageClusters: permission(['admin'], 'Chỉ quản trị hệ thống được quản lý cụm, khối thi đua', 'Only an administrator may manage clusters and blocs'),
  manageUnits: permission(['admin'], 'Chỉ quản trị hệ thống được quản lý danh mục đơn vị', 'Only an administrator may manage the unit directory'),
  importDirectory: permission(['admin'], 'Chỉ quản trị hệ thống được nhập danh mục đơn vị, người dùng từ tệp', 'Only an administrator may import units or people from a file'),
  manageSession: permission(['councilSecretary', 'secretariatHead'], 'Chỉ Thư ký Hội đồng được mở, đóng phiên họp', 'Only the council secretary may open or close a session'),
  readReports: permission(['officer', 'secretariatHead', 'chair', 'admin'], 'Bạn không có quyền xem báo cáo tổng hợp', 'You may not read the year-end reports'),
  runReports: permission(['secretariatHead', 'admin'], 'Chỉ Trưởng ban hoặc quản trị được chạy lại tổng hợp', 'Only the secretariat head or an admin may run the aggregation'),
  redrive: permission(['secretariatHead', 'admin'], 'Chỉ Trưởng ban hoặc quản trị được chạy lại quy trình bị lỗi', 'Only the secretariat head or an admin may run a failed workflow again'),
  checkIntegrity: permission(['secretariatHead', 'admin'], 'Chỉ Trưởng ban hoặc quản trị viên được kiểm tra toàn vẹn dữ liệu', 'Only the head of the secretariat or an admin may check integrity'),
  verifyAudit: permission(['secretariatHead', 'admin'], 'Chỉ Trưởng ban hoặc quản trị viên được kiểm tra nhật ký', 'Only the head of the secretariat or an admin may verify the audit trail'),
  readUpwardQueue: permission(['officer', 'secretariatHead', 'chair', 'admin'], 'Bạn không có quyền xem danh sách hồ sơ đã trình cấp trên', 'You may not read the proposals forwarded upward'),
  recordCentralOutcome: permission(['officer', 'secretariatHead'], 'Chỉ Ban Thi đua – Khen thưởng tỉnh được ghi kết quả của cấp trên', 'Only the secretariat may record the central answer'),
} as const satisfies Record<string, Permission>;

export function assertPermitted(actor: Actor, { roles: allowed, refusal }: Permission): void {
  if (!hasRole(actor, ...allowed)) throw forbidden(refusal.vi, refusal.en);
}

/** Only a unit officer with a unit creates dossiers, always for their own unit. Returns that unit. */
export function assertCanCreateDossier(actor: Actor): string {
  if (!hasRole(actor, 'unitOfficer')) throw forbidden('Chỉ cán bộ đơn vị trình được tạo hồ sơ', 'Only a submitting unit officer may create a dossier');
  if (!actor.unitId) throw forbidden('Tài khoản chưa gắn với đơn vị nào', 'Your account belongs to no unit', 'unitId');
  return actor.unitId;
}

/**
 * Units see only their own dossiers; provincial roles see all. Another unit's dossier answers 404, not 403,
 * so ids of other units' dossiers reveal nothing.
 */
export function assertCanViewDossier(actor: Actor, dossier: Pick<DossierRecord, 'id' | 'unitId'>): void {
  if (hasRole(actor, ...secretariatRoles, 'councilMember', 'councilSecretary', 'chair')) return;
  if (hasRole(actor, ...unitRoles) && actor.unitId === dossier.unitId) return;
  throw new NotFoundError({ field: 'dossierId', messages: { vi: 'Không tìm thấy hồ sơ', en: 'Dossier not found' } });
}

/** Drafting, uploading and submitting: the unit's own officer. */
export function assertCanEditDossier(actor: Actor, dossier: Pick<DossierRecord, 'id' | 'unitId'>): void {
  assertCanViewDossier(actor, dossier);
  if (!hasRole(actor, 'unitOfficer') || actor.unitId !== dossier.unitId) {
    throw forbidden('Chỉ cán bộ của đơn vị trình được sửa hồ sơ này', "Only the submitting unit's officer may change this dossier");
  }
}

export function assertCanWithdraw(actor: Actor, dossier: Pick<DossierRecord, 'id' | 'unitId'>): void {
  assertCanViewDossier(actor, dossier);
  if (!hasRole(actor, 'unitOfficer', 'unitHead') || actor.unitId !== dossier.unitId) {
    throw forbidden('Chỉ đơn vị trình được rút hồ sơ', 'Only the submitting unit may withdraw its dossier');
  }
}

/** A dossier whose supplement is overdue is returned by hand by the secretariat (an officer or its head). */
export function assertCanReturnDossier(actor: Actor, dossier: Pick<DossierRecord, 'id' | 'unitId'>): void {
  assertCanViewDossier(actor, dossier);
  if (!hasRole(actor, 'officer', 'secretariatHead')) {
    throw forbidden('Chỉ Ban Thi đua – Khen thưởng được trả lại hồ sơ', 'Only the secretariat may return a dossier');
  }
}

/** Human steps: supplement by the unit's officer, appraisal by an officer, the decision by the chair. */
export function assertCanActOnStep(actor: Actor, step: HumanStep, dossier: Pick<DossierRecord, 'id' | 'unitId'>): void {
  assertCanViewDossier(actor, dossier);
  const allowed =
    step === 'supplement'
      ? hasRole(actor, 'unitOfficer') && actor.unitId === dossier.unitId
      : step === 'appraisal'
        ? hasRole(actor, 'officer', 'secretariatHead')
        : step === 'chairDecision'
          ? hasRole(actor, 'chair')
          : false;
  if (!allowed) {
    throw forbidden(
      step === 'council' ? 'Kết quả Hội đồng được ghi khi đóng phiên họp' : 'Bạn không có quyền thực hiện bước này',
      step === 'council' ? 'The council result is recorded by closing its session' : 'You may not act on this step',
      'step',
    );
  }
}

export function assertCanManageSession(actor: Actor): void {
  assertPermitted(actor, permissions.manageSession);
}

export function assertCanViewSession(actor: Actor, session: { memberIds: readonly string[] }): void {
  if (hasRole(actor, 'councilSecretary', 'secretariatHead', 'chair', 'admin')) return;
  if (hasRole(actor, 'councilMember') && session.memberIds.includes(actor.userId)) return;
  throw forbidden('Bạn không thuộc phiên họp này', 'You are not part of this session');
}

/**
 * Who lists sessions, and which: the roles that see every session (as assertCanViewSession) list them all —
 * no member filter; a council member lists the sessions they sit on. Everyone else is refused.
 */
export function sessionListScope(actor: Actor): { memberId?: string } {
  if (hasRole(actor, 'councilSecretary', 'secretariatHead', 'chair', 'admin')) return {};
  if (hasRole(actor, 'councilMember')) return { memberId: actor.userId };
  throw forbidden('Bạn không có quyền xem các phiên họp Hội đồng', 'You may not list council sessions');
}

/** One ballot per member of the session, on a dossier of the session, while it is open. */
export function assertCanCastBallot(
  actor: Actor,
  session: { state: string; memberIds: readonly string[]; absentMemberIds?: readonly string[]; dossierIds: readonly string[] },
  dossierId: string,
  written = false,
): void {
  if (!hasRole(actor, 'councilMember') || !session.memberIds.includes(actor.userId)) {
    throw forbidden('Chỉ ủy viên Hội đồng của phiên họp được bỏ phiếu', 'Only members of this council session may vote');
  }
  const absent = session.absentMemberIds?.includes(actor.userId) ?? false;
  // An absent member gives their opinion in writing (docs/domain.md §5), and says so; a member in the room votes in it.
  if (absent && !written) {
    throw new ConflictError({
      code: 'MEMBER_ABSENT',
      field: 'sessionId',
      messages: { vi: 'Thư ký đã ghi bạn vắng mặt ở phiên họp này: hãy gửi ý kiến bằng văn bản', en: 'The secretary marked you absent from this session: send your opinion in writing' },
    });
  }
  if (!absent && written) {
    throw new ValidationError({ field: 'written', messages: { vi: 'Chỉ thành viên vắng mặt gửi ý kiến bằng văn bản', en: 'Only a member marked absent sends a written opinion' } });
  }
  if (!session.dossierIds.includes(dossierId)) {
    throw new NotFoundError({ field: 'dossierId', messages: { vi: 'Hồ sơ không thuộc phiên họp này', en: 'The dossier is not on this session' } });
  }
  if (session.state !== 'open') {
    throw new ConflictError({ code: 'SESSION_CLOSED', field: 'sessionId', messages: { vi: 'Phiên họp đã kết thúc', en: 'The session is closed' } });
  }
}

/**
 * The council's rosters (its terms): set up and changed by the administrator, read by those who open sessions
 * on them (the council secretary, the secretariat head) and by the administrator, who also reads their history.
 */
export function assertCanReadRosters(actor: Actor): void {
  assertPermitted(actor, permissions.readRosters);
}
export function assertCanManageRosters(actor: Actor): void {
  assertPermitted(actor, permissions.manageRosters);
}

/** Admins manage clusters and blocs and their member units (docs/domain.md §2). */
/** Accounts, their roles and units are the administrator's alone. */
export function assertCanManagePeople(actor: Actor): void {
  assertPermitted(actor, permissions.managePeople);
}

/** The province's regulation (thresholds, documents, deadlines) is the administrator's to set. */
export function assertCanSetRegulation(actor: Actor): void {
  assertPermitted(actor, permissions.setRegulation);
}

/** Who changed what in the directory: personal data of people and the council, so the administrator only. */
export function assertCanReadDirectoryChanges(actor: Actor): void {
  assertPermitted(actor, permissions.readDirectoryChanges);
}

export function assertCanManageClusters(actor: Actor): void {
  assertPermitted(actor, permissions.manageClusters);
}

/** Admins keep the unit directory and read its history (docs/domain.md §2); everyone signed in reads names. */
export function assertCanManageUnits(actor: Actor): void {
  assertPermitted(actor, permissions.manageUnits);
}

/** Bulk imports of units and people change both directories at once: the administrator's alone, as each is. */
export function assertCanImportDirectory(actor: Actor): void {
  assertPermitted(actor, permissions.importDirectory);
}

/** A unit signs its own pledge. */
export function assertCanSignPledge(actor: Actor, unitId: string): void {
  if (!hasRole(actor, 'unitOfficer', 'unitHead') || actor.unitId !== unitId) {
    throw forbidden('Chỉ đơn vị được ký giao ước của chính mình', 'A unit may only sign its own pledge', 'unitId');
  }
}

/** The cluster head (trưởng cụm, khối) scores and ranks its members at year end. */
export function assertCanRankCluster(actor: Actor, cluster: { headUnitId: string }): void {
  if (!hasRole(actor, 'unitOfficer', 'unitHead') || actor.unitId !== cluster.headUnitId) {
    throw forbidden('Chỉ đơn vị trưởng cụm, khối được chấm điểm, xếp hạng', 'Only the head unit of the cluster may score and rank it');
  }
}

/**
 * The documents generated from the chair's approval: the draft DOCX and the printer's list are the secretariat's
 * and the chair's working files; the decision PDF is also the submitting unit's to read.
 */
export function assertCanReadDecisionFile(actor: Actor, dossier: Pick<DossierRecord, 'id' | 'unitId'>, kind: 'docx' | 'pdf' | 'xlsx' | 'proposal-docx' | 'proposal-pdf'): void {
  assertCanViewDossier(actor, dossier);
  if (hasRole(actor, ...secretariatRoles, 'chair')) return;
  // The signed proposal (PDF) is the unit's to read as the decision is; its draft (DOCX) is not.
  if ((kind === 'pdf' || kind === 'proposal-pdf') && hasRole(actor, ...unitRoles) && actor.unitId === dossier.unitId) return;
  throw forbidden(
    kind.endsWith('pdf') ? 'Bạn không có quyền xem quyết định của hồ sơ này' : 'Chỉ Ban Thi đua – Khen thưởng tỉnh và Chủ tịch được tải dự thảo quyết định và danh sách in',
    kind.endsWith('pdf') ? "You may not read this dossier's decision" : 'Only the secretariat and the chair may download the draft decision and the printing list',
  );
}

/** Year-end reports are read by the secretariat, the chair and admins; run again by the secretariat head or an admin. */
export function assertCanReadReports(actor: Actor): void {
  assertPermitted(actor, permissions.readReports);
}
export function assertCanRunReports(actor: Actor): void {
  assertPermitted(actor, permissions.runReports);
}

/** A failed workflow is run again (redrive) by the secretariat head or an admin, who are alerted of failures. */
export function assertCanRedrive(actor: Actor): void {
  assertPermitted(actor, permissions.redrive);
}

/** Revocation (Law Ch. VII): the secretariat proposes it (officer or head), on an awarded dossier. */
export function assertCanProposeRevocation(actor: Actor, dossier: Pick<DossierRecord, 'id' | 'unitId'>): void {
  assertCanViewDossier(actor, dossier);
  if (!hasRole(actor, 'officer', 'secretariatHead')) {
    throw forbidden('Chỉ Ban Thi đua – Khen thưởng tỉnh được đề nghị hủy bỏ khen thưởng', 'Only the secretariat may propose revoking an award');
  }
}

/** ...and the chair, who signed the award decision, signs its revocation. */
export function assertCanRevoke(actor: Actor, dossier: Pick<DossierRecord, 'id' | 'unitId'>): void {
  assertCanViewDossier(actor, dossier);
  if (!hasRole(actor, 'chair')) {
    throw forbidden('Chỉ Chủ tịch Ủy ban nhân dân tỉnh được quyết định hủy bỏ khen thưởng', 'Only the provincial chair may revoke an award');
  }
}

/**
 * A person's award history: the secretariat records and reads any unit's; a submitting unit records and reads
 * its own people's (it knows their earlier awards); the chair reads. Answers the unit the entry belongs to.
 */
export function assertCanRecordHistory(actor: Actor, unitId: string | undefined): string {
  if (hasRole(actor, 'officer', 'secretariatHead', 'admin')) {
    if (!unitId) throw new ValidationError({ field: 'unitId', messages: { vi: 'Vui lòng chọn đơn vị của người được khen', en: "Choose the person's unit" } });
    return unitId;
  }
  if (hasRole(actor, 'unitOfficer') && actor.unitId && (!unitId || unitId === actor.unitId)) return actor.unitId;
  throw forbidden('Chỉ Ban Thi đua – Khen thưởng tỉnh hoặc đơn vị của người được khen được ghi lịch sử khen thưởng', "Only the secretariat or the person's own unit may record award history");
}
export function assertCanReadHistory(actor: Actor, unitId: string): void {
  if (hasRole(actor, 'officer', 'secretariatHead', 'admin', 'chair')) return;
  if (hasRole(actor, 'unitOfficer', 'unitHead') && actor.unitId === unitId) return;
  throw forbidden('Bạn không có quyền xem lịch sử khen thưởng của người này', "You may not read this person's award history");
}

/** The central level's answers are recorded, and the upward queue read, by the secretariat. */
export function assertCanRecordCentralOutcome(actor: Actor): void {
  assertPermitted(actor, permissions.recordCentralOutcome);
}
export function assertCanReadUpwardQueue(actor: Actor): void {
  assertPermitted(actor, permissions.readUpwardQueue);
}
