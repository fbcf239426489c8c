/**
 * `node --import tsx bench/callers.ts`: what many distinct HTTP callers cost the Cloudron server,
 * now that each call masks only its own caller's secrets. The built server (generated/cloudron,
 * `--http 0`) answers CALLERS_N (default 3,000) calls, each from a caller with its own token, then
 * as many from one caller; the script prints the median and p95 latency of each phase and the
 * server's RSS before, between and after. Calls go one at a time, so latency is the server's own.
 * Figures from a run are in the report of the branch that added this (issue 12).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildPackage } from '../generator/build/index.js';
import { statusKb } from './lib/proc.js';
import { startUpstream } from './lib/upstream.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const callers = Number(process.env.CALLERS_N ?? 3000);

/** CALLERS_PACKAGE: another build of the Cloudron package (e.g. an older runtime's) to compare. */
const dir = path.resolve(ROOT, process.env.CALLERS_PACKAGE ?? path.join('generated', 'cloudron'));
buildPackage(dir);
const upstream = await startUpstream({ '/apps': { apps: [{ id: 'a1', manifest: { title: 'true http manifest' } }] } });
const child = spawn(process.execPath, [path.join(dir, 'dist', 'bin.js'), '--http', '0'], {
  env: { PATH: process.env.PATH ?? '', CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_RATE_LIMIT: 'off' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const url = await new Promise<string>((resolve, reject) => {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    const match = /"url":"(http:\/\/[^"]+\/mcp)"/.exec(stderr);
    if (match?.[1]) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr}`)));
});
const pid = child.pid ?? 0;

async function call(token: string, id: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'list_apps', arguments: {} } }),
  });
  const text = await response.text();
  if (!text.includes('true http manifest')) throw new Error(`unexpected answer: ${text.slice(0, 300)}`);
  return performance.now() - started;
}

async function phase(tokenOf: (index: number) => string): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let index = 0; index < callers; index++) times.push(await call(tokenOf(index), index));
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? 0, p95: times[Math.floor(times.length * 0.95)] ?? 0 };
}

const mb = () => (statusKb(pid, 'VmRSS') / 1024).toFixed(1);
for (let index = 0; index < 200; index++) await call('warm-up-token-0f1e2d3c4b5a', index);
const before = mb();
const distinct = await phase((index) => `caller-${index}-token-9b8a7c6d5e4f`);
const afterDistinct = mb();
const single = await phase(() => 'one-caller-token-1a2b3c4d5e6f');
const afterSingle = mb();
console.log(
  JSON.stringify({ callers, before, distinct, afterDistinct, single, afterSingle }, (_, value: unknown) =>
    typeof value === 'number' ? Math.round(value * 100) / 100 : value,
  ),
);
child.kill('SIGTERM');
await upstream.close();
