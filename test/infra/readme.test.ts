import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmePath, renderReadme, synthesizedDefinition } from '../../scripts/docs.ts';

describe('README.md', () => {
  it('shows the workflow diagram and route table generated from the current code (run `npm run docs` after a change)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(readme).toBe(renderReadme(readme));
  });

  it('draws every state of the synthesized state machine', () => {
    const readme = readFileSync(readmePath, 'utf8');
    for (const name of Object.keys(synthesizedDefinition().States)) expect(readme).toContain(name);
  });

  it('gives the two commands a fresh machine needs', () => {
    const readme = readFileSync(readmePath, 'utf8');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm cit');
  });
});
