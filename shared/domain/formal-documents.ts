/**
 * The content of the formal documents (LANGUAGE.md rule 7, Decree 30/2020 on văn thư): the chair's award
 * decision with its annex of awardees, the certificate list for the printer, and the tally minutes. Pure: this
 * module says what each document says, in what order; shared/adapters/formal-render turns the one model into
 * DOCX and PDF, so both formats always carry the same text. Vietnamese only, no codes, no English.
 */
import type { AwardCode, RecipientType } from './catalogue.ts';
import type { DossierTally } from './council.ts';
import type { ReportTable } from './year-end.ts';

/** The province the documents speak for: configuration (CDK context `province`), with a demo default. */
export interface Province {
  /** The province's name as it follows "tỉnh": "Khánh Hòa". */
  readonly name: string;
  /** The place on the date line (Decree 30: the name of the place where the issuing body sits). */
  readonly place: string;
  /** The province's regulation on emulation and commendation, as its "Căn cứ" line names it. */
  readonly regulation: string;
}

/** Demo default: a real province's name with its Quy chế left for the deployment to fill in. */
export const DEMO_PROVINCE: Province = {
  name: 'Khánh Hòa',
  place: 'Khánh Hòa',
  regulation: 'Quyết định số …/QĐ-UBND ngày … của Ủy ban nhân dân tỉnh ban hành Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh',
};

/** A text as the regulation cites it (shared/schemas/input/regulation.ts LegalInstrument). */
export interface LegalInstrument {
  readonly title: string;
  readonly number: string;
  readonly date?: string | undefined;
}

/** The legal basis a decision cites: the regulation in force on its date (shared/domain/regulation.ts). */
export interface LegalBasis {
  readonly legalBasis: readonly LegalInstrument[];
  readonly provinceRegulation?: LegalInstrument | undefined;
}

/** "ngày 14 tháng 6 năm 2025": Decree 30 pads a day below 10 and the months 1 and 2 with a zero. */
function citedDate(isoDate: string): string {
  const [y, m = '', d = ''] = isoDate.slice(0, 10).split('-');
  const month = Number(m) < 3 ? m : String(Number(m));
  return `ngày ${d} tháng ${month} năm ${y}`;
}

/** The kinds of text a "Căn cứ" line names before the number ("Nghị định số 152/2025/NĐ-CP …"). */
const instrumentKinds = ['Nghị định', 'Thông tư', 'Quyết định', 'Nghị quyết', 'Chỉ thị'];

/**
 * One "Căn cứ" line: a law by its name and date, as laws are cited ("Căn cứ Luật Thi đua, khen thưởng ngày 15
 * tháng 6 năm 2022;"); any other text by its kind, number, date and the rest of its title.
 */
export function citation(text: LegalInstrument): string {
  const dated = text.date ? ` ${citedDate(text.date)}` : '';
  if (text.title.startsWith('Luật ')) return `Căn cứ ${text.title}${text.date ? dated : ` số ${text.number}`};`;
  const kind = instrumentKinds.find((k) => text.title.startsWith(k));
  if (!kind) return `Căn cứ ${text.title} số ${text.number}${dated};`;
  const rest = text.title.slice(kind.length).trim();
  return `Căn cứ ${kind} số ${text.number}${dated}${rest ? ` ${rest}` : ''};`;
}

/**
 * The legal grounds of an award decision, in the order Decree 30 lists them (laws, decrees, circulars, then the
 * province's own regulation), from the regulation in force on the document's date: when a province records a
 * new decree or its new Quy chế, the next decision cites it. The law on local government that makes the chair
 * competent comes first; a province that has not recorded its Quy chế keeps the deployment's placeholder.
 */
export function legalGrounds(province: Province, basis: LegalBasis): string[] {
  return [
    'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;',
    ...basis.legalBasis.map(citation),
    basis.provinceRegulation ? citation(basis.provinceRegulation) : `Căn cứ ${province.regulation};`,
    'Theo đề nghị của Giám đốc Sở Nội vụ.',
  ];
}

/**
 * Each award form as a decision names it, in full (rule 2), with its verb: a danh hiệu is conferred ("Công
 * nhận danh hiệu"), a flag or a Bằng khen is given ("Tặng"), rule 3.
 */
export const awardFormal = {
  chienSiThiDuaTinh: { name: 'Chiến sĩ thi đua cấp tỉnh', verb: 'Công nhận danh hiệu', certificate: 'Giấy chứng nhận' },
  coThiDuaTinh: { name: 'Cờ thi đua của Ủy ban nhân dân tỉnh', verb: 'Tặng', certificate: 'Cờ thi đua' },
  tapTheLaoDongXuatSac: { name: 'Tập thể lao động xuất sắc', verb: 'Công nhận danh hiệu', certificate: 'Giấy chứng nhận' },
  bangKhenChuTichTinh: { name: 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh', verb: 'Tặng', certificate: 'Bằng khen' },
  bangKhenChuTichTinhDotXuat: { name: 'Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh', verb: 'Tặng', certificate: 'Bằng khen' },
  bangKhenThuTuong: { name: 'Bằng khen của Thủ tướng Chính phủ', verb: 'Tặng', certificate: 'Bằng khen' },
  coThiDuaChinhPhu: { name: 'Cờ thi đua của Chính phủ', verb: 'Tặng', certificate: 'Cờ thi đua' },
  chienSiThiDuaToanQuoc: { name: 'Chiến sĩ thi đua toàn quốc', verb: 'Tặng danh hiệu', certificate: 'Bằng chứng nhận' },
  huanChuongLaoDongHangNhat: { name: 'Huân chương Lao động hạng Nhất', verb: 'Tặng thưởng', certificate: 'Huân chương' },
  huanChuongLaoDongHangNhi: { name: 'Huân chương Lao động hạng Nhì', verb: 'Tặng thưởng', certificate: 'Huân chương' },
  huanChuongLaoDongHangBa: { name: 'Huân chương Lao động hạng Ba', verb: 'Tặng thưởng', certificate: 'Huân chương' },
} as const satisfies Record<AwardCode, { name: string; verb: string; certificate: string }>;

export interface Awardee {
  readonly name: string;
  readonly position?: string | undefined;
  readonly unitName: string;
  readonly recipientType: RecipientType | string;
}

export interface DecisionInput {
  readonly province: Province;
  /** The regulation in force on the decision's date: its "Căn cứ" lines. */
  readonly basis: LegalBasis;
  /** "123/QĐ-UBND" */
  readonly decisionNumber: string;
  /** yyyy-mm-dd */
  readonly decisionDate: string;
  readonly awardCode: AwardCode;
  /**
   * Who is awarded: an explicit list, so the caller decides (today every nominee of the approved dossier;
   * later only those whose own outcome is approved).
   */
  readonly awardees: readonly Awardee[];
  /** "CHỦ TỊCH", or "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH" when a vice-chair signs. */
  readonly signerTitle?: readonly string[];
  /** The achievement the award is for, e.g. the dossier's title. */
  readonly reason?: string | undefined;
}

/** A line of text; `bold`/`italic` and alignment are all the layout the documents need. */
export interface Line {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly align?: 'left' | 'center' | 'right' | 'justify';
  /** Points (Decree 30: 13–14 for the body). */
  readonly size?: number;
  /** First-line indent: the body paragraphs of Decree 30's layout. */
  readonly indent?: boolean;
}

export type Block =
  | { readonly type: 'columns'; readonly left: readonly Line[]; readonly right: readonly Line[] }
  | { readonly type: 'line'; readonly line: Line }
  | { readonly type: 'table'; readonly header: readonly string[]; readonly widths: readonly number[]; readonly rows: readonly (readonly string[])[] }
  | { readonly type: 'pageBreak' };

/** A formal document: blocks top to bottom, and its title for the file's properties. */
export interface FormalDocument {
  readonly title: string;
  /** The document's own date (yyyy-mm-dd or an ISO instant): the files' creation date, never the clock's. */
  readonly date: string;
  readonly blocks: readonly Block[];
}

const line = (text: string, style: Omit<Line, 'text'> = {}): Block => ({ type: 'line', line: { text, ...style } });
const center = (text: string, style: Omit<Line, 'text'> = {}): Block => line(text, { align: 'center', ...style });

/** "ngày 05 tháng 12 năm 2026" (Decree 30: days below 10 and months below 3 get a leading zero; we write two digits always as the examples do). */
export function longDateVi(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `ngày ${d} tháng ${m} năm ${y}`;
}

/** dd/mm/yyyy */
export const shortDateVi = (isoDate: string): string => isoDate.slice(0, 10).split('-').reverse().join('/');

/** The issuing body (left) and the national motto (right), with the number and the place and date below. */
function heading(issuer: readonly string[], number: string | undefined, place: string, isoDate: string): Block[] {
  return [
    {
      type: 'columns',
      left: [...issuer.map((t, i) => ({ text: t, bold: i === issuer.length - 1, align: 'center' as const, size: 13 })), { text: number ?? '', align: 'center', size: 13 }],
      right: [
        { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, align: 'center', size: 12 },
        { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, align: 'center', size: 13 },
        { text: '', size: 13 },
        { text: `${place}, ${longDateVi(isoDate)}`, italic: true, align: 'center', size: 13 },
      ],
    },
  ];
}

const collectiveTypes = new Set(['collective', 'household']);

/** "01 tập thể và 02 cá nhân" */
function countPhrase(awardees: readonly Awardee[]): string {
  const collectives = awardees.filter((a) => collectiveTypes.has(a.recipientType)).length;
  const individuals = awardees.length - collectives;
  const two = (n: number) => String(n).padStart(2, '0');
  return [collectives ? `${two(collectives)} tập thể` : '', individuals ? `${two(individuals)} cá nhân` : ''].filter(Boolean).join(' và ');
}

/** The annex's rows: STT, name, position, unit, form. */
export function annexRows(input: Pick<DecisionInput, 'awardees' | 'awardCode'>): string[][] {
  return input.awardees.map((a, i) => [String(i + 1), a.name, a.position ?? '', a.unitName, awardFormal[input.awardCode].name]);
}

/** The draft award decision (quyết định cá biệt) with its annex, as Decree 30's form 1.4 lays it out. */
export function decisionDocument(input: DecisionInput): FormalDocument {
  const form = awardFormal[input.awardCode];
  const committee = 'ỦY BAN NHÂN DÂN';
  const issuer = [committee, `TỈNH ${input.province.name.toUpperCase()}`];
  const signer = input.signerTitle ?? ['CHỦ TỊCH'];
  const reason = input.reason ? `, ${input.reason}` : '';
  const blocks: Block[] = [
    ...heading(issuer, `Số: ${input.decisionNumber}`, input.province.place, input.decisionDate),
    center('QUYẾT ĐỊNH', { bold: true, size: 14 }),
    center(`Về việc ${form.verb.charAt(0).toLowerCase()}${form.verb.slice(1)} ${form.name}`, { bold: true, size: 14 }),
    center('______', { size: 13 }),
    center('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH', { bold: true, size: 14 }),
    ...legalGrounds(input.province, input.basis).map((t) => line(t, { italic: true, indent: true, align: 'justify' })),
    center('QUYẾT ĐỊNH:', { bold: true, size: 14 }),
    line(
      `Điều 1. ${form.verb} ${form.name} cho ${countPhrase(input.awardees)} (có danh sách kèm theo) đã có thành tích xuất sắc${reason}.`,
      { indent: true, align: 'justify' },
    ),
    line('Điều 2. Quyết định này có hiệu lực kể từ ngày ký.', { indent: true, align: 'justify' }),
    line(
      'Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.',
      { indent: true, align: 'justify' },
    ),
    {
      type: 'columns',
      left: [
        { text: 'Nơi nhận:', bold: true, italic: true, size: 12 },
        { text: '- Như Điều 3;', size: 11 },
        { text: '- Ban Thi đua – Khen thưởng tỉnh;', size: 11 },
        { text: '- Lưu: VT.', size: 11 },
      ],
      right: [...signer.map((t) => ({ text: t, bold: true, align: 'center' as const, size: 14 })), { text: '', size: 14 }, { text: '', size: 14 }, { text: '', size: 14 }],
    },
    { type: 'pageBreak' },
    center('DANH SÁCH', { bold: true, size: 14 }),
    center(`${form.verb} ${form.name}`, { bold: true, size: 14 }),
    center(`(Kèm theo Quyết định số ${input.decisionNumber} ${longDateVi(input.decisionDate)} của Chủ tịch Ủy ban nhân dân tỉnh)`, { italic: true, size: 13 }),
    { type: 'table', header: ['STT', 'Họ và tên / Tên tập thể', 'Chức vụ', 'Đơn vị', 'Danh hiệu thi đua, hình thức khen thưởng'], widths: [8, 28, 20, 24, 20], rows: annexRows(input) },
  ];
  return { title: `Quyết định số ${input.decisionNumber} ${longDateVi(input.decisionDate)}`, date: input.decisionDate, blocks };
}

export interface ProposalInput {
  readonly province: Province;
  /** The regulation in force on the proposal's date: the laws it cites. */
  readonly basis: LegalBasis;
  /** "12/TTr-UBND" */
  readonly proposalNumber: string;
  /** yyyy-mm-dd */
  readonly proposalDate: string;
  readonly awardCode: AwardCode;
  /** Who decides: "Thủ tướng Chính phủ", "Chủ tịch nước". */
  readonly decider: string;
  /** The nominees the chair forwards (not those refused on the way). */
  readonly nominees: readonly Awardee[];
  /** Whether the provincial council voted on it (the proposal says so). */
  readonly councilVoted: boolean;
  readonly reason?: string | undefined;
}

/**
 * The proposal to the central level (tờ trình đề nghị khen thưởng, Decree 30's form for a tờ trình): the chair
 * asks the Prime Minister or the President, through the Ministry of Home Affairs, to award the listed nominees.
 */
export function proposalDocument(input: ProposalInput): FormalDocument {
  const form = awardFormal[input.awardCode];
  const verb = `${form.verb.charAt(0).toLowerCase()}${form.verb.slice(1)}`;
  const reason = input.reason ? `, ${input.reason}` : '';
  const blocks: Block[] = [
    ...heading(['ỦY BAN NHÂN DÂN', `TỈNH ${input.province.name.toUpperCase()}`], `Số: ${input.proposalNumber}`, input.province.place, input.proposalDate),
    center('TỜ TRÌNH', { bold: true, size: 14 }),
    center(`Về việc đề nghị ${verb} ${form.name}`, { bold: true, size: 14 }),
    center('______', { size: 13 }),
    center(`Kính gửi: ${input.decider} (qua Bộ Nội vụ)`, { size: 14 }),
    ...legalGrounds(input.province, input.basis).slice(1, -1).map((t) => line(t, { italic: true, indent: true, align: 'justify' })),
    line(
      input.councilVoted
        ? 'Xét đề nghị của Giám đốc Sở Nội vụ và kết quả xét, bỏ phiếu của Hội đồng Thi đua – Khen thưởng tỉnh,'
        : 'Xét đề nghị của Giám đốc Sở Nội vụ,',
      { indent: true, align: 'justify' },
    ),
    line(
      `Ủy ban nhân dân tỉnh ${input.province.name} kính trình ${input.decider} xem xét, ${verb} ${form.name} cho ${countPhrase(input.nominees)} (có danh sách kèm theo) đã có thành tích xuất sắc${reason}.`,
      { indent: true, align: 'justify' },
    ),
    line('Hồ sơ đề nghị khen thưởng gửi kèm theo Tờ trình này.', { indent: true, align: 'justify' }),
    line(`Ủy ban nhân dân tỉnh ${input.province.name} kính trình ${input.decider} xem xét, quyết định./.`, { indent: true, align: 'justify' }),
    {
      type: 'columns',
      left: [
        { text: 'Nơi nhận:', bold: true, italic: true, size: 12 },
        { text: '- Như trên;', size: 11 },
        { text: '- Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương);', size: 11 },
        { text: '- Lưu: VT.', size: 11 },
      ],
      right: [{ text: 'TM. ỦY BAN NHÂN DÂN', bold: true, align: 'center', size: 14 }, { text: 'CHỦ TỊCH', bold: true, align: 'center', size: 14 }, { text: '', size: 14 }, { text: '', size: 14 }],
    },
    { type: 'pageBreak' },
    center('DANH SÁCH', { bold: true, size: 14 }),
    center(`Đề nghị ${verb} ${form.name}`, { bold: true, size: 14 }),
    center(`(Kèm theo Tờ trình số ${input.proposalNumber} ${longDateVi(input.proposalDate)} của Ủy ban nhân dân tỉnh)`, { italic: true, size: 13 }),
    { type: 'table', header: ['STT', 'Họ và tên / Tên tập thể', 'Chức vụ', 'Đơn vị', 'Danh hiệu thi đua, hình thức khen thưởng'], widths: [8, 28, 20, 24, 20], rows: annexRows({ awardees: input.nominees, awardCode: input.awardCode }) },
  ];
  return { title: `Tờ trình số ${input.proposalNumber} ${longDateVi(input.proposalDate)}`, date: input.proposalDate, blocks };
}

/** The certificate list for the printer (danh sách in Bằng khen, Giấy chứng nhận): one row per certificate. */
export function certificateTable(input: DecisionInput): ReportTable {
  const form = awardFormal[input.awardCode];
  const col = (vi: string) => ({ vi, en: vi });
  return {
    id: 'Danh sách in',
    title: { vi: `Danh sách in ${form.certificate} – Quyết định số ${input.decisionNumber} ngày ${shortDateVi(input.decisionDate)}`, en: '' },
    columns: ['STT', 'Họ và tên / Tên tập thể', 'Chức vụ', 'Đơn vị', 'Danh hiệu thi đua, hình thức khen thưởng', 'Số quyết định', 'Ngày quyết định', 'Người ký'].map(col),
    rows: input.awardees.map((a, i) => [
      i + 1, a.name, a.position ?? '', a.unitName, form.name, input.decisionNumber, shortDateVi(input.decisionDate), (input.signerTitle ?? ['CHỦ TỊCH']).join(' '),
    ]),
  };
}

export interface FormalMinutesInput {
  readonly province: Province;
  /** The regulation in force on the session's date: the minutes cite its laws. */
  readonly basis: LegalBasis;
  readonly session: { readonly title: string; readonly date: string; readonly memberCount: number };
  readonly presentCount: number;
  readonly writtenCount?: number;
  readonly dossiers: readonly { readonly id: string; readonly title: string; readonly awardName: string }[];
  readonly results: readonly DossierTally[];
  /** ISO instant the tally ended. */
  readonly closedAt: string;
  readonly secretaryName: string;
}

/** "10 giờ 04 phút, ngày 15 tháng 12 năm 2026" in Vietnam's time. */
export function timeAndDateVi(instant: string): string {
  const local = new Date(Date.parse(instant) + 7 * 3600_000).toISOString();
  return `${local.slice(11, 13)} giờ ${local.slice(14, 16)} phút, ${longDateVi(local)}`;
}

/** A share with a decimal comma and no space before % (rule 5): "66,7%". */
export const percentVi = (share: number): string => `${(Math.round(share * 1000) / 10).toString().replace('.', ',')}%`;

/** Biên bản kiểm phiếu (docs/domain.md §5), as Decree 30's form for a biên bản: never who voted how. */
export function minutesDocument(input: FormalMinutesInput): FormalDocument {
  const issuer = ['ỦY BAN NHÂN DÂN TỈNH', 'HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG'];
  const closedDate = new Date(Date.parse(input.closedAt) + 7 * 3600_000).toISOString().slice(0, 10);
  // One row per nominee voted on (a result stored before nominees were voted on one by one has the dossier's counts).
  let n = 0;
  const rows = input.results.flatMap((r) => {
    const d = input.dossiers.find((x) => x.id === r.dossierId);
    const base = r.denominator === 'members' ? 'tổng số thành viên Hội đồng' : 'số thành viên có mặt';
    const counted = r.nominees?.length ? r.nominees : [{ name: '', agree: r.counts.agree, disagree: r.counts.disagree, abstain: r.counts.abstain, base: r.counts.base, needed: r.counts.needed, passed: r.passed }];
    return counted.map((t) => [
      String(++n),
      `${t.name ? `${t.name} – ` : ''}${d?.title ?? ''}${d?.awardName ? ` (${d.awardName})` : ''}`,
      String(t.agree),
      String(t.disagree),
      String(t.abstain),
      String(r.counts.recused),
      `${t.needed}/${t.base} (${percentVi(r.threshold)} ${base})`,
      `${t.passed ? 'Đạt' : 'Không đạt'}${r.flagged ? ' (cần rà soát: số phiếu khác số lượt bỏ phiếu)' : ''}`,
    ]);
  });
  const blocks: Block[] = [
    ...heading(issuer, undefined, input.province.place, closedDate),
    center('BIÊN BẢN KIỂM PHIẾU', { bold: true, size: 14 }),
    center(`${input.session.title}`, { bold: true, size: 14 }),
    ...legalGrounds(input.province, input.basis).slice(1, -1).map((t) => line(t, { italic: true, indent: true, align: 'justify' })),
    line(`Thời gian kết thúc kiểm phiếu: ${timeAndDateVi(input.closedAt)}.`, { indent: true }),
    line(`Tổng số thành viên Hội đồng: ${input.session.memberCount}; số thành viên có mặt và bỏ phiếu: ${input.presentCount}; số thành viên vắng mặt có ý kiến bằng văn bản: ${input.writtenCount ?? 0}.`, { indent: true }),
    line('Hình thức biểu quyết: bỏ phiếu kín. Kết quả kiểm phiếu như sau:', { indent: true }),
    {
      type: 'table',
      header: ['STT', 'Người được đề nghị, hồ sơ', 'Đồng ý', 'Không đồng ý', 'Không biểu quyết', 'Không tham gia (xung đột lợi ích)', 'Số phiếu cần đạt', 'Kết quả'],
      widths: [6, 28, 9, 10, 10, 11, 14, 12],
      rows,
    },
    line('Biên bản được lập thành 02 bản, có giá trị như nhau.', { indent: true }),
    { type: 'columns', left: [{ text: 'TỔ KIỂM PHIẾU', bold: true, align: 'center' }], right: [{ text: 'THƯ KÝ', bold: true, align: 'center' }, { text: '', align: 'center' }, { text: '', align: 'center' }, { text: input.secretaryName, bold: true, align: 'center' }] },
    center('CHỦ TỌA', { bold: true }),
  ];
  return { title: `Biên bản kiểm phiếu – ${input.session.title}`, date: input.closedAt, blocks };
}
