/**
 * `npm run bench:context`: what a model reads to do ten multi-step operations tasks on Cloudron
 * and Cloudways, solved by scripted agents three ways: direct tools (one per operation), dynamic
 * mode (search, describe, invoke) and code mode (search signatures, execute one program). Counted
 * per task: the tools/list answer, every tool call the model writes (name and arguments as JSON)
 * and the text of every result it reads (content text only: structuredContent repeats it), and
 * the model round trips, as tool calls and as turns (calls a model can issue together count
 * once). The servers are the generated packages' runtimes (dist/), in this process, against a
 * loopback upstream holding a small fixed fleet; the same tasks are solved once more in code mode
 * through the hub of all five shipped APIs (mcpgen's dist/). Writes the "Context cost" section of
 * bench/RESULTS.md. Targets (issue 17): code mode's tools/list ≤ 2 KB per API and for the
 * five-API hub; on the suite, code mode ≤ 15% of direct mode's bytes and at most half its round
 * trips (a round trip per tool call).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CONTEXT_HEADING, withSection } from './lib/sections.js';
import { ROOT } from './lib/subjects.js';

/** `hub`: code mode through the hub of the five shipped APIs. */
type Mode = 'direct' | 'dynamic' | 'code' | 'hub';
const MODES: readonly Mode[] = ['direct', 'dynamic', 'code', 'hub'];
const HUB_APIS = ['alpacon', 'cloudron', 'cloudways', 'control-plane', 'mcpbox'] as const;
type Json = Record<string, unknown>;

interface Runtime {
  list(): unknown[];
  call(name: string, args: unknown): Promise<{ content: { type: string; text?: string }[]; isError?: boolean; structuredContent?: Json }>;
}

// Each app's update, where the app store has one.
const UPDATES: Record<string, string> = { 'app-2': '1.1.0', 'app-8': '1.2.0' };

// The fleet the upstream serves: a few outliers among many ordinary items, as real fleets look.
const APPS = Array.from({ length: 12 }, (_, index) => ({
  id: `app-${index + 1}`,
  installationState: 'installed',
  runState: index === 4 || index === 9 ? 'stopped' : 'running',
  health: index === 2 || index === 6 || index === 11 ? 'unhealthy' : 'healthy',
  subdomain: `app${index + 1}`,
  domain: 'example.com',
  fqdn: `app${index + 1}.example.com`,
  manifest: { id: `io.example.app${index + 1}`, title: `App ${index + 1}`, version: '1.0.0' },
  label: `App ${index + 1}`,
  tags: [],
  memoryLimit: 268435456,
  enableBackup: true,
  enableAutomaticUpdate: true,
}));
const USERS = Array.from({ length: 8 }, (_, index) => ({
  id: `user-${index + 1}`,
  username: `user${index + 1}`,
  email: `user${index + 1}@example.com`,
  displayName: `User ${index + 1}`,
  groupIds: index % 3 === 0 ? ['group-1'] : index % 3 === 1 ? ['group-2', 'group-3'] : [],
  role: index === 0 ? 'owner' : index < 3 ? 'admin' : 'user',
  active: true,
  source: '',
  twoFactorAuthenticationEnabled: index % 2 === 0,
  inviteAccepted: true,
}));
const GROUPS = ['staff', 'ops', 'family', 'guests'].map((name, index) => ({
  id: `group-${index + 1}`,
  name,
  source: '',
  userIds: USERS.filter((user) => user.groupIds.includes(`group-${index + 1}`)).map((user) => user.id),
}));
const DOMAINS = ['example.com', 'example.org'].map((domain) => ({
  domain,
  zoneName: domain,
  provider: 'manual',
  config: {},
  tlsConfig: { provider: 'letsencrypt-prod' },
}));
const SERVICES = ['mail', 'mysql', 'postgresql', 'mongodb', 'redis', 'docker'].map((name) => ({
  name,
  status: name === 'redis' ? 'stopped' : 'active',
}));
const SERVERS = [2, 5, 3].map((count, index) => ({
  id: `${100 + index}`,
  label: `server-${index + 1}`,
  status: index === 1 ? 'running' : index === 0 ? 'running' : 'stopped',
  cloud: 'do',
  region: index === 2 ? 'fra1' : 'nyc3',
  instance_type: ['2GB', '8GB', '4GB'][index],
  server_fqdn: `server-${index + 1}.example.net`,
  public_ip: `192.0.2.${index + 1}`,
  apps: Array.from({ length: count }, (_, app) => ({
    id: `${1000 + index * 10 + app}`,
    label: `site-${index + 1}-${app + 1}`,
    application: 'wordpress',
  })),
}));

function upstreamReply(method: string, url: URL): { status?: number; body: unknown } {
  const route = `${method} ${url.pathname}`;
  if (route === 'POST /oauth/access_token') return { body: { access_token: 'bench-token', expires_in: 3600 } };
  if (route === 'GET /apps') return { body: { apps: APPS } };
  if (route === 'GET /users') return { body: { users: USERS } };
  if (route === 'GET /groups') return { body: { groups: GROUPS } };
  if (route === 'GET /domains') return { body: { domains: DOMAINS } };
  if (route === 'GET /services') return { body: { services: SERVICES.map((service) => service.name) } };
  if (/^GET \/services\/[^/]+$/.test(route)) {
    const service = SERVICES.find((candidate) => url.pathname.endsWith(`/${candidate.name}`));
    return { body: { name: service?.name, status: service?.status, memoryUsed: 104857600, memoryPercent: 12, healthcheck: null } };
  }
  if (/^POST \/services\/[^/]+\/restart$/.test(route)) return { body: {} };
  if (/^POST \/apps\/[^/]+\/(restart|start|stop|update)$/.test(route)) return { status: 202, body: { taskId: '42' } };
  if (/^POST \/apps\/[^/]+\/check_for_updates$/.test(route)) {
    const appId = url.pathname.split('/')[2] ?? '';
    const version = UPDATES[appId];
    return { body: { updates: version ? { id: `io.example.${appId}`, manifest: { version }, unstable: false } : {} } };
  }
  if (/^GET \/apps\/[^/]+\/backups$/.test(route)) {
    const appId = url.pathname.split('/')[2];
    return {
      body: {
        backups: [1, 2].map((day) => ({
          id: `backup-${appId}-${day}`,
          remotePath: `snapshot/${appId}/${day}`,
          type: 'app',
          state: 'normal',
          format: 'tgz',
          packageVersion: '1.0.0',
          creationTime: `2026-12-0${day}T03:00:00.000Z`,
          preserveSecs: 0,
          dependsOn: [],
        })),
      },
    };
  }
  if (/^GET \/mail\/[^/]+\/mailboxes$/.test(route)) {
    const domain = url.pathname.split('/')[2] ?? '';
    return {
      body: {
        mailboxes: USERS.slice(0, domain === 'example.com' ? 4 : 2).map((user) => ({
          name: user.username,
          domain,
          ownerId: user.id,
          ownerType: 'user',
          active: true,
          enablePop3: false,
          aliases: [],
        })),
      },
    };
  }
  if (route === 'GET /server') return { body: { status: true, servers: SERVERS } };
  if (route === 'POST /app/manage/takeBackup' || route === 'POST /server/restart') return { body: { operation_id: 777 } };
  if (route === 'GET /app/manage/backup') return { body: { status: true, operation_id: 0 } };
  return { status: 404, body: { message: `no ${route} in the bench fleet` } };
}

async function startUpstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const { status, body } = upstreamReply(request.method ?? 'GET', new URL(request.url ?? '/', 'http://127.0.0.1'));
      response.writeHead(status ?? 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Package {
  api: { envPrefix: string };
  tools: unknown[];
  configFromEnv: (api: unknown, env: Record<string, string>, flags: Json) => Json;
}

async function loadPackage(apiName: string): Promise<Package> {
  return (await import(path.join(ROOT, 'generated', apiName, 'dist', 'index.js'))) as Package;
}

/** What an API reads: the fleet's URL, placeholder credentials. */
function envFor(pkg: Package, baseUrl: string): Record<string, string> {
  const prefix = pkg.api.envPrefix;
  return {
    [`${prefix}_BASE_URL`]: baseUrl,
    [`${prefix}_API_TOKEN`]: 'bench-token',
    [`${prefix}_TOKEN`]: 'bench-token',
    [`${prefix}_EMAIL`]: 'bench@example.com',
    [`${prefix}_API_KEY`]: 'bench-key',
    [`${prefix}_USERNAME`]: 'bench',
    [`${prefix}_PASSWORD`]: 'bench-password',
    // The operator allows the destructive steps, in every mode alike: confirmation is not what is measured.
    [`${prefix}_CONFIRM`]: 'off',
    [`${prefix}_LOG_LEVEL`]: 'silent',
  };
}

async function runtimeFor(apiName: 'cloudron' | 'cloudways', mode: Exclude<Mode, 'hub'>, baseUrl: string): Promise<Runtime> {
  const pkg = await loadPackage(apiName);
  // the runtime as mcpgen compiles it (the same template every package copies; a package bundles its own)
  const setup = (await import(path.join(ROOT, 'dist', 'templates', 'runtime', 'tool-setup.js'))) as {
    createToolRuntime: (api: unknown, tools: unknown[], config: Json) => Runtime;
  };
  return setup.createToolRuntime(pkg.api, pkg.tools, pkg.configFromEnv(pkg.api, envFor(pkg, baseUrl), { tools: mode }));
}

/** The hub of the five shipped APIs in code mode, as `mcpgen hub --tools code` serves it (every API at the fleet's URL). */
async function hubRuntime(baseUrl: string): Promise<Runtime> {
  const packages = await Promise.all(HUB_APIS.map(loadPackage));
  const hub = (await import(path.join(ROOT, 'dist', 'templates', 'runtime', 'hub.js'))) as {
    createHubRuntime: (packages: readonly Package[], options: Json) => Runtime;
  };
  const env = Object.assign({}, ...packages.map((pkg) => envFor(pkg, baseUrl))) as Record<string, string>;
  return hub.createHubRuntime(packages, { env, toolsMode: 'code' });
}

/** One scripted agent's conversation: bytes read and written, round trips. */
class Transcript {
  bytes = 0;
  roundTrips = 0;
  calls = 0;
  constructor(private readonly runtime: Runtime) {}

  /** One model turn: the calls it issues together; resolves to their results' values. */
  async turn(calls: readonly { name: string; args: Json }[]): Promise<unknown[]> {
    this.roundTrips += 1;
    return Promise.all(
      calls.map(async ({ name, args }) => {
        this.calls += 1;
        this.bytes += Buffer.byteLength(JSON.stringify({ name, arguments: args }));
        const result = await this.runtime.call(name, args);
        const text = result.content.map((part) => part.text ?? '').join('\n');
        this.bytes += Buffer.byteLength(text);
        if (result.isError) throw new Error(`${name} failed: ${text.slice(0, 300)}`);
        if (result.structuredContent) return result.structuredContent;
        try {
          return JSON.parse(result.content.at(-1)?.text ?? '') as unknown;
        } catch {
          return text;
        }
      }),
    );
  }
}

/** How a task calls operations, whatever the mode: `call` turns one operation call into the mode's tool call. */
type Step = (call: (operations: readonly [string, Json][]) => Promise<Json[]>) => Promise<unknown>;

interface Task {
  readonly api: 'cloudron' | 'cloudways';
  readonly title: string;
  /** What the model searches for (dynamic and code mode), one query per operation it needs, all in one search call. */
  readonly searches: readonly string[];
  /** The operations it then reads the schema of (dynamic mode). */
  readonly operations: readonly string[];
  /** The direct / dynamic agent. */
  readonly steps: Step;
  /** The code-mode agent's program. */
  readonly program: string;
  /** What every mode must find. */
  readonly answer: unknown;
}

const list = <T>(value: Json, key: string) => value[key] as T[];
const TASKS: Task[] = [
  {
    api: 'cloudron',
    title: 'restart every app whose health is not healthy',
    searches: ['list apps with health', 'restart an app'],
    operations: ['list_apps', 'restart_app'],
    steps: async (call) => {
      const [apps] = await call([['list_apps', {}]]);
      const sick = list<{ id: string; health: string }>(apps!, 'apps').filter((app) => app.health !== 'healthy');
      await call(sick.map((app) => ['restart_app', { appId: app.id }]));
      return sick.map((app) => app.id);
    },
    program: `async function run(api) {
  const { apps } = await api.list_apps({});
  const sick = apps.filter((app) => app.health !== 'healthy');
  for (const app of sick) await api.restart_app({ appId: app.id });
  return sick.map((app) => app.id);
}`,
    answer: ['app-3', 'app-7', 'app-12'],
  },
  {
    api: 'cloudron',
    title: 'list users without 2FA and their groups',
    searches: ['list users', 'list groups'],
    operations: ['get_users', 'get_groups'],
    steps: async (call) => {
      const [users, groups] = await call([
        ['get_users', {}],
        ['get_groups', {}],
      ]);
      return without2fa(list(users!, 'users'), list(groups!, 'groups'));
    },
    program: `async function run(api) {
  const [{ users }, { groups }] = await Promise.all([api.get_users({}), api.get_groups({})]);
  const names = Object.fromEntries(groups.map((group) => [group.id, group.name]));
  return users.filter((user) => !user.twoFactorAuthenticationEnabled).map((user) => ({ email: user.email, groups: user.groupIds.map((id) => names[id]) }));
}`,
    answer: without2fa(USERS, GROUPS),
  },
  {
    api: 'cloudron',
    title: 'start every stopped app',
    searches: ['list apps', 'start app'],
    operations: ['list_apps', 'start_app'],
    steps: async (call) => {
      const [apps] = await call([['list_apps', {}]]);
      const stopped = list<{ id: string; runState: string }>(apps!, 'apps').filter((app) => app.runState === 'stopped');
      await call(stopped.map((app) => ['start_app', { appId: app.id }]));
      return stopped.map((app) => app.id);
    },
    program: `async function run(api) {
  const { apps } = await api.list_apps({});
  const stopped = apps.filter((app) => app.runState === 'stopped');
  for (const app of stopped) await api.start_app({ appId: app.id });
  return stopped.map((app) => app.id);
}`,
    answer: ['app-5', 'app-10'],
  },
  {
    api: 'cloudron',
    title: 'latest backup of every app',
    searches: ['list apps', 'list backups of an app'],
    operations: ['list_apps', 'get_app_backups'],
    steps: async (call) => {
      const [apps] = await call([['list_apps', {}]]);
      const ids = list<{ id: string }>(apps!, 'apps').map((app) => app.id);
      const backups = await call(ids.map((appId) => ['get_app_backups', { appId }]));
      return ids.map((appId, index) => ({ appId, latest: latestBackup(list(backups[index]!, 'backups')) }));
    },
    program: `async function run(api) {
  const { apps } = await api.list_apps({});
  return Promise.all(apps.map(async (app) => {
    const { backups } = await api.get_app_backups({ appId: app.id });
    return { appId: app.id, latest: backups.map((backup) => backup.creationTime).sort().at(-1) };
  }));
}`,
    answer: APPS.map((app) => ({ appId: app.id, latest: '2026-12-02T03:00:00.000Z' })),
  },
  {
    api: 'cloudron',
    title: 'how many mailboxes each domain has',
    searches: ['list domains', 'list mailboxes of a domain'],
    operations: ['list_domains', 'get_mailboxes'],
    steps: async (call) => {
      const [domains] = await call([['list_domains', {}]]);
      const names = list<{ domain: string }>(domains!, 'domains').map((domain) => domain.domain);
      const boxes = await call(names.map((domain) => ['get_mailboxes', { domain }]));
      return Object.fromEntries(names.map((domain, index) => [domain, list(boxes[index]!, 'mailboxes').length]));
    },
    program: `async function run(api) {
  const { domains } = await api.list_domains({});
  const counts = {};
  for (const { domain } of domains) counts[domain] = (await api.get_mailboxes({ domain })).mailboxes.length;
  return counts;
}`,
    answer: { 'example.com': 4, 'example.org': 2 },
  },
  {
    api: 'cloudron',
    title: 'restart every platform service that is not active',
    searches: ['list services', 'service status', 'restart service'],
    operations: ['get_services', 'get_service', 'restart_service'],
    steps: async (call) => {
      const [services] = await call([['get_services', {}]]);
      const names = list<string>(services!, 'services');
      const states = await call(names.map((service) => ['get_service', { service }]));
      const down = names.filter((_, index) => states[index]!.status !== 'active');
      await call(down.map((service) => ['restart_service', { service }]));
      return down;
    },
    program: `async function run(api) {
  const { services } = await api.get_services({});
  const down = [];
  for (const service of services) if ((await api.get_service({ service })).status !== 'active') down.push(service);
  for (const service of down) await api.restart_service({ service });
  return down;
}`,
    answer: ['redis'],
  },
  {
    api: 'cloudron',
    title: 'update every app that has an update available',
    searches: ['list apps', 'check an app for updates', 'update app'],
    operations: ['list_apps', 'check_for_app_updates', 'update_app'],
    steps: async (call) => {
      const [apps] = await call([['list_apps', {}]]);
      const ids = list<{ id: string }>(apps!, 'apps').map((app) => app.id);
      const checked = await call(ids.map((appId) => ['check_for_app_updates', { appId }]));
      const updates = ids.flatMap((appId, index) => {
        const update = checked[index]!.updates as { id?: string; manifest?: { version: string } };
        return update.id ? [{ appId, appStoreId: `${update.id}@${update.manifest?.version}` }] : [];
      });
      await call(updates.map((update) => ['update_app', update]));
      return updates.map((update) => update.appId);
    },
    program: `async function run(api) {
  const { apps } = await api.list_apps({});
  const updated = [];
  for (const app of apps) {
    const { updates } = await api.check_for_app_updates({ appId: app.id });
    if (!updates.id) continue;
    await api.update_app({ appId: app.id, appStoreId: updates.id + '@' + updates.manifest.version });
    updated.push(app.id);
  }
  return updated;
}`,
    answer: Object.keys(UPDATES),
  },
  {
    api: 'cloudways',
    title: 'back up every app on the largest server',
    searches: ['list servers', 'back up an app'],
    operations: ['list_servers', 'backup_app'],
    steps: async (call) => {
      const [servers] = await call([['list_servers', {}]]);
      const largest = largestServer(list(servers!, 'servers'));
      await call(largest.apps.map((app) => ['backup_app', { server_id: Number(largest.id), app_id: Number(app.id) }]));
      return largest.apps.map((app) => app.id);
    },
    program: `async function run(api) {
  const { servers } = await api.list_servers({});
  const size = (server) => parseInt(server.instance_type, 10) || 0;
  const largest = servers.reduce((best, server) => (size(server) > size(best) ? server : best));
  for (const app of largest.apps) await api.backup_app({ server_id: Number(largest.id), app_id: Number(app.id) });
  return largest.apps.map((app) => app.id);
}`,
    answer: SERVERS[1]!.apps.map((app) => app.id),
  },
  {
    api: 'cloudways',
    title: 'restart every running server in nyc3',
    searches: ['list servers', 'restart server'],
    operations: ['list_servers', 'restart_server'],
    steps: async (call) => {
      const [servers] = await call([['list_servers', {}]]);
      const chosen = list<{ id: string; status: string; region: string }>(servers!, 'servers').filter(
        (server) => server.status === 'running' && server.region === 'nyc3',
      );
      await call(chosen.map((server) => ['restart_server', { server_id: Number(server.id) }]));
      return chosen.map((server) => server.id);
    },
    program: `async function run(api) {
  const { servers } = await api.list_servers({});
  const chosen = servers.filter((server) => server.status === 'running' && server.region === 'nyc3');
  for (const server of chosen) await api.restart_server({ server_id: Number(server.id) });
  return chosen.map((server) => server.id);
}`,
    answer: ['100', '101'],
  },
  {
    api: 'cloudways',
    title: 'backup status of every app on every server',
    searches: ['list servers with apps', 'app backup status'],
    operations: ['list_servers', 'get_app_backup_status'],
    steps: async (call) => {
      const [servers] = await call([['list_servers', {}]]);
      const pairs = list<{ id: string; apps: { id: string }[] }>(servers!, 'servers').flatMap((server) =>
        server.apps.map((app) => [Number(server.id), Number(app.id)] as const),
      );
      const statuses = await call(pairs.map(([server_id, app_id]) => ['get_app_backup_status', { server_id, app_id }]));
      return pairs.map(([, appId], index) => ({ appId: String(appId), status: statuses[index]!.status }));
    },
    program: `async function run(api) {
  const { servers } = await api.list_servers({});
  const out = [];
  for (const server of servers) for (const app of server.apps) {
    out.push({ appId: app.id, status: (await api.get_app_backup_status({ server_id: Number(server.id), app_id: Number(app.id) })).status });
  }
  return out;
}`,
    answer: SERVERS.flatMap((server) => server.apps.map((app) => ({ appId: app.id, status: true }))),
  },
];

function without2fa(users: readonly Json[], groups: readonly Json[]): unknown {
  const names = Object.fromEntries(groups.map((group) => [group.id, group.name]));
  return users
    .filter((user) => !user.twoFactorAuthenticationEnabled)
    .map((user) => ({ email: user.email, groups: (user.groupIds as string[]).map((id) => names[id]) }));
}

function latestBackup(backups: readonly Json[]): unknown {
  return backups
    .map((backup) => String(backup.creationTime))
    .sort()
    .at(-1);
}

function largestServer(servers: readonly Json[]): { id: string; apps: { id: string }[] } {
  const size = (server: Json) => parseInt(String(server.instance_type), 10) || 0;
  return servers.reduce((best, server) => (size(server) > size(best) ? server : best)) as { id: string; apps: { id: string }[] };
}

async function solve(
  task: Task,
  mode: Mode,
  runtime: Runtime,
  listBytes: number,
): Promise<{ bytes: number; roundTrips: number; calls: number }> {
  const transcript = new Transcript(runtime);
  // tools/list is read once, before the conversation: bytes, not a model turn.
  transcript.bytes += listBytes;
  let answer: unknown;
  // what the model needs, found in one search call
  // in the hub the model says which API it means, as the user did
  const queries = task.searches.map((query) => (mode === 'hub' ? `${task.api} ${query}` : query));
  const search = { name: 'search_operations', args: queries.length === 1 ? { query: queries[0] } : { queries } };
  // the agent uses only operations its search found, as a model could
  const found = async () => {
    const [answer] = (await transcript.turn([search])) as { results: { name?: string; signature?: string }[] }[];
    const names = answer!.results.map((hit) => hit.name ?? hit.signature!.slice(0, hit.signature!.indexOf('(')));
    const missing = task.operations.filter((name) => !names.includes(mode === 'hub' ? `${task.api}.${name}` : name));
    if (missing.length > 0)
      throw new Error(`${task.title} (${mode}): the search did not find ${missing.join(', ')}; it found ${names.join(', ')}`);
  };
  if (mode === 'code' || mode === 'hub') {
    await found();
    // in the hub each API is a namespace of api: api.cloudron.list_apps()
    const code = mode === 'hub' ? task.program.replace(/\bapi\.(?=\w+\()/g, `api.${task.api}.`) : task.program;
    [answer] = await transcript.turn([{ name: 'execute', args: { code } }]);
  } else {
    if (mode === 'dynamic') {
      await found();
      await transcript.turn(task.operations.map((name) => ({ name: 'describe_operation', args: { name } })));
    }
    const call = (operations: readonly [string, Json][]) =>
      operations.length === 0
        ? Promise.resolve([])
        : (transcript.turn(
            operations.map(([name, args]) =>
              mode === 'direct' ? { name, args } : { name: 'invoke_operation', args: { name, arguments: args } },
            ),
          ) as Promise<Json[]>);
    answer = await task.steps(call);
  }
  if (JSON.stringify(answer) !== JSON.stringify(task.answer)) {
    throw new Error(`${task.title} (${mode}): answered ${JSON.stringify(answer)}, expected ${JSON.stringify(task.answer)}`);
  }
  return { bytes: transcript.bytes, roundTrips: transcript.roundTrips, calls: transcript.calls };
}

const upstream = await startUpstream();
const listBytes: Record<string, number> = {};
const rows: string[] = [];
const totals = Object.fromEntries(MODES.map((mode) => [mode, { bytes: 0, roundTrips: 0, calls: 0 }])) as Record<
  Mode,
  { bytes: number; roundTrips: number; calls: number }
>;
try {
  const runtimes = new Map<string, Runtime>();
  for (const apiName of ['cloudron', 'cloudways'] as const) {
    for (const mode of ['direct', 'dynamic', 'code'] as const) {
      const runtime = await runtimeFor(apiName, mode, upstream.url);
      runtimes.set(`${apiName}/${mode}`, runtime);
      listBytes[`${apiName}/${mode}`] = Buffer.byteLength(JSON.stringify({ tools: runtime.list() }));
    }
  }
  const hub = await hubRuntime(upstream.url);
  listBytes['hub of five/code'] = Buffer.byteLength(JSON.stringify({ tools: hub.list() }));
  for (const task of TASKS) {
    const cells: string[] = [];
    for (const mode of MODES) {
      const key = mode === 'hub' ? 'hub of five/code' : `${task.api}/${mode}`;
      const outcome = await solve(task, mode, mode === 'hub' ? hub : runtimes.get(key)!, listBytes[key]!);
      totals[mode].bytes += outcome.bytes;
      totals[mode].roundTrips += outcome.roundTrips;
      totals[mode].calls += outcome.calls;
      cells.push(`${kb(outcome.bytes)} | ${outcome.roundTrips} | ${outcome.calls}`);
    }
    rows.push(`| ${task.api} | ${task.title} | ${cells.join(' | ')} |`);
    console.log(`${task.api}: ${task.title}: ${cells.join('; ')}`);
  }
} finally {
  await upstream.close();
}

const share = totals.code.bytes / totals.direct.bytes;
const tripShare = totals.code.roundTrips / totals.direct.roundTrips;
const codeLists = Object.entries(listBytes).filter(([key]) => key.endsWith('/code'));
const section = [
  CONTEXT_HEADING,
  '',
  `Ten multi-step tasks (\`bench/context-cost.ts\`) on a fixed loopback fleet (Cloudron: 12 apps, 8 users, 4 groups, 2 domains,`,
  `6 services; Cloudways: 3 servers with 10 apps), solved by scripted agents in each mode; every answer is checked. KB: tools/list`,
  `plus every call the model writes and the content text of every result it reads (structuredContent, which repeats it, not`,
  `counted). Turns: model round trips, with the calls a model can issue together (in parallel) counted once; calls: tool calls,`,
  `which are the round trips of a model that issues one call per turn. tools/list is read before the conversation. Dynamic and`,
  `code mode find every operation a task needs in one search call (\`queries\`). hub: code mode through the hub of the five`,
  `shipped APIs (\`mcpgen hub --tools code\`, programs calling \`api.cloudron.*\`/\`api.cloudways.*\`). ${new Date().toISOString().slice(0, 10)}.`,
  '',
  `tools/list: ${Object.entries(listBytes)
    .map(([key, bytes]) => `${key} ${bytes} B`)
    .join(', ')}.`,
  '',
  '| API | task | direct KB | turns | calls | dynamic KB | turns | calls | code KB | turns | calls | hub code KB | turns | calls |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
  `| | **suite** | ${MODES.map((mode) => `**${kb(totals[mode].bytes)}** | **${totals[mode].roundTrips}** | **${totals[mode].calls}**`).join(' | ')} |`,
  '',
  'Targets (issue 17):',
  `- code mode tools/list ≤ 2 KB per API and for the five-API hub: ${codeLists.map(([key, bytes]) => `${key.split('/')[0]} ${bytes} B`).join(', ')} → ${codeLists.every(([, bytes]) => bytes <= 2048) ? 'met' : 'MISSED'}.`,
  `- code mode ≤ 15% of direct mode's bytes: ${(share * 100).toFixed(1)}% → ${share <= 0.15 ? 'met' : 'MISSED'}; through the hub of five, ${((totals.hub.bytes / totals.direct.bytes) * 100).toFixed(1)}% → ${totals.hub.bytes <= totals.direct.bytes * 0.15 ? 'met' : 'MISSED'}.`,
  `- code mode ≤ half of direct mode's round trips, counted as a round trip per tool call (as Anthropic's programmatic tool calling documentation counts them: twenty lookups are "20 separate model round-trips" without it): ${totals.code.calls} vs ${totals.direct.calls} (${((totals.code.calls / totals.direct.calls) * 100).toFixed(0)}%) → ${totals.code.calls <= totals.direct.calls / 2 ? 'met' : 'MISSED'}.`,
  `  A model that issues every independent call of a step together takes ${totals.direct.roundTrips} turns in direct mode against ${totals.code.roundTrips} in code mode (${(tripShare * 100).toFixed(0)}%): code mode takes two turns whatever the task (one search for every step, then the program), direct mode one per dependent step (${(totals.direct.roundTrips / TASKS.length).toFixed(1)} on average here: a read, then at most two rounds of calls). Counted that way code mode saves turns only on tasks of three or more dependent steps, and half needs four or more; on the issue's own example "list users without 2FA and their groups" direct mode needs one turn and code mode two, so under that count the target could not hold for the issue's own examples. What code mode saves on every task is context.`,
  '',
].join('\n');
const results = path.join(ROOT, 'bench', 'RESULTS.md');
writeFileSync(results, withSection(readFileSync(results, 'utf8'), CONTEXT_HEADING, section));
console.log(section);

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
