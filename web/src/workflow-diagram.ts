/**
 * The workflow picture, drawn from the deployed state machine definition (ASL) — never a hand-made copy:
 * states in layers by their distance from StartAt, normal transitions as lines; the dossier's current state
 * highlighted.
 */
interface AslState { Type: string; Next?: string; Default?: string; Choices?: { Next: string }[]; Catch?: { Next: string }[]; End?: boolean }
interface Asl { StartAt: string; States: Record<string, AslState> }

/** Where a dossier of each status stands in the state machine. */
export const stateOfStatus: Record<string, string> = {
  Submitted: 'CheckCompleteness',
  SupplementRequested: 'AwaitSupplement',
  UnderAppraisal: 'AwaitAppraisal',
  AwaitingCouncil: 'AwaitCouncil',
  AwaitingDecision: 'AwaitChairDecision',
  Awarded: 'Awarded',
  NotApproved: 'NotApproved',
  Returned: 'Returned',
  Withdrawn: 'Withdrawn',
  ForwardedUpward: 'ForwardedUpward',
};

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export function workflowSvg(definition: string, current: string | undefined, visited: ReadonlySet<string>): string {
  const asl = JSON.parse(definition) as Asl;
  const next = (s: AslState) => [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next)].filter((x): x is string => Boolean(x));
  // The first state chooses between a normal start (its Default) and resuming a restored dossier at a wait;
  // the picture follows the normal start, so the waits keep their places in the flow.
  const first = asl.States[asl.StartAt];
  const start = first?.Type === 'Choice' && first.Default ? first.Default : asl.StartAt;
  const depth = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const name = queue.shift()!;
    const state = asl.States[name];
    if (!state) continue;
    for (const n of [...next(state), ...(state.Catch ?? []).map((c) => c.Next)]) {
      if (!depth.has(n)) (depth.set(n, depth.get(name)! + 1), queue.push(n));
    }
  }
  const layers: string[][] = [];
  for (const [name, d] of depth) (layers[d] ??= []).push(name);
  const W = 150, H = 28, GX = 14, GY = 26;
  const pos = new Map<string, { x: number; y: number }>();
  layers.forEach((names, d) => names.forEach((n, i) => pos.set(n, { x: 8 + i * (W + GX), y: 8 + d * (H + GY) })));
  const width = 16 + Math.max(...layers.map((l) => l.length)) * (W + GX);
  const height = 16 + layers.length * (H + GY);
  const edges: string[] = [];
  for (const [name, state] of Object.entries(asl.States)) {
    const a = pos.get(name);
    for (const n of next(state)) {
      const b = pos.get(n);
      if (a && b) edges.push(`<line x1="${a.x + W / 2}" y1="${a.y + H}" x2="${b.x + W / 2}" y2="${b.y}" stroke="#8a96a3" marker-end="url(#arrow)"/>`);
    }
  }
  const boxes = [...pos].map(([name, p]) => {
    const cls = name === current ? 'current' : visited.has(name) ? 'done' : '';
    return `<g${name === current ? ' aria-current="step"' : ''}><rect class="${cls}" x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="4"/><text x="${p.x + 6}" y="${p.y + 18}">${esc(name)}</text></g>`;
  });
  return `<svg class="workflow" role="img" aria-label="Sơ đồ quy trình, bước hiện tại: ${esc(current ?? '')}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a96a3"/></marker></defs>${edges.join('')}${boxes.join('')}</svg>`;
}
