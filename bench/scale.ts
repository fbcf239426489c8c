/**
 * `npm run bench:scale`: generates synthetic specs of 1k, 5k and 20k operations with the CLI (the
 * build included, as `mcpgen generate` runs by default) and records wall time and peak RSS in the
 * "Scale" section of bench/RESULTS.md, which the main bench keeps when it rewrites the file.
 * Target (issue 12): 20k operations in under 60 s and 1.5 GB on 2 cores, time roughly linear.
 *
 * Environment: BENCH_SCALE_SIZES (comma-separated operation counts, default 1000,5000,20000).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { measure } from './lib/proc.js';
import { SCALE_HEADING, syntheticSpec, withScaleSection } from './lib/scale.js';
import { ROOT, WORK } from './lib/subjects.js';

const sizes = (process.env.BENCH_SCALE_SIZES ?? '1000,5000,20000')
  .split(',')
  .map(Number)
  .filter((size) => size > 0);
const dir = path.join(WORK, 'scale');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const rows: string[] = [];
/** The machine's 1-minute load average as each run ended: the times are only comparable at similar load. */
const loads: string[] = [];
let base: { operations: number; ms: number } | undefined;
for (const operations of sizes) {
  const spec = path.join(dir, `synthetic-${operations}.yaml`);
  writeFileSync(spec, yaml.dump(syntheticSpec(operations), { noRefs: true, lineWidth: -1 }));
  const out = path.join(dir, `out-${operations}`);
  const run = await measure({
    command: process.execPath,
    args: [path.join(ROOT, 'dist/generator/cli/index.js'), 'generate', spec, '-o', out],
    cwd: ROOT,
  });
  if (run.code !== 0) throw new Error(`generate of ${operations} operations failed (exit ${run.code}):\n${run.tail}`);
  base ??= { operations, ms: run.ms };
  const perOperation = run.ms / operations;
  const linear = (run.ms / base.ms / (operations / base.operations)).toFixed(2);
  loads.push(`${operations}: ${(loadavg()[0] ?? 0).toFixed(1)}`);
  rows.push(
    `| ${operations} | ${(run.ms / 1000).toFixed(1)} | ${perOperation.toFixed(2)} | ${linear} | ${Math.round(run.peakKb / 1024)} |`,
  );
  console.log(`${operations} operations: ${(run.ms / 1000).toFixed(1)} s, peak RSS ${Math.round(run.peakKb / 1024)} MB`);
  rmSync(out, { recursive: true, force: true });
}

const section = [
  SCALE_HEADING,
  '',
  `\`mcpgen generate\` (with the build) of synthetic specs (\`bench/lib/scale.ts\`: per operation a tag, a path and a query`,
  `parameter, a body on writes, a response schema by \`$ref\`), one run each, ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}.`,
  'Target: 20,000 operations in under 60 s and 1.5 GB. "vs linear": time per operation relative to the smallest run (1.00 = linear).',
  '',
  '| operations | wall s | ms per operation | vs linear | peak RSS MB |',
  '|---|---|---|---|---|',
  ...rows,
  '',
  `1-minute load average when each run ended: ${loads.join(', ')}.`,
  '',
].join('\n');
const results = path.join(ROOT, 'bench', 'RESULTS.md');
writeFileSync(results, withScaleSection(readFileSync(results, 'utf8'), section));
console.log(`wrote the scale section of bench/RESULTS.md`);
