/**
 * The workflow picture, drawn from the deployed state machine definition (ASL) — never a hand-made copy — and laid
 * out by dagre's layered layout (ranks top to bottom, crossings reduced by its ordering heuristics). Loaded on
 * demand (web/src/workflow-diagram.ts): with dagre it is a ~53 KB chunk, and only the dossier page draws it.
 *
 * The engine's branchings and escalations are passed through and the system-error path left out (which, and why:
 * shared/domain/workflow-states.ts); what is left are the steps a civil servant knows, named in their language.
 */
import { graphlib, layout } from '@dagrejs/dagre';
import { type WorkflowStateLabel, workflowStateLabel } from '#domain/workflow-states';

interface AslState { Type: string; Next?: string; Default?: string; Choices?: { Next: string }[]; Catch?: { Next: string }[] }
export interface Asl { StartAt: string; States: Record<string, AslState> }
export type Lang = 'vi' | 'en';

/** `lines`: the label, wrapped; `note` (an aside box): when it is reached, wrapped. */
export interface Box { name: string; label: string; role: 'step' | 'end' | 'aside'; x: number; y: number; width: number; height: number; lines: string[]; note: string[] }
export interface Point { x: number; y: number }
/** `exception`: a way out that is not the step's normal result (a Catch: a deadline passes). */
export interface Line { from: string; to: string; exception: boolean; points: Point[] }
export interface WorkflowLayout { width: number; height: number; boxes: Box[]; lines: Line[] }

const BOX_WIDTH = 148;
const LINE_HEIGHT = 15;
const PAD_Y = 8;
/** Characters per line at 12 px (an average glyph of ~6.5 px in the 136 px inside a box). */
const LINE_CHARS = 21;
const ASIDE_WIDTH = 300;
const ASIDE_CHARS = 46;

/** The label, word-wrapped to the box. */
export function wrap(text: string, chars = LINE_CHARS): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const labelOf = (state: string): WorkflowStateLabel => {
  const label = workflowStateLabel(state);
  // A state without a name is a defect the diagram test catches; the page still draws, with the state's own name.
  return label ?? { name: { vi: state, en: state }, role: 'step' };
};

/**
 * The picture's graph: the drawn states and the lines between them, a line running through every state that is
 * passed through (`route`) until it reaches a drawn one; lines into the failure path are dropped, as are the
 * loops an escalation makes back onto its own wait.
 */
export function workflowGraph(asl: Asl): { states: string[]; depth: Map<string, number>; aside: string[]; lines: Omit<Line, 'points'>[] } {
  const drawn = (s: string) => ['step', 'end'].includes(labelOf(s).role);
  const aside = new Set<string>();
  const exits = (s: AslState) => [
    ...[s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next)].filter((x): x is string => Boolean(x)).map((to) => ({ to, exception: false })),
    ...(s.Catch ?? []).map((c) => ({ to: c.Next, exception: true })),
  ];
  // Start where a dossier starts: ResumeOrStart's Default (resuming a restored dossier at a wait is no step of its own).
  const first = asl.States[asl.StartAt];
  const start = first?.Type === 'Choice' && first.Default ? first.Default : asl.StartAt;
  const states: string[] = [];
  const lines = new Map<string, Omit<Line, 'points'>>();
  const depth = new Map<string, number>([[start, 0]]);
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const from = queue.shift()!;
    if (seen.has(from) || !asl.States[from] || !drawn(from)) continue;
    seen.add(from);
    states.push(from);
    // Follow the exits through passed-through states (breadth first, so the picture keeps the definition's order).
    const through = new Set<string>();
    const pending = exits(asl.States[from]!);
    while (pending.length) {
      const { to, exception } = pending.shift()!;
      const state = asl.States[to];
      if (!state) continue;
      const role = labelOf(to).role;
      if (role === 'failure') continue;
      if (role === 'aside') {
        aside.add(to);
        continue;
      }
      if (role === 'route') {
        if (through.has(to)) continue;
        through.add(to);
        pending.push(...exits(state).map((e) => ({ to: e.to, exception: exception || e.exception })));
        continue;
      }
      if (to === from) continue;
      const key = `${from}→${to}`;
      const known = lines.get(key);
      if (!known) lines.set(key, { from, to, exception });
      else if (known.exception && !exception) known.exception = false;
      if (!depth.has(to)) depth.set(to, depth.get(from)! + 1);
      queue.push(to);
    }
  }
  return { states, depth, aside: [...aside], lines: [...lines.values()] };
}

export function layoutWorkflow(definition: string | Asl, lang: Lang): WorkflowLayout {
  const asl = typeof definition === 'string' ? (JSON.parse(definition) as Asl) : definition;
  const { states, depth, aside, lines } = workflowGraph(asl);
  const text = new Map(states.map((s) => [s, wrap(labelOf(s).name[lang])]));
  // dagre orders each rank by a heuristic that starts from the order it is given the lines in: of the definition's
  // order and its reverse, the drawing with fewer crossings is kept (a few milliseconds each for ~15 boxes).
  const [best] = [lines, [...lines].reverse()]
    .map((order) => runDagre(states, text, depth, order, lang))
    .sort((a, b) => crossings(a.lines) - crossings(b.lines));
  const { boxes, width, height } = best!;
  // The aside outcomes, one under another below the flow, as wide as a phone shows without scrolling.
  let bottom = height;
  for (const s of aside) {
    const label = wrap(labelOf(s).name[lang], ASIDE_CHARS);
    const note = wrap(labelOf(s).note?.[lang] ?? '', ASIDE_CHARS);
    const boxHeight = PAD_Y * 2 + (label.length + note.length) * LINE_HEIGHT;
    boxes.push({ name: s, label: labelOf(s).name[lang], role: 'aside', x: 6, y: bottom + 4, width: ASIDE_WIDTH, height: boxHeight, lines: label, note });
    bottom += 4 + boxHeight + 6;
  }
  // Lines in the definition's order whichever run was kept, so the picture's markup does not depend on it.
  const byKey = new Map(best!.lines.map((l) => [`${l.from}→${l.to}`, l]));
  return { width: Math.ceil(Math.max(width, aside.length ? ASIDE_WIDTH + 12 : 0)), height: Math.ceil(bottom), boxes, lines: lines.map((l) => byKey.get(`${l.from}→${l.to}`)!) };
}

function runDagre(states: readonly string[], text: Map<string, string[]>, depth: Map<string, number>, lines: readonly Omit<Line, 'points'>[], lang: Lang) {
  // A multigraph, so a line and the line back between the same two steps are routed apart.
  const g = new graphlib.Graph<Record<string, unknown>, { width: number; height: number; x?: number; y?: number }, { points?: Point[]; weight?: number }>({ multigraph: true });
  // Top to bottom, so the picture grows downward on a phone. Longest-path ranking puts every outcome on the last
  // row, where a reader looks for how a dossier can end; the normal path weighs more, so it runs straightest.
  g.setGraph({ rankdir: 'TB', ranker: 'longest-path', nodesep: 18, ranksep: 34, edgesep: 12, marginx: 6, marginy: 6 });
  for (const s of states) g.setNode(s, { width: BOX_WIDTH, height: PAD_Y * 2 + text.get(s)!.length * LINE_HEIGHT });
  // A line back to an earlier step (the unit's supplement goes back to the completeness check) is given to dagre
  // the other way round, so the ranks follow the flow from the first step down rather than dagre's cycle breaking.
  const back = (l: Omit<Line, 'points'>) => depth.get(l.to)! < depth.get(l.from)!;
  const key = (l: Omit<Line, 'points'>) => `${l.from}→${l.to}`;
  for (const l of lines) {
    const [v, w] = back(l) ? [l.to, l.from] : [l.from, l.to];
    g.setEdge(v, w, { weight: l.exception ? 1 : 3 }, key(l));
  }
  layout(g);
  const boxes: Box[] = states.map((s) => {
    const n = g.node(s);
    const { role, name } = labelOf(s);
    return { name: s, label: name[lang], role: role as Box['role'], x: n.x! - n.width / 2, y: n.y! - n.height / 2, width: n.width, height: n.height, lines: text.get(s)!, note: [] };
  });
  const graph = g.graph() as { width?: number; height?: number };
  const drawn = lines.map((l) => {
    const points = back(l) ? [...(g.edge(l.to, l.from, key(l)).points ?? [])].reverse() : (g.edge(l.from, l.to, key(l)).points ?? []);
    return { ...l, points };
  });
  return { boxes, lines: drawn, width: graph.width ?? 0, height: graph.height ?? 0 };
}

/** How many times two lines cross (segments that properly intersect; lines meeting at a box do not count). */
export function crossings(lines: readonly Pick<Line, 'points'>[]): number {
  const side = (a: Point, b: Point, c: Point) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  const cross = (p: Point, q: Point, r: Point, s: Point) => side(p, q, r) * side(p, q, s) < 0 && side(r, s, p) * side(r, s, q) < 0;
  let n = 0;
  lines.forEach((a, i) =>
    lines.slice(i + 1).forEach((b) => {
      for (let j = 1; j < a.points.length; j += 1) for (let k = 1; k < b.points.length; k += 1) if (cross(a.points[j - 1]!, a.points[j]!, b.points[k - 1]!, b.points[k]!)) n += 1;
    }),
  );
  return n;
}

/**
 * The states and lines a dossier went through, from the states of its statuses in order: between two states it
 * was seen at, the shortest way in the picture (so the system's own steps between two waits are marked too).
 */
export function pathTaken(layout: Pick<WorkflowLayout, 'lines'>, sequence: readonly string[]): { states: Set<string>; lines: Set<string> } {
  const states = new Set<string>();
  const taken = new Set<string>();
  const out = new Map<string, string[]>();
  for (const l of layout.lines) out.set(l.from, [...(out.get(l.from) ?? []), l.to]);
  const seq = sequence.filter((s, i) => s !== sequence[i - 1]);
  seq.forEach((s) => states.add(s));
  for (let i = 1; i < seq.length; i += 1) {
    const [a, b] = [seq[i - 1]!, seq[i]!];
    const back = new Map<string, string>([[a, a]]);
    const queue = [a];
    while (queue.length && !back.has(b)) {
      const at = queue.shift()!;
      for (const n of out.get(at) ?? []) if (!back.has(n)) (back.set(n, at), queue.push(n));
    }
    if (!back.has(b)) continue;
    for (let at = b; at !== a; at = back.get(at)!) {
      taken.add(`${back.get(at)}→${at}`);
      states.add(at);
    }
  }
  return { states, lines: taken };
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The picture as SVG: the current state highlighted (aria-current="step"), the path taken marked. */
export function workflowSvg(lay: WorkflowLayout, current: string | undefined, sequence: readonly string[], lang: Lang): string {
  const taken = pathTaken(lay, sequence);
  const currentBox = lay.boxes.find((b) => b.name === current);
  const title = lang === 'vi' ? 'Sơ đồ quy trình' : 'Workflow';
  const now = currentBox ? `, ${lang === 'vi' ? 'bước hiện tại' : 'current step'}: ${currentBox.label}` : '';
  const lines = lay.lines.map((l) => {
    const isTaken = taken.lines.has(`${l.from}→${l.to}`);
    const cls = [l.exception ? 'exception' : '', isTaken ? 'taken' : ''].filter(Boolean).join(' ');
    return `<polyline${cls ? ` class="${cls}"` : ''} data-from="${esc(l.from)}" data-to="${esc(l.to)}" points="${l.points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}" marker-end="url(#${isTaken ? 'arrow-taken' : 'arrow'})"/>`;
  });
  const boxes = lay.boxes.map((b) => {
    const cls = [b.role, b.name === current ? 'current' : taken.states.has(b.name) ? 'done' : ''].filter(Boolean).join(' ');
    const all = [...b.lines, ...b.note];
    const tspans = all.map((line, i) => `<tspan${i >= b.lines.length ? ' class="note"' : ''} x="${(b.x + b.width / 2).toFixed(1)}" y="${(b.y + PAD_Y + 11.5 + i * LINE_HEIGHT).toFixed(1)}">${esc(line)}${i < all.length - 1 ? ' ' : ''}</tspan>`).join('');
    return `<g data-state="${esc(b.name)}"${b.name === current ? ' aria-current="step"' : ''}><rect class="${cls}" x="${b.x.toFixed(1)}" y="${b.y.toFixed(1)}" width="${b.width}" height="${b.height}" rx="${b.role === 'end' ? 14 : 4}"/><text text-anchor="middle">${tspans}</text></g>`;
  });
  const marker = (id: string) => `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker>`;
  return `<svg class="workflow" role="img" aria-label="${esc(title + now)}" width="${lay.width}" height="${lay.height}" viewBox="0 0 ${lay.width} ${lay.height}" xmlns="http://www.w3.org/2000/svg"><defs>${marker('arrow')}${marker('arrow-taken')}</defs>${lines.join('')}${boxes.join('')}</svg>`;
}
