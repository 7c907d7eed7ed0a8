/**
 * Biên bản kiểm phiếu (tally minutes, DOMAIN §5) as a printable HTML document: session, members total and
 * present, ballots, per-dossier counts, the threshold with its source, and the result. Vietnamese first,
 * English below each heading. Never names who voted how (that is not stored anywhere).
 */
import type { DossierTally } from './council.ts';
import { formatDateVi } from './calendar.ts';

export interface MinutesInput {
  readonly session: { id: string; title: string; date: string; memberIds: readonly string[] };
  readonly presentMemberIds: readonly string[];
  readonly dossiers: readonly { id: string; title: string; awardName: string }[];
  readonly results: readonly DossierTally[];
  readonly closedAt: string;
  readonly closedBy: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const pct = (n: number) => `${Math.round(n * 1000) / 10} %`;

export function renderMinutes(input: MinutesInput): string {
  const { session, results } = input;
  // One row per nominee voted on (a session stored before that has only the dossier's counts).
  const rows = results
    .flatMap((r) => {
      const d = input.dossiers.find((x) => x.id === r.dossierId);
      const lines = r.nominees?.length ? r.nominees : [{ name: '', agree: r.counts.agree, disagree: r.counts.disagree, abstain: r.counts.abstain, base: r.counts.base, needed: r.counts.needed, passed: r.passed }];
      return lines.map((n) => `<tr><td>${n.name ? `<b>${esc(n.name)}</b><br>` : ''}${esc(d?.title ?? r.dossierId)}<br><small>${esc(d?.awardName ?? '')}</small></td><td>${n.agree}</td><td>${n.disagree}</td><td>${n.abstain}</td><td>${r.counts.recused}</td><td>${n.needed}/${n.base} (${pct(r.threshold)} ${r.denominator === 'members' ? 'tổng số thành viên / of all members' : 'thành viên có mặt / of members present'})</td><td><b>${n.passed ? 'Đạt / Passed' : 'Không đạt / Not passed'}</b>${r.flagged ? '<br>⚠ Số phiếu khác số lượt bỏ phiếu / ballots ≠ participations' : ''}</td></tr>`);
    })
    .join('\n');
  const sources = [...new Set(results.map((r) => r.source))].map((s) => `<li>${esc(s)}</li>`).join('');
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Biên bản kiểm phiếu — ${esc(session.title)}</title>
<style>body{font-family:serif;max-width:60rem;margin:2rem auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:.3rem .5rem;vertical-align:top}small{color:#555}</style></head>
<body>
<p style="text-align:center"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>Độc lập - Tự do - Hạnh phúc</p>
<h1 style="text-align:center">BIÊN BẢN KIỂM PHIẾU<br><small>Tally minutes</small></h1>
<p>Phiên họp / Session: <b>${esc(session.title)}</b> (${esc(session.id)}), ngày / date ${formatDateVi(session.date)}</p>
<p>Tổng số thành viên Hội đồng / members: <b>${session.memberIds.length}</b>; có mặt và bỏ phiếu / present and voting: <b>${input.presentMemberIds.length}</b></p>
<table><thead><tr><th>Người được đề nghị, hồ sơ / Nominee, dossier</th><th>Đồng ý / Agree</th><th>Không đồng ý / Disagree</th><th>Không biểu quyết / Abstain</th><th>Không tham gia (xung đột lợi ích) / Recused</th><th>Cần đạt / Needed</th><th>Kết quả / Result</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Căn cứ tỷ lệ / Threshold sources:</p><ul>${sources}</ul>
<p>Phiếu kín: hệ thống không lưu ai bỏ phiếu nào. / Secret ballot: the system does not store who voted how.</p>
<p>Kết thúc kiểm phiếu lúc / closed at ${formatDateVi(input.closedAt)} (${esc(input.closedAt)}) — Thư ký Hội đồng / council secretary: ${esc(input.closedBy)}</p>
</body></html>
`;
}
