import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from './proc.js';

/** The repository root (bench/lib/ → ../..). */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Every output goes under bench/.work/, inside the repo, so generated code resolves our node_modules. */
export const WORK = path.join(ROOT, 'bench', '.work');
export const CORPUS = process.env.BENCH_CORPUS ?? path.join(ROOT, 'test', 'fixtures', 'corpus');

export interface Spec {
  readonly id: string;
  readonly file: string;
}

/** Every spec in specs/ plus the four large corpus specs (skipped when the corpus is absent). */
export function benchSpecs(): Spec[] {
  const ours = ['cloudron', 'cloudways', 'alpacon'].map((id) => ({ id, file: path.join(ROOT, 'specs', `${id}.yaml`) }));
  const corpus = [
    { id: 'stripe', file: path.join(CORPUS, 'stripe.yaml') },
    { id: 'digitalocean', file: path.join(CORPUS, 'digitalocean', 'DigitalOcean-public.v2.yaml') },
    { id: 'discord', file: path.join(CORPUS, 'discord.json') },
    { id: 'docker', file: path.join(CORPUS, 'docker-engine.yaml') },
  ];
  return [...ours, ...corpus].filter((spec) => existsSync(spec.file));
}

/**
 * BENCH_BASELINE: another mcpgen checkout, built (its dist/), run as one more contestant so that
 * our ratios can be compared with an earlier tree's in the same run, under the same load.
 */
export const BASELINE = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;

export type Task = 'ours' | 'ours+build' | 'baseline' | 'baseline+build' | 'openapi-typescript' | 'omg' | 'omg+build' | 'kubb';
export const TASKS: readonly Task[] = [
  'ours',
  'ours+build',
  ...(BASELINE ? (['baseline', 'baseline+build'] as const) : []),
  'openapi-typescript',
  'omg',
  'omg+build',
  'kubb',
];

const node = process.execPath;
const bin = {
  ours: path.join(ROOT, 'dist', 'generator', 'cli', 'index.js'),
  baseline: path.join(BASELINE ?? ROOT, 'dist', 'generator', 'cli', 'index.js'),
  openapiTypescript: path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
  omg: path.join(ROOT, 'node_modules', 'openapi-mcp-generator', 'bin', 'openapi-mcp-generator.js'),
  kubb: path.join(ROOT, 'node_modules', '@kubb', 'cli', 'bin', 'kubb.cjs'),
};

/**
 * The baseline reads our specs as they were at its commit (their x-mcp keys are what it knows);
 * the corpus specs are the same files for both.
 */
function baselineSpecFile(spec: Spec): string {
  const own = path.relative(path.join(ROOT, 'specs'), spec.file);
  const then = BASELINE && !own.startsWith('..') ? path.join(BASELINE, 'specs', own) : undefined;
  return then && existsSync(then) ? then : spec.file;
}

/** Where a task writes its output for a spec; emptied before every run. */
export function outputDir(task: Task, spec: Spec): string {
  return path.join(WORK, spec.id, task.replace('+', '-'));
}

/**
 * The commands of one timed run. `ours`: generate without the build; `ours+build`: generate and
 * build (what makes `node dist/bin.js` start). openapi-mcp-generator: its CLI, then for `+build`
 * its own `npm run build` (tsc + chmod) in the generated project, dependencies resolved from
 * our node_modules. Kubb: its CLI with the ts, zod, client (fetch) and mcp plugins; its server
 * runs from TypeScript through tsx as its .mcp.json says, so it has no build step.
 */
export function taskCommands(task: Task, spec: Spec, upstreamUrl: string): Command[] {
  const out = outputDir(task, spec);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  switch (task) {
    case 'ours':
      return [{ command: node, args: [bin.ours, 'generate', spec.file, '-o', out, '--no-build'], cwd: ROOT }];
    case 'ours+build':
      return [{ command: node, args: [bin.ours, 'generate', spec.file, '-o', out], cwd: ROOT }];
    case 'baseline':
      return [{ command: node, args: [bin.baseline, 'generate', baselineSpecFile(spec), '-o', out, '--no-build'], cwd: ROOT }];
    case 'baseline+build':
      return [{ command: node, args: [bin.baseline, 'generate', baselineSpecFile(spec), '-o', out], cwd: ROOT }];
    case 'openapi-typescript':
      return [{ command: node, args: [bin.openapiTypescript, spec.file, '-o', path.join(out, 'types.ts')], cwd: ROOT }];
    case 'omg':
    case 'omg+build': {
      const generate: Command = { command: node, args: [bin.omg, '-i', spec.file, '-o', out, '--force'], cwd: ROOT };
      return task === 'omg' ? [generate] : [generate, { command: 'npm', args: ['run', 'build', '--silent'], cwd: out }];
    }
    case 'kubb':
      writeKubbConfig(out, spec, upstreamUrl);
      return [{ command: node, args: [bin.kubb, 'generate', '--config', 'kubb.config.mjs'], cwd: out }];
  }
}

function writeKubbConfig(out: string, spec: Spec, upstreamUrl: string): void {
  const config = `import { defineConfig } from '@kubb/core';
import { pluginClient } from '@kubb/plugin-client';
import { pluginMcp } from '@kubb/plugin-mcp';
import { pluginOas } from '@kubb/plugin-oas';
import { pluginTs } from '@kubb/plugin-ts';
import { pluginZod } from '@kubb/plugin-zod';

export default defineConfig({
  root: '.',
  input: { path: ${JSON.stringify(spec.file)} },
  output: { path: './gen', clean: true },
  plugins: [
    pluginOas(),
    pluginTs(),
    // zod 3.25 is what resolves here; plugin-mcp's server.ts imports 'zod', so the schemas must be v3 too.
    pluginZod({ version: '3' }),
    pluginClient({ client: 'fetch', baseURL: ${JSON.stringify(upstreamUrl)} }),
    pluginMcp({ client: { client: 'fetch', baseURL: ${JSON.stringify(upstreamUrl)} } }),
  ],
});
`;
  writeFileSync(path.join(out, 'kubb.config.mjs'), config);
  // Kubb's server.ts exports startServer() but does not call it; this is the two-line entry.
  writeFileSync(path.join(out, 'start.ts'), "import { startServer } from './gen/mcp/server.ts';\n\nawait startServer();\n");
}
