/**
 * The files generated from the chair's approval, stored with the dossier: where each is kept and what it is
 * called when downloaded. Apart from the renderers, so that the download route bundles none of them.
 */
export const decisionFileKinds = {
  /** The draft decision with its annex, for the secretariat to edit and sign in the document office. */
  docx: { file: 'du-thao-quyet-dinh.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  /** The same decision to read and file. */
  pdf: { file: 'quyet-dinh.pdf', contentType: 'application/pdf' },
  /** The certificate list for the printer (danh sách in Bằng khen, Giấy chứng nhận). */
  xlsx: { file: 'danh-sach-in.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  /** A form decided upward: the proposal (tờ trình) the chair signs, to edit (DOCX) and to read and file (PDF). */
  'proposal-docx': { file: 'du-thao-to-trinh.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  'proposal-pdf': { file: 'to-trinh.pdf', contentType: 'application/pdf' },
} as const;
export type DecisionFileKind = keyof typeof decisionFileKinds;
export const isDecisionFileKind = (s: string): s is DecisionFileKind => Object.hasOwn(decisionFileKinds, s);

/** In the documents bucket, beside the dossier's uploads: one key per dossier and kind, so a retry overwrites. */
export const decisionFileKey = (dossierId: string, kind: DecisionFileKind): string => `decisions/${dossierId}/${decisionFileKinds[kind].file}`;

/** The tally minutes' formal files, beside the HTML minutes in the reports bucket. */
export const minutesFileKey = (sessionId: string, kind: MinutesFileKind): string => `minutes/${sessionId}.${kind}`;

/** The tally minutes as kept for a closed session: the page (HTML), the DOCX to sign and the PDF. */
export const minutesFileKinds = {
  html: { file: 'bien-ban-kiem-phieu.html', contentType: 'text/html; charset=utf-8' },
  docx: { file: 'bien-ban-kiem-phieu.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  pdf: { file: 'bien-ban-kiem-phieu.pdf', contentType: 'application/pdf' },
} as const;
export type MinutesFileKind = keyof typeof minutesFileKinds;
export const isMinutesFileKind = (s: string): s is MinutesFileKind => Object.hasOwn(minutesFileKinds, s);
