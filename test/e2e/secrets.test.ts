/**
 * A planted token must never leave: not in tool results (even when the API echoes it back),
 * not in the server's logs, not in anything the generator writes or prints.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../generator/cli/output.js';
import { EXIT, runProgram } from '../../generator/cli/program.js';
import { connectStdio, ROOT, type StdioSession, textOf } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';
import { RecordingUpstream, type SeenRequest } from '../support/recording-upstream.js';

/** Characters that differ in URL, JSON and base64 encodings, so each encoded form is distinct. */
const TOKEN = 'pl4nted-Secr3t+tok/en=9f3e~Q';
const FORMS = {
  plain: TOKEN,
  'URL-encoded': encodeURIComponent(TOKEN),
  base64: Buffer.from(TOKEN).toString('base64'),
  'base64 of Bearer': Buffer.from(`Bearer ${TOKEN}`).toString('base64'),
};
const OUT = path.join(ROOT, 'test', '.tmp', 'secrets');

/** Any 10 characters in a row of the token: a cut-off token is a leak too. */
const PIECES = Array.from({ length: TOKEN.length - 9 }, (_, start) => TOKEN.slice(start, start + 10));

function leaks(text: string): string[] {
  const found = Object.entries(FORMS)
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);
  const piece = PIECES.find((candidate) => text.includes(candidate));
  return piece ? [...found, `piece "${piece}"`] : found;
}

/** Pads so that an error snippet cut at `limit` characters falls in the middle of the token. */
const straddling = (limit: number, before: string) => 'x'.repeat(limit - before.length - 'Bearer '.length - 10);

/** Every file below a folder (node_modules aside), as path → text. */
function filesUnder(dir: string): [string, string][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name): [string, string][] => {
    const file = path.join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(file).isDirectory()) return filesUnder(file);
    return [[path.relative(ROOT, file), readFileSync(file, 'latin1')]];
  });
}

const auth = (request: SeenRequest) => String(request.headers.authorization ?? '');
const upstream = new RecordingUpstream();
let build: PrivateBuild;
let session: StdioSession;
const results: { name: string; text: string; json: string; isError: boolean }[] = [];
let generatorOutput = '';

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  // The generator runs with the token in its environment, as it would on a developer's machine.
  const saved = process.env.CLOUDRON_API_TOKEN;
  process.env.CLOUDRON_API_TOKEN = TOKEN;
  try {
    const output: Output = { out: (text) => (generatorOutput += text), err: (text) => (generatorOutput += text) };
    expect(await runProgram(['generate', 'specs/cloudron.yaml', '-o', OUT], output)).toBe(EXIT.ok);
    expect(await runProgram(['list', 'specs/cloudron.yaml'], output)).toBe(EXIT.ok);
  } finally {
    if (saved === undefined) delete process.env.CLOUDRON_API_TOKEN;
    else process.env.CLOUDRON_API_TOKEN = saved;
  }

  // An API that echoes the Authorization header back in every way it can.
  build = privateBuild('cloudron');
  await upstream.start();
  upstream
    .on('GET', '/api/v1/apps/echo', (request) => ({
      body: { id: 'echo', label: `you sent ${auth(request)}`, env: { AUTH: auth(request) }, tags: [auth(request)] },
    }))
    .on('GET', '/api/v1/apps/echo-text', (request) => ({
      raw: true,
      headers: { 'content-type': 'text/plain' },
      body: `plain text: ${auth(request)}`,
    }))
    .on('GET', '/api/v1/apps/echo-encoded', (request) => ({
      body: { id: 'x', next: `https://api.example.com/apps?token=${encodeURIComponent(auth(request).replace('Bearer ', ''))}` },
    }))
    .on('GET', '/api/v1/apps', (request) => ({ status: 401, body: { status: 'Unauthorized', message: `Invalid token ${auth(request)}` } }))
    .on('GET', '/api/v1/apps/echo-html', (request) => ({
      status: 500,
      raw: true,
      headers: { 'content-type': 'text/html' },
      body: `<html><body><h1>Error</h1><pre>Authorization: ${auth(request)}</pre></body></html>`,
    }))
    .on('GET', '/api/v1/apps/echo-bad-json', (request) => ({ raw: true, body: `{"auth": "${auth(request)}", oops` }))
    .on('GET', '/api/v1/apps/echo-redirect', (request) => ({
      status: 302,
      headers: { location: `https://login.example.com/?token=${encodeURIComponent(auth(request).replace('Bearer ', ''))}` },
      body: { message: `moved, ${auth(request)}` },
    }))
    // Error snippets are cut at 500 (API message) and 200 (invalid JSON) characters.
    .on('GET', '/api/v1/apps/echo-long-error', (request) => ({
      status: 400,
      body: { message: `${straddling(500, '')}${auth(request)} is not allowed` },
    }))
    .on('GET', '/api/v1/apps/echo-long-bad-json', (request) => ({
      raw: true,
      body: `{"a": "${straddling(200, '{"a": "')}${auth(request)}", oops`,
    }))
    .on('POST', '/api/v1/users', (request) => ({
      status: 400,
      body: { error: { code: 'bad', message: `${auth(request)} may not do this` } },
    }))
    .on('GET', '/api/v1/apps/slow', { delayMs: 3_000, body: {} });

  session = await connectStdio(build.bin, {
    CLOUDRON_BASE_URL: `${upstream.url}/api/v1`,
    CLOUDRON_API_TOKEN: TOKEN,
    CLOUDRON_TIMEOUT_MS: '1000',
    CLOUDRON_LOG_LEVEL: 'debug',
    CLOUDRON_OUTPUT_VALIDATION: 'tolerant',
  });
  const calls: [string, Record<string, unknown>][] = [
    ['get_app', { appId: 'echo' }],
    ['get_app', { appId: 'echo-text' }],
    ['get_app', { appId: 'echo-encoded' }],
    ['list_apps', {}],
    ['get_app', { appId: 'echo-html' }],
    ['get_app', { appId: 'echo-bad-json' }],
    ['get_app', { appId: 'echo-redirect' }],
    ['get_app', { appId: 'echo-long-error' }],
    ['get_app', { appId: 'echo-long-bad-json' }],
    ['add_user', { email: 'ann@example.com', username: 'ann', displayName: 'Ann' }],
    ['get_app', { appId: 'slow' }],
    ['get_app', { appId: '..' }],
    ['get_app', {}],
    ['no_such_tool', {}],
  ];
  for (const [name, args] of calls) {
    const result = await session.client.callTool({ name, arguments: args });
    results.push({ name, text: textOf(result), json: JSON.stringify(result), isError: result.isError === true });
  }
}, 120_000);

afterAll(async () => {
  await session?.close();
  await upstream.stop();
  build?.remove();
  rmSync(OUT, { recursive: true, force: true });
});

describe('the planted token never leaves', () => {
  it('was really sent upstream and echoed back, masked', () => {
    expect(upstream.requests.some((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const echo = results[0];
    expect(echo?.isError).toBe(false);
    expect(echo?.text).toContain('you sent Bearer [REDACTED]');
    expect(JSON.parse(echo?.json ?? '{}').structuredContent).toMatchObject({
      label: 'you sent Bearer [REDACTED]',
      tags: ['Bearer [REDACTED]'],
    });
    // Text where the tool promises an object: a drift note, then the body.
    expect(results[1]?.text).toMatch(/\nplain text: Bearer \[REDACTED\]$/);
    expect(results[2]?.text).toContain('token=[REDACTED]');
    expect(results[3]?.text).toContain('Invalid token Bearer [REDACTED]');
    expect(results.slice(3, 11).every((result) => result.isError)).toBe(true);
  });

  it('in no tool result, success or error, text or structured', () => {
    for (const result of results) expect(leaks(result.json), `${result.name}: ${result.json.slice(0, 300)}`).toEqual([]);
  });

  it("in none of the server's logs (at debug level)", () => {
    const stderr = session.stderr();
    expect(stderr).toContain('serving over stdio');
    expect(leaks(stderr)).toEqual([]);
  });

  it("in none of the generator's output, with the token in its environment", () => {
    expect(generatorOutput).toContain('240 tools');
    expect(leaks(generatorOutput)).toEqual([]);
  });

  it('in no file under generated/, test/snapshots/ or the freshly generated package', () => {
    const files = [...filesUnder(path.join(ROOT, 'generated')), ...filesUnder(path.join(ROOT, 'test', 'snapshots')), ...filesUnder(OUT)];
    expect(files.length).toBeGreaterThan(500);
    expect(files.filter(([file]) => file.startsWith('test/.tmp/secrets/dist/')).length).toBeGreaterThan(0);
    const leaking = files.filter(([, text]) => leaks(text).length > 0).map(([file]) => file);
    expect(leaking).toEqual([]);
  });
});
