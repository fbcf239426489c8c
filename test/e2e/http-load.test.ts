/**
 * Load: 1,000 calls from 20 concurrent clients to the built Cloudron server over Streamable
 * HTTP, against the recording upstream. Zero failures, each answer the caller's own, and the
 * server's memory flat between the first and the last hundred calls.
 *
 * RSS is run twice. Launched as the generated README advises for long-running HTTP servers
 * (NODE_OPTIONS=--max-semi-space-size=1), RSS must grow less than 20 MB. At V8's defaults the young
 * generation itself grows from 1 MB toward 16 MB semi-spaces under this load, so RSS grows by some
 * 20-30 MB before levelling off; there the bound only catches a leak (the server used to grow by
 * 70 MB here when every request built its own SDK server and transport).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttp, type HttpServerProcess, startHttpServer } from '../support/http-server.js';
import { textOf } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild } from '../support/private-build.js';
import { RecordingUpstream } from '../support/recording-upstream.js';
import { rssKb } from '../support/process-memory.js';

const CLIENTS = 20;
const CALLS = Number(process.env.LOAD_CALLS ?? 1_000);
/**
 * Growth from the first to the last hundred calls is the heap reaching its working size plus any
 * leak. Launched as the README advises it measured 17-20 MB run to run here, at a53899d and since
 * (a leak of 30 KB a call would add 27 MB over the 900 calls between the two readings).
 */
const MODES: readonly { name: string; env: Record<string, string>; maxGrowthMb: number }[] = [
  { name: 'launched as the README advises', env: { NODE_OPTIONS: '--max-semi-space-size=1' }, maxGrowthMb: 25 },
  { name: "V8's default heap sizing", env: {}, maxGrowthMb: 45 },
];

const upstream = new RecordingUpstream();
let build: PrivateBuild;

beforeAll(async () => {
  build = privateBuild('cloudron');
  await upstream.start();
  upstream
    .on('GET', /^\/api\/v1\/apps\/[^/]+$/, (request) => ({
      body: { id: request.path.split('/').pop(), manifest: { id: 'io.example.app' }, label: String(request.headers.authorization) },
    }))
    .on('GET', '/api/v1/users', (request) => ({ body: { users: [{ id: String(request.query.search), username: 'ann' }] } }))
    .on('GET', '/api/v1/cloudron/status', { body: { version: '8.3.0' } });
});

afterAll(async () => {
  await upstream.stop();
  build?.remove();
});

describe.each(MODES)(`${CALLS} calls from ${CLIENTS} concurrent clients over HTTP, $name`, ({ name, env, maxGrowthMb }) => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    upstream.requests.length = 0;
    server = await startHttpServer(build.bin, { CLOUDRON_BASE_URL: `${upstream.url}/api/v1`, CLOUDRON_TIMEOUT_MS: '10000', ...env });
  });
  afterAll(() => server?.stop());

  it(`all succeed with their own answers, and RSS grows less than ${maxGrowthMb} MB from the first to the last hundred calls`, async () => {
    const pid = server.child.pid;
    if (!pid) throw new Error('the server has no pid');
    const clients: Client[] = await Promise.all(
      Array.from({ length: CLIENTS }, (_, index) => connectHttp(server.url, { Authorization: `Bearer load-client-${index}` })),
    );
    let next = 0;
    let done = 0;
    const failures: string[] = [];
    const caller = new Map<string, number>();
    const rss: { afterFirstHundred?: number; beforeLastHundred?: number } = {};
    const started = Date.now();

    // Each client takes the next call number until all are handed out: 20 calls in flight at any time.
    await Promise.all(
      clients.map(async (client, index) => {
        for (let call = next++; call < CALLS; call = next++) {
          const kind = call % 3;
          const [name, args, expected] =
            kind === 0
              ? ['get_app', { appId: `app-${call}` }, `"id":"app-${call}"`]
              : kind === 1
                ? ['get_users', { search: `user-${call}`, page: 1, per_page: 10 }, `"id":"user-${call}"`]
                : ['get_cloudron_status', {}, '"version":"8.3.0"'];
          try {
            const result = await client.callTool({ name, arguments: args });
            const text = textOf(result);
            if (result.isError) failures.push(`${name} #${call}: ${text.slice(0, 200)}`);
            else if (!text.includes(expected)) failures.push(`${name} #${call}: another answer: ${text.slice(0, 200)}`);
            // The caller's own token is a secret: the echo comes back masked, so check what the upstream saw.
            else if (kind === 0) caller.set(`/api/v1/apps/app-${call}`, index);
          } catch (error) {
            failures.push(`${name} #${call} threw: ${error instanceof Error ? error.message : String(error)}`);
          }
          done += 1;
          if (done === 100) rss.afterFirstHundred = rssKb(pid);
          if (done === CALLS - 100) rss.beforeLastHundred = rssKb(pid);
        }
      }),
    );
    const end = rssKb(pid);
    const elapsed = Date.now() - started;
    await Promise.all(clients.map((client) => client.close()));

    const first = rss.afterFirstHundred ?? NaN;
    console.log(
      `[load, ${name}] ${CALLS} calls, ${CLIENTS} clients, ${elapsed} ms (${Math.round((CALLS / elapsed) * 1000)} calls/s); ` +
        `server RSS after the first 100: ${Math.round(first / 1024)} MB, before the last 100: ` +
        `${Math.round((rss.beforeLastHundred ?? NaN) / 1024)} MB, after the last: ${Math.round(end / 1024)} MB; failures ${failures.length}`,
    );
    expect(failures).toEqual([]);
    expect(done).toBe(CALLS);
    expect(upstream.requests).toHaveLength(CALLS);
    const crossings = upstream.requests.filter(
      (request) => caller.has(request.path) && request.headers.authorization !== `Bearer load-client-${caller.get(request.path)}`,
    );
    expect(crossings).toHaveLength(0);
    expect(caller.size).toBe(Math.ceil(CALLS / 3));
    expect(end - first).toBeLessThan(maxGrowthMb * 1024);
  }, 120_000);
});
