/**
 * The daily digest: what the daily sweep found for each person — steps due soon, steps overdue, proposals whose
 * central answer is overdue — in ONE mail per address per sweep, instead of one mail per task (issue 26).
 * Pure; the sweep (functions/sweep-deadlines) collects the items it marked and sends what this builds.
 */
import type { DossierRecord } from '#schemas/records';
import { formatDateVi } from './calendar.ts';
import type { Bilingual } from './errors.ts';
import { humanSteps } from './lifecycle.ts';
import { type Letter, type ListItem, renderMail, signature } from './mail-layout.ts';
import { addressesOf, type Notification, type NotificationContext, type Recipient } from './notifications.ts';
import type { HumanStep } from './workflow.ts';

export type DigestItem =
  /** A step due within the reminder horizon: told to whoever must do it. */
  | { readonly kind: 'dueSoon'; readonly dossier: DigestDossier; readonly step: HumanStep; readonly dueAt: string }
  /** A step past its deadline: told to the head of the secretariat. */
  | { readonly kind: 'overdue'; readonly dossier: DigestDossier; readonly step: HumanStep; readonly dueAt: string }
  /** A proposal forwarded upward whose answer is overdue: told to the secretariat. */
  | { readonly kind: 'centralOverdue'; readonly dossier: DigestDossier; readonly dueDate: string; readonly months: number };

export type DigestDossier = Pick<DossierRecord, 'id' | 'title' | 'unitId' | 'contactEmail' | 'proposal'> & { readonly unitName: string };

/** Who is told of an item: the person who must do the step; overdue steps the head; overdue answers the secretariat. */
export function digestRecipients(item: DigestItem): Recipient[] {
  if (item.kind === 'overdue') return ['secretariatHead'];
  if (item.kind === 'centralOverdue') return ['officer', 'secretariatHead'];
  const role = humanSteps[item.step].role;
  return [role === 'unitOfficer' ? 'unit' : (role as Recipient)];
}

const greetings: Record<Recipient, Bilingual> = {
  unit: { vi: '', en: '' },
  officer: { vi: 'Chuyên viên Ban Thi đua – Khen thưởng tỉnh', en: 'Officers of the Provincial Emulation and Commendation Board' },
  secretariatHead: { vi: 'Trưởng Ban Thi đua – Khen thưởng tỉnh', en: 'Head of the Provincial Emulation and Commendation Board' },
  secretariat: { vi: 'Ban Thi đua – Khen thưởng tỉnh', en: 'Provincial Emulation and Commendation Board' },
  councilSecretary: { vi: 'Thư ký Hội đồng Thi đua – Khen thưởng tỉnh', en: 'Secretary of the Provincial Emulation and Commendation Council' },
  chair: { vi: 'Chủ tịch Ủy ban nhân dân tỉnh', en: "Chair of the Provincial People's Committee" },
};

const sections: Record<DigestItem['kind'], Bilingual> = {
  dueSoon: { vi: 'Sắp đến hạn xử lý:', en: 'Due soon:' },
  overdue: { vi: 'Quá hạn xử lý:', en: 'Overdue:' },
  centralOverdue: { vi: 'Quá hạn chờ kết quả của cấp trên:', en: 'Central answer overdue:' },
};

function line(item: DigestItem, lang: 'vi' | 'en'): string {
  const d = item.dossier;
  if (item.kind === 'centralOverdue') {
    const p = d.proposal;
    return lang === 'vi'
      ? `Tờ trình số ${p?.number ?? ''} ngày ${p ? formatDateVi(p.date) : ''} (hồ sơ "${d.title}", ${d.unitName}): chưa có kết quả sau ${item.months} tháng, từ ngày ${formatDateVi(item.dueDate)}`
      : `Proposal No. ${p?.number ?? ''} of ${p ? formatDateVi(p.date) : ''} (dossier "${d.title}", ${d.unitName}): no answer after ${item.months} months, since ${formatDateVi(item.dueDate)}`;
  }
  const step = humanSteps[item.step].name[lang];
  return lang === 'vi'
    ? `Hồ sơ "${d.title}" (${d.unitName}): ${step}, hạn ${formatDateVi(item.dueAt)}`
    : `Dossier "${d.title}" (${d.unitName}): ${step}, due ${formatDateVi(item.dueAt)}`;
}

const todos: Record<DigestItem['kind'], Bilingual> = {
  dueSoon: { vi: 'xử lý các hồ sơ sắp đến hạn trước hạn ghi bên cạnh', en: 'act on the dossiers due soon before the date beside each' },
  overdue: { vi: 'đôn đốc người có trách nhiệm với các bước quá hạn, hoặc xử lý theo thẩm quyền', en: 'chase the people responsible for the overdue steps, or act within your authority' },
  centralOverdue: { vi: 'liên hệ Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương) và ghi kết quả vào hệ thống khi nhận được', en: 'contact the Ministry of Home Affairs and record each answer when it arrives' },
};

/**
 * Each address's digest of these items (one mail per address; none for an address with nothing). `today` is the
 * sweep's local date (yyyy-mm-dd).
 */
export function dailyDigests(items: readonly DigestItem[], today: string, ctx: NotificationContext): Notification[] {
  const byAddress = new Map<string, { recipient: Recipient; unitName: string; items: DigestItem[] }>();
  for (const item of items) {
    for (const recipient of digestRecipients(item)) {
      for (const address of addressesOf(recipient, item.dossier, ctx)) {
        const entry = byAddress.get(address) ?? { recipient, unitName: item.dossier.unitName, items: [] };
        if (!entry.items.includes(item)) entry.items.push(item);
        byAddress.set(address, entry);
      }
    }
  }
  return [...byAddress].map(([address, entry]) => digestMail(address, entry.recipient, entry.unitName, entry.items, today, ctx));
}

function digestMail(address: string, recipient: Recipient, unitName: string, items: readonly DigestItem[], today: string, ctx: NotificationContext): Notification {
  const count = new Set(items.map((i) => i.dossier.id)).size;
  const kinds = (['dueSoon', 'overdue', 'centralOverdue'] as const).filter((k) => items.some((i) => i.kind === k));
  const greeting = recipient === 'unit' ? { vi: unitName, en: unitName } : greetings[recipient];
  const link = (id: string) => `${ctx.appUrl}/#/dossiers/${encodeURIComponent(id)}`;
  const letter = (lang: 'vi' | 'en'): Letter => ({
    greeting: lang === 'vi' ? `Kính gửi: ${greeting.vi}` : `To: ${greeting.en}`,
    paragraphs: [lang === 'vi'
      ? `Rà soát thời hạn ngày ${formatDateVi(today)}: ${count} hồ sơ cần chú ý.`
      : `Deadline review of ${formatDateVi(today)}: ${count} ${count === 1 ? 'dossier needs' : 'dossiers need'} attention.`],
    lists: kinds.map((k) => ({
      heading: sections[k][lang],
      items: items.filter((i) => i.kind === k).map((i): ListItem => ({ text: line(i, lang), href: link(i.dossier.id) })),
    })),
    todo: `${(lang === 'vi' ? 'Vui lòng ' : 'Please ')}${kinds.map((k) => todos[k][lang]).join('; ')}.`,
    link: { label: lang === 'vi' ? 'Việc cần làm của tôi' : 'My tasks', href: `${ctx.appUrl}/#/inbox` },
    closing: signature[lang],
  });
  const subject = `Tổng hợp hồ sơ cần xử lý ngày ${formatDateVi(today)}: ${count} hồ sơ / Daily digest: ${count} ${count === 1 ? 'dossier' : 'dossiers'}`;
  return { to: [address], subject, ...renderMail(subject, { vi: letter('vi'), en: letter('en') }) };
}

/** What the year-end mail says of a report version (ReportVersionRecord's fields it reads). */
export interface ReportReady {
  readonly year: number;
  readonly version: number;
  readonly generatedAt: string;
  readonly countersMatched: boolean;
  readonly totals: { readonly closedDossiers: number; readonly awarded: number; readonly awards: number };
}

/** The mail telling the secretariat a year-end report version is ready (shared/adapters/year-end-notice.ts sends it). */
export function reportReadyMail(record: ReportReady, to: string[], ctx: Pick<NotificationContext, 'appUrl'>): Notification {
  const t = record.totals;
  const href = `${ctx.appUrl}/#/reports/${record.year}`;
  const subject = `Báo cáo năm ${record.year} đã sẵn sàng (phiên bản ${record.version}) / The ${record.year} annual report is ready`;
  const letter = (lang: 'vi' | 'en'): Letter => ({
    greeting: lang === 'vi' ? 'Kính gửi: Ban Thi đua – Khen thưởng tỉnh' : 'To: Provincial Emulation and Commendation Board',
    paragraphs: lang === 'vi'
      ? [
        `Báo cáo thi đua, khen thưởng năm ${record.year} (phiên bản ${record.version}, lập ngày ${formatDateVi(record.generatedAt)}) đã sẵn sàng: ${t.closedDossiers} hồ sơ đã kết thúc, ${t.awarded} hồ sơ được khen thưởng (${t.awards} lượt).`,
        record.countersMatched ? 'Số liệu lũy kế khớp với kết quả kiểm đếm lại.' : 'Lưu ý: số liệu lũy kế không khớp với kết quả kiểm đếm lại; báo cáo dùng số liệu kiểm đếm lại.',
      ]
      : [
        `The ${record.year} emulation and commendation report (version ${record.version}, made on ${formatDateVi(record.generatedAt)}) is ready: ${t.closedDossiers} dossiers closed, ${t.awarded} awarded (${t.awards} awards).`,
        record.countersMatched ? 'The running counts match the recount.' : 'Note: the running counts do not match the recount; the report uses the recount.',
      ],
    todo: lang === 'vi' ? 'Xem, kiểm tra và tải báo cáo về.' : 'Read, check and download the report.',
    link: { label: lang === 'vi' ? 'Xem báo cáo' : 'View the report', href },
    closing: signature[lang],
  });
  return { to, subject, ...renderMail(subject, { vi: letter('vi'), en: letter('en') }) };
}
