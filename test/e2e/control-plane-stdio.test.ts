import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtServer, connectStdio, type StdioSession, textOf } from '../support/mcp-client.js';
import { ControlPlaneUpstream } from '../support/control-plane-upstream.js';

/**
 * The generated control-plane server over stdio with the real SDK client, against a stateful
 * mock of the control plane: envelopes unwrapped, page metadata kept, operator filters sent
 * exactly, error envelopes read, destructive tools confirmed, secrets never shown.
 */
const upstream = new ControlPlaneUpstream();
const env = {
  CONTROL_PLANE_BASE_URL: '',
  CONTROL_PLANE_API_KEY: upstream.credentials.apiKey,
  CONTROL_PLANE_TIMEOUT_MS: '3000',
};
let bin: string;
let session: StdioSession;

beforeAll(async () => {
  await upstream.start();
  env.CONTROL_PLANE_BASE_URL = upstream.url;
  bin = builtServer('control-plane');
  session = await connectStdio(bin, env);
});

afterAll(async () => {
  await session?.close();
  await upstream.stop();
});

beforeEach(() => {
  upstream.http.requests.length = 0;
  upstream.rateLimit = Number.POSITIVE_INFINITY;
});

const call = async (name: string, args: Record<string, unknown> = {}, on = session) => {
  const result = await on.client.callTool({ name, arguments: args });
  const text = textOf(result);
  expect(text).not.toContain(upstream.credentials.apiKey);
  return { result, text, structured: result.structuredContent as Record<string, unknown> | undefined };
};

describe('tools/list', () => {
  it('serves every operation but those that would put tokens in the model’s context', async () => {
    const { tools } = await session.client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toHaveLength(42);
    for (const hidden of ['login', 'refresh_token', 'logout', 'create_api_key']) expect(names).not.toContain(hidden);
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    for (const destructive of [
      'exec_in_pod',
      'run_device_command',
      'run_device_commands',
      'update_device_config',
      'restore_device_config',
    ]) {
      expect(byName[destructive]?.annotations?.destructiveHint, destructive).toBe(true);
      expect(byName[destructive]?.inputSchema.properties, destructive).toHaveProperty('confirm');
    }
    expect(byName.get_pod_logs?.inputSchema.properties).not.toHaveProperty('follow');
    expect(byName.list_pods?.outputSchema?.properties).toHaveProperty('metadata');
  });
});

describe('envelopes', () => {
  it('returns the payload of an object envelope, sending the API key', async () => {
    const { result, structured } = await call('get_cluster', { cluster_id: 'cls_prod' });
    expect(result.isError).toBeFalsy();
    expect(structured).toMatchObject({ id: 'cls_prod', name: 'prod-eu1', version: 'v1.29.2' });
    expect(structured).not.toHaveProperty('status', 'success');
    expect(upstream.http.last().headers['x-api-key']).toBe(upstream.credentials.apiKey);
  });

  it('returns a list under items with the page metadata, filtered exactly as asked', async () => {
    const { result, structured } = await call('list_pods', {
      cluster_id: 'cls_prod',
      namespace: 'payments',
      status: { in: 'Running,Pending' },
      node: { ne: 'worker-2' },
      limit: 10,
    });
    expect(result.isError).toBeFalsy();
    expect(decodeURIComponent(upstream.http.last().rawQuery)).toBe('limit=10&status[in]=Running,Pending&node[ne]=worker-2');
    const items = structured?.items as { name: string; status: string }[];
    expect(items.map((pod) => pod.name)).toEqual(['api-0', 'api-2', 'api-4']);
    expect(structured?.metadata).toEqual({ page: 1, limit: 10, total: 3, pages: 1 });
  });

  it('a filter value cannot add a query parameter', async () => {
    await call('list_clusters', { status: { eq: 'connected&limit=1000' } });
    expect(upstream.http.last().query).toEqual({ 'status[eq]': 'connected&limit=1000' });
  });

  it('max_items collects pages through the envelope and says how many', async () => {
    const { result, structured, text } = await call('list_pods', { cluster_id: 'cls_prod', namespace: 'payments', limit: 2, max_items: 5 });
    expect(result.isError).toBeFalsy();
    expect((structured?.items as unknown[]).length).toBe(5);
    expect(structured?.metadata).toMatchObject({ total: 7 });
    expect(structured?.pagination).toEqual({ pages: 3, items: 5, more: true });
    expect(text).toContain('Collected 5 item(s) from 3 page(s)');
    expect(upstream.http.requests.map((request) => request.query.page)).toEqual([undefined, '2', '3']);
  });

  it('returns a bare body (a health probe) as it is', async () => {
    const { structured } = await call('get_liveness');
    expect(structured).toEqual({ status: 'ok' });
  });
});

describe('errors', () => {
  it('an error envelope becomes isError with its code, message and details', async () => {
    const { result, text } = await call('get_cluster', { cluster_id: 'nope' });
    expect(result.isError).toBe(true);
    expect(text).toContain('HTTP 404');
    expect(text).toContain('Cluster nope does not exist');
    expect(text).toContain('"cluster_id":"nope"');
    expect(text).toContain('Retrying the same call will not help');
  });

  it('a 429 with retry_after says when to retry, and the next call waits for it without sending', async () => {
    // A session of its own: its server remembers the Retry-After for later calls.
    const own = await connectStdio(bin, env);
    try {
      upstream.rateLimit = 0;
      const { result, text } = await call('list_clusters', {}, own);
      expect(result.isError).toBe(true);
      expect(text).toContain('Rate limit exceeded');
      expect(text).toContain('"retry_after":30');
      expect(text).toContain('Retry after 30 s');
      const sent = upstream.http.requests.length;
      const again = await call('list_clusters', {}, own);
      expect(again.result.isError).toBe(true);
      expect(again.text).toContain('nothing was sent');
      expect(upstream.http.requests.length).toBe(sent);
    } finally {
      await own.close();
    }
  });

  it('destructive tools change nothing until confirmed, then report the device error', async () => {
    const refused = await call('run_device_command', { device_id: 'dev_core_sw1', command: 'reload' });
    expect(refused.result.isError).toBe(true);
    expect(refused.text).toContain('needs confirmation');
    expect(upstream.http.requests).toHaveLength(0);
    const confirmed = await call('run_device_command', { device_id: 'dev_core_sw1', command: 'show version', confirm: true });
    expect(confirmed.result.isError).toBe(true);
    expect(confirmed.text).toContain('Failed to connect to network device');
    expect(JSON.parse(upstream.http.last().body)).toEqual({ command: 'show version' });
  });

  it('exec_in_pod, confirmed, returns stdout and the exit code', async () => {
    const { structured } = await call('exec_in_pod', {
      cluster_id: 'cls_prod',
      namespace: 'payments',
      pod_name: 'api-0',
      command: ['ls', '/app'],
      confirm: true,
    });
    expect(structured).toEqual({ stdout: 'ls /app\n', stderr: '', exit_code: 0 });
  });
});

describe('a configured JWT', () => {
  it('works until it expires, then says so in the API’s words', async () => {
    const tokens = upstream.tokens.login(upstream.credentials.username, upstream.credentials.password);
    if (!tokens) throw new Error('mock login failed');
    const jwtSession = await connectStdio(bin, { CONTROL_PLANE_BASE_URL: upstream.url, CONTROL_PLANE_ACCESS_TOKEN: tokens.access_token });
    try {
      const first = await call('list_clusters', {}, jwtSession);
      expect(first.result.isError).toBeFalsy();
      expect(upstream.http.last().headers.authorization).toBe(`Bearer ${tokens.access_token}`);
      upstream.tokens.expireAccessTokens();
      const expired = await call('list_clusters', {}, jwtSession);
      expect(expired.result.isError).toBe(true);
      expect(expired.text).toContain('JWT token has expired');
      expect(expired.text).not.toContain(tokens.access_token);
    } finally {
      await jwtSession.close();
    }
  });
});

describe('rate limits', () => {
  const succeeds = async (name: string, args: Record<string, unknown>, on: StdioSession) => {
    const { result, text } = await call(name, args, on);
    expect(result.isError, text).toBeFalsy();
  };
  const withSession = async (test: (own: StdioSession) => Promise<void>) => {
    const own = await connectStdio(bin, env);
    try {
      await test(own);
    } finally {
      await own.close();
    }
  };

  it('X-RateLimit-Remaining: 0 makes the next call wait for X-RateLimit-Reset when it comes within the timeout', async () => {
    await withSession(async (own) => {
      upstream.resetRateLimit(1, 1);
      await succeeds('list_clusters', {}, own);
      const reset = upstream.windowEndsAtMs();
      // Sent before the reset, the mock would answer 429 (and a 429 is retried only after a pause).
      await succeeds('list_clusters', {}, own);
      expect(Date.now()).toBeGreaterThanOrEqual(reset);
      expect(upstream.http.requests).toHaveLength(2);
    });
  });

  it('a reset later than the call may wait is an error saying when to retry, and nothing is sent', async () => {
    await withSession(async (own) => {
      upstream.resetRateLimit(1, 60);
      await succeeds('list_clusters', {}, own);
      const sent = upstream.http.requests.length;
      const { result, text } = await call('get_cluster', { cluster_id: 'cls_prod' }, own);
      expect(result.isError).toBe(true);
      expect(text).toContain('X-RateLimit-Remaining: 0');
      expect(text).toMatch(/Retry after (59|60|61) s/);
      expect(upstream.http.requests.length).toBe(sent);
    });
  });

  it('client-side limits per module: network 30/min, Kubernetes and the rest each in their own bucket', async () => {
    await withSession(async (own) => {
      for (let index = 0; index < 30; index += 1) await succeeds('list_devices', {}, own);
      const sent = upstream.http.requests.length;
      const refused = await call('get_device', { device_id: 'dev_core_sw1' }, own);
      expect(refused.result.isError).toBe(true);
      expect(refused.text).toContain('client-side rate limit of 30 requests per 60 s for the "network" operations');
      expect(refused.text).toMatch(/Retry after \d/);
      expect(upstream.http.requests.length).toBe(sent);
      await succeeds('list_clusters', {}, own);
      await succeeds('list_users', {}, own);
    });
  });
});
