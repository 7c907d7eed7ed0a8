import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '#infra/web-build';
import { stateOfStatus, workflowStateLabel, workflowStates } from '#domain/workflow-states';
import { dossierStatuses, statusNames } from '#domain/lifecycle';
import { type Asl, type Box, crossings, layoutWorkflow, pathTaken, type Point, workflowSvg, wrap } from '../../web/src/workflow-layout.ts';
import { stateMachineDefinition, synthStack } from '../support/synth.ts';

/** The deployed definition, as the stack hands it to the web app's config.json. */
let asl: Asl;
beforeAll(() => {
  asl = stateMachineDefinition(synthStack().template) as unknown as Asl;
});

/**
 * The picture before issue 26 (web/src/workflow-diagram.ts at b5b6ed2): states in rows by their distance from the
 * start, side by side in the order found, straight lines between box centres for Next, Default and Choices.
 */
function oldGridLines(definition: Asl): { points: Point[] }[] {
  type S = Asl['States'][string];
  const next = (s: S) => [s.Next, s.Default, ...(s.Choices ?? []).map((c) => c.Next)].filter((x): x is string => Boolean(x));
  const first = definition.States[definition.StartAt]!;
  const start = first.Type === 'Choice' && first.Default ? first.Default : definition.StartAt;
  const depth = new Map([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const name = queue.shift()!;
    for (const n of [...next(definition.States[name]!), ...(definition.States[name]!.Catch ?? []).map((c) => c.Next)]) if (!depth.has(n)) (depth.set(n, depth.get(name)! + 1), queue.push(n));
  }
  const rows: string[][] = [];
  for (const [name, d] of depth) (rows[d] ??= []).push(name);
  const pos = new Map<string, Point>();
  rows.forEach((names, d) => names.forEach((n, i) => pos.set(n, { x: 8 + i * 164, y: 8 + d * 54 })));
  return Object.entries(definition.States).flatMap(([name, s]) =>
    next(s).filter((n) => pos.has(name) && pos.has(n)).map((n) => ({ points: [{ x: pos.get(name)!.x + 75, y: pos.get(name)!.y + 28 }, { x: pos.get(n)!.x + 75, y: pos.get(n)!.y }] })),
  );
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
/** Whether the segment p–q runs through the inside of the box (shrunk by a pixel: lines end on the border). */
function throughBox(p: Point, q: Point, b: Box): boolean {
  const [x0, y0, x1, y1] = [b.x + 1, b.y + 1, b.x + b.width - 1, b.y + b.height - 1];
  for (let t = 0; t <= 1; t += 0.02) {
    const x = p.x + (q.x - p.x) * t;
    const y = p.y + (q.y - p.y) * t;
    if (x > x0 && x < x1 && y > y0 && y < y1) return true;
  }
  return false;
}

describe('the workflow picture of the deployed definition', () => {
  it('names every state of the synthesized definition in Vietnamese and English', () => {
    const unnamed = Object.keys(asl.States).filter((s) => !workflowStateLabel(s));
    expect(unnamed).toEqual([]);
    for (const state of Object.keys(asl.States)) {
      const { name } = workflowStateLabel(state)!;
      expect(name.vi, state).not.toBe(state);
      // No code-shaped words (camelCase, PascalCase run-ons) in what a civil servant reads.
      expect(name.vi, state).not.toMatch(/[a-z][A-Z]/);
      expect(name.en, state).not.toMatch(/[a-z][A-Z]/);
    }
    // Every entry of the map is a state the definition has (no stale names), and every status's state exists.
    expect(Object.keys(workflowStates).filter((s) => !asl.States[s])).toEqual([]);
    expect(Object.values(stateOfStatus).filter((s) => !asl.States[s])).toEqual([]);
    expect(dossierStatuses.filter((s) => s !== 'Draft' && !stateOfStatus[s])).toEqual([]);
  });

  it('names a wait and an outcome as the status a dossier has there (one word for one thing)', () => {
    for (const [status, state] of Object.entries(stateOfStatus)) {
      if (status === 'Submitted') continue; // the completeness check is a step of its own, not "submitted"
      expect(workflowStates[state]!.name, state).toEqual(statusNames[status as keyof typeof statusNames]);
    }
  });

  for (const lang of ['vi', 'en'] as const) {
    it(`lays out the steps without overlapping boxes, each labelled, lines around boxes (${lang})`, () => {
      const lay = layoutWorkflow(JSON.stringify(asl), lang);
      const names = lay.boxes.map((b) => b.name);
      // Drawn: the steps and outcomes; left out: the branchings, escalations and the failure path.
      expect(new Set(names)).toEqual(new Set(Object.keys(asl.States).filter((s) => ['step', 'end', 'aside'].includes(workflowStateLabel(s)!.role))));
      expect(names).not.toContain('ReportFailure');
      expect(names).not.toContain('IsComplete');
      for (const b of lay.boxes) {
        expect(b.label).toBe(workflowStateLabel(b.name)!.name[lang]);
        expect(b.lines.join(' ')).toBe(b.label);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(lay.width);
        expect(b.y + b.height).toBeLessThanOrEqual(lay.height);
        // Each line of a label fits its box at ~6.5 px a character.
        for (const line of [...b.lines, ...b.note]) expect(line.length * 6.5, line).toBeLessThanOrEqual(b.width - 8);
      }
      const overlapping = lay.boxes.flatMap((a, i) => lay.boxes.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.name} × ${b.name}`));
      expect(overlapping).toEqual([]);
      const through = lay.lines.flatMap((l) =>
        lay.boxes.filter((b) => b.name !== l.from && b.name !== l.to && l.points.some((p, i) => i > 0 && throughBox(l.points[i - 1]!, p, b))).map((b) => `${l.from}→${l.to} through ${b.name}`),
      );
      expect(through).toEqual([]);
      // Every line starts at its step and ends at the next.
      for (const l of lay.lines) expect(l.points.length, `${l.from}→${l.to}`).toBeGreaterThanOrEqual(2);
    });
  }

  it('crosses far fewer lines than the old hand-made grid', () => {
    const old = crossings(oldGridLines(asl));
    const lay = layoutWorkflow(asl, 'vi');
    const now = crossings(lay.lines);
    console.info(`workflow picture: ${now} crossings (old grid: ${old}), ${lay.boxes.length} boxes, ${lay.width}×${lay.height} px`);
    expect(now).toBeLessThan(old);
    expect(now).toBeLessThanOrEqual(4);
  });

  it('counts a crossing, and not two lines meeting at a box', () => {
    const line = (a: [number, number], b: [number, number]) => ({ points: [{ x: a[0], y: a[1] }, { x: b[0], y: b[1] }] });
    expect(crossings([line([0, 0], [10, 10]), line([0, 10], [10, 0])])).toBe(1);
    expect(crossings([line([0, 0], [10, 10]), line([10, 10], [20, 0])])).toBe(0);
    expect(crossings([line([0, 0], [10, 10]), line([20, 0], [30, 10])])).toBe(0);
  });

  it('marks the current step and the path taken, the system steps between two waits included', () => {
    const lay = layoutWorkflow(asl, 'vi');
    const sequence = ['CheckCompleteness', 'AwaitSupplement', 'CheckCompleteness', 'AwaitAppraisal', 'AwaitChairDecision', 'Awarded'];
    const taken = pathTaken(lay, sequence);
    expect([...taken.states].sort()).toEqual(['AwaitAppraisal', 'AwaitChairDecision', 'AwaitSupplement', 'Awarded', 'CheckCompleteness', 'RecordDecision', 'RenderDecisionDocuments']);
    expect(taken.lines).toContain('AwaitSupplement→CheckCompleteness');
    expect(taken.lines).toContain('RenderDecisionDocuments→Awarded');
    expect(taken.lines).not.toContain('AwaitAppraisal→AwaitCouncil');
    const svg = workflowSvg(lay, 'Awarded', sequence, 'vi');
    expect(svg).toMatch(/<g data-state="Awarded" aria-current="step"><rect class="end current"/);
    expect(svg).toMatch(/<g data-state="RecordDecision"><rect class="step done"/);
    expect(svg).toContain('aria-label="Sơ đồ quy trình, bước hiện tại: Đã khen thưởng"');
    expect(svg.match(/aria-current/g)).toHaveLength(1);
  });

  it('wraps a label into lines of a box', () => {
    expect(wrap('Lập văn bản quyết định khen thưởng')).toEqual(['Lập văn bản quyết', 'định khen thưởng']);
    expect(wrap('Nháp')).toEqual(['Nháp']);
  });

  it('keeps dagre out of the main bundle: the layout is a chunk the dossier page loads on demand', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'web-build-'));
    try {
      buildWeb(out);
      const chunks = readdirSync(path.join(out, 'chunks'));
      const layoutChunk = chunks.find((f) => f.startsWith('workflow-layout-'));
      expect(layoutChunk).toBeDefined();
      // A string only dagre's code carries (its ranker's name).
      expect(readFileSync(path.join(out, 'chunks', layoutChunk!), 'utf8')).toContain('network-simplex');
      expect(readFileSync(path.join(out, 'app.js'), 'utf8')).not.toContain('network-simplex');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
