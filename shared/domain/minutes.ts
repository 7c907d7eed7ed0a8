/**
 * Biên bản kiểm phiếu (tally minutes, docs/domain.md §5) as a printable HTML page: the same formal document
 * (formal-documents.ts, Decree 30's layout, Vietnamese only) that the render-documents function writes as DOCX
 * and PDF. Never names who voted how (that is not stored anywhere).
 */
import type { DossierTally } from './council.ts';
import { type Block, DEMO_PROVINCE, type FormalDocument, type FormalMinutesInput, type LegalBasis, type Line, minutesDocument, type Province } from './formal-documents.ts';

export interface MinutesInput {
  readonly session: { id: string; title: string; date: string; memberIds: readonly string[] };
  readonly presentMemberIds: readonly string[];
  /** Absent members whose written opinion counted as a ballot. */
  readonly writtenCount?: number;
  readonly dossiers: readonly { id: string; title: string; awardName: string }[];
  readonly results: readonly DossierTally[];
  readonly closedAt: string;
  /** The secretary who closed the session, by name. */
  readonly closedBy: string;
  /** The regulation in force on the session's date: the laws the minutes cite. */
  readonly basis: LegalBasis;
}

/** The close step's facts as the formal minutes take them (the session's id and the members' ids stay out). */
export function formalMinutesInput(input: MinutesInput, province: Province = DEMO_PROVINCE): FormalMinutesInput {
  return {
    province,
    basis: input.basis,
    session: { title: input.session.title, date: input.session.date, memberCount: input.session.memberIds.length },
    presentCount: input.presentMemberIds.length,
    writtenCount: input.writtenCount ?? 0,
    dossiers: input.dossiers,
    results: input.results,
    closedAt: input.closedAt,
    secretaryName: input.closedBy,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function lineHtml(l: Line): string {
  const style = [
    `text-align:${l.align ?? 'left'}`,
    l.size ? `font-size:${l.size}pt` : '',
    l.bold ? 'font-weight:bold' : '',
    l.italic ? 'font-style:italic' : '',
    l.indent ? 'text-indent:10mm' : '',
  ].filter(Boolean).join(';');
  return `<p style="${style}">${esc(l.text) || '&nbsp;'}</p>`;
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'line':
      return lineHtml(b.line);
    case 'pageBreak':
      return '<div style="break-after:page"></div>';
    case 'columns':
      return `<table class="columns"><tr><td style="width:42%">${b.left.map(lineHtml).join('')}</td><td>${b.right.map(lineHtml).join('')}</td></tr></table>`;
    case 'table':
      return `<table class="grid"><thead><tr>${b.header.map((h, i) => `<th style="width:${b.widths[i] ?? 10}%">${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

/** A formal document as one HTML page (A4, Times New Roman, Decree 30's margins). */
export function formalHtml(doc: FormalDocument): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<style>@page{size:A4;margin:20mm 15mm 20mm 30mm}body{font-family:"Times New Roman",serif;font-size:14pt;max-width:165mm;margin:1rem auto}p{margin:.2rem 0}table{border-collapse:collapse;width:100%}.columns td{vertical-align:top;border:0}.grid td,.grid th{border:1px solid #000;padding:.2rem .4rem;vertical-align:top;font-size:12pt}</style></head>
<body>
${doc.blocks.map(blockHtml).join('\n')}
</body></html>
`;
}

export function renderMinutes(input: MinutesInput, province: Province = DEMO_PROVINCE): string {
  return formalHtml(minutesDocument(formalMinutesInput(input, province)));
}
