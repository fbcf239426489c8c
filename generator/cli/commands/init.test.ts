import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { loadSpec } from '../../load/index.js';
import { buildModel } from '../../model/index.js';
import type { Output } from '../output.js';
import { runInit } from './init.js';

const WORK = mkdtempSync(path.join(os.tmpdir(), 'mcpgen-init-'));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

function project(name: string): { dir: string; output: Output & { text: string } } {
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  const output = { text: '', out: (text: string) => void (output.text += text), err: (text: string) => void (output.text += text) };
  return { dir, output };
}

describe('mcpgen init', () => {
  it('writes a starter spec whose model has auth, cursor pagination and tasks, and prints the next three commands', async () => {
    const { dir, output } = project('one');
    runInit(output, 'shop', dir);
    const { model, warnings } = buildModel(await loadSpec('specs/shop.yaml', { root: dir }));
    expect(model.name).toBe('shop');
    expect(model.securitySchemes.map((scheme) => scheme.env)).toEqual([['API_TOKEN']]);
    expect(model.tools.find((tool) => tool.name === 'list_items')?.pagination).toMatchObject({
      style: 'cursor',
      cursorPath: '/next_cursor',
    });
    expect(model.tools.find((tool) => tool.name === 'export_items')?.startsTask).toBe(true);
    expect(warnings).toEqual([]);
    const commands = output.text.split('\n').filter((line) => line.startsWith('  '));
    expect(commands).toHaveLength(3);
    expect(commands[0]).toContain('npx mcpgen generate specs/shop.yaml');
    expect(commands[2]).toContain('SHOP_BASE_URL=http://127.0.0.1:4010');
  });

  it('adds generated/*/dist/ to an existing .gitignore once, keeping what it had', () => {
    const { dir, output } = project('two');
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/');
    runInit(output, 'a', dir);
    runInit(output, 'b', dir);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\ngenerated/*/dist/\n');
  });

  it('names the API after the folder by default, and refuses to overwrite a spec or take a bad name', () => {
    const { dir, output } = project('My Api 2');
    runInit(output, undefined, dir);
    expect(readFileSync(path.join(dir, 'specs', 'my-api-2.yaml'), 'utf8')).toContain('name: my-api-2');
    expect(() => runInit(output, 'my-api-2', dir)).toThrow(new ConfigError('init: specs/my-api-2.yaml already exists; nothing written'));
    expect(() => runInit(output, 'Bad_Name', dir)).toThrow(ConfigError);
    expect(() => runInit(output, '../evil', dir)).toThrow(/cannot name an API/);
  });
});
