import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installNote, unresolvedDependencies } from './dependencies.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OUTSIDE = mkdtempSync(path.join(os.tmpdir(), 'mcpgen-deps-'));
const MANIFEST = JSON.stringify({ dependencies: { '@modelcontextprotocol/sdk': '^1', ajv: '^8' } });
afterAll(() => rmSync(OUTSIDE, { recursive: true, force: true }));

describe('whether a generated package can load its dependencies where it was written', () => {
  it('inside this repo: found in its node_modules', () => {
    expect(unresolvedDependencies(path.join(ROOT, 'generated', 'cloudron'), MANIFEST)).toEqual([]);
  });

  it('outside any project: every dependency is missing, and the note says to npm install there', () => {
    const dir = path.join(OUTSIDE, 'out');
    const missing = unresolvedDependencies(dir, MANIFEST);
    expect(missing).toEqual(['@modelcontextprotocol/sdk', 'ajv']);
    expect(installNote(dir, missing)).toContain(`cannot load @modelcontextprotocol/sdk, ajv yet: run \`npm install\` in it`);
  });

  it('in a folder whose parent has them installed: found', () => {
    mkdirSync(path.join(OUTSIDE, 'node_modules', 'ajv'), { recursive: true });
    writeFileSync(path.join(OUTSIDE, 'node_modules', 'ajv', 'package.json'), '{}');
    expect(unresolvedDependencies(path.join(OUTSIDE, 'a', 'b'), MANIFEST)).toEqual(['@modelcontextprotocol/sdk']);
  });
});
