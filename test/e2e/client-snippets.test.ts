import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/mcp-client.js';
import { type PrivateBuild, privateBuild, TMP } from '../support/private-build.js';
import { RecordingUpstream } from '../support/recording-upstream.js';

/**
 * The client configurations in each generated README, taken as a user pastes them: parsed from
 * the README, the server started exactly as each says (its command, arguments and variables) in
 * a project where the package is installed, and a tool called with the real SDK client against
 * an upstream on 127.0.0.1. npm runs offline: `npx -y <package>` must find the installed package.
 */

interface Launch {
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
}

interface Case {
  readonly api: string;
  /** Every variable the server needs from a stdio client (credentials, server variables). */
  readonly needed: string[];
  /** Test values for the README's `<…>` placeholders. */
  readonly secrets: Record<string, string>;
  readonly route: (upstream: RecordingUpstream) => void;
  readonly tool: string;
  /** Where the calls go instead of the internet: the upstream on 127.0.0.1 (with the spec's {variables} where it has them). */
  readonly baseUrl: (upstreamUrl: string) => string;
  readonly expectRequest: (upstream: RecordingUpstream) => void;
}

const CASES: Case[] = [
  {
    api: 'cloudron',
    needed: ['CLOUDRON_API_TOKEN', 'CLOUDRON_DOMAIN'],
    secrets: { CLOUDRON_API_TOKEN: 'snippet-token-1' },
    route: (upstream) => upstream.on('GET', '/api/v1/apps', { body: { apps: [] } }),
    tool: 'list_apps',
    baseUrl: (url) => `${url}/api/v1`,
    expectRequest: (upstream) => expect(upstream.last().headers.authorization).toBe('Bearer snippet-token-1'),
  },
  {
    api: 'cloudways',
    needed: ['CLOUDWAYS_EMAIL', 'CLOUDWAYS_API_KEY'],
    secrets: { CLOUDWAYS_EMAIL: 'snippet@example.com', CLOUDWAYS_API_KEY: 'snippet-key-2' },
    route: (upstream) => {
      upstream.on('POST', '/api/v1/oauth/access_token', { body: { access_token: 'cw-snippet', token_type: 'Bearer', expires_in: 3600 } });
      upstream.on('GET', '/api/v1/server', { body: { status: true, servers: [] } });
    },
    tool: 'list_servers',
    baseUrl: (url) => `${url}/api/v1`,
    expectRequest: (upstream) => {
      expect(new URLSearchParams(upstream.requests[0]?.body).get('api_key')).toBe('snippet-key-2');
      expect(upstream.last().headers.authorization).toBe('Bearer cw-snippet');
    },
  },
  {
    api: 'alpacon',
    needed: ['ALPACON_TOKEN', 'ALPACON_WORKSPACE', 'ALPACON_REGION'],
    secrets: { ALPACON_TOKEN: 'snippet-token-3' },
    route: (upstream) => upstream.on('GET', /\/api\/servers\/servers\/$/, { body: { count: 0, next: null, previous: null, results: [] } }),
    tool: 'list_servers',
    // The spec's server URL has {workspace} and {region}: the snippet's values must fill them.
    baseUrl: (url) => `${url}/{region}/{workspace}`,
    expectRequest: (upstream) => {
      expect(upstream.last()).toMatchObject({ path: '/ap1/myworkspace/api/servers/servers/' });
      expect(upstream.last().headers.authorization).toBe('token=snippet-token-3');
    },
  },
];

const upstream = new RecordingUpstream();
const builds: PrivateBuild[] = [];
let project: string;

beforeAll(async () => {
  await upstream.start();
  mkdirSync(TMP, { recursive: true });
  project = mkdtempSync(path.join(TMP, 'snippet-consumer-'));
  writeFileSync(path.join(project, 'package.json'), '{ "name": "snippet-consumer", "private": true }\n');
  mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
  for (const { api } of CASES) install(api);
}, 120_000);

afterAll(async () => {
  await upstream.stop();
  for (const build of builds) build.remove();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** What `npm install` of the package would leave: node_modules/<name> and its bin in node_modules/.bin. */
function install(api: string): void {
  const build = privateBuild(api);
  builds.push(build);
  cpSync(path.join(ROOT, 'generated', api, 'package.json'), path.join(build.dir, 'package.json'));
  const manifest = JSON.parse(readFileSync(path.join(build.dir, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
  const target = path.join(project, 'node_modules', ...manifest.name.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  symlinkSync(build.dir, target, 'dir');
  for (const [name, file] of Object.entries(manifest.bin)) {
    symlinkSync(
      path.relative(path.join(project, 'node_modules', '.bin'), path.join(target, file)),
      path.join(project, 'node_modules', '.bin', name),
    );
  }
}

/** The fenced block that follows the first line starting with `lead` in a README. */
function blockAfter(readme: string, lead: string, language = '(?:json|sh)'): string {
  const start = readme.split('\n').findIndex((line) => line.startsWith(lead));
  expect(start, `README has a line starting "${lead}"`).toBeGreaterThanOrEqual(0);
  const rest = readme
    .split('\n')
    .slice(start + 1)
    .join('\n');
  const match = new RegExp(`\`\`\`${language}\n([\\s\\S]*?)\n\`\`\``).exec(rest);
  if (!match?.[1]) throw new Error(`no code block after "${lead}"`);
  return match[1];
}

/** The argument words of a shell line, as bash reads them (`claude` replaced by a function printing them). */
function shellWords(line: string): string[] {
  const out = execFileSync('bash', ['-c', `claude() { printf '%s\\0' "$@"; }\n${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

function snippets(api: string): Record<'mcpServers' | 'vscode' | 'claude', Launch> {
  const readme = readFileSync(path.join(ROOT, 'generated', api, 'README.md'), 'utf8');
  const desktop = JSON.parse(blockAfter(readme, 'Claude Desktop')) as { mcpServers: Record<string, Launch> };
  const vscode = JSON.parse(blockAfter(readme, 'VS Code')) as {
    inputs: { id: string; type: string; password: boolean }[];
    servers: Record<string, Launch & { type: string }>;
  };
  const words = shellWords(blockAfter(readme, 'Claude Code'));

  const fromDesktop = desktop.mcpServers[api];
  const fromVscode = vscode.servers[api];
  if (!fromDesktop || !fromVscode) throw new Error(`no "${api}" server in the README configs`);
  expect(fromVscode.type).toBe('stdio');
  // VS Code asks for each credential through a declared input; stand in for the user typing it.
  const inputs = new Map(vscode.inputs.map((input) => [input.id, input]));
  const vscodeEnv = Object.fromEntries(
    Object.entries(fromVscode.env).map(([key, value]) => {
      const id = /^\$\{input:([^}]+)\}$/.exec(value)?.[1];
      if (id === undefined) return [key, value];
      expect(inputs.get(id)).toMatchObject({ type: 'promptString', password: true });
      return [key, `<${key}>`];
    }),
  );

  expect(words.slice(0, 4)).toEqual(['mcp', 'add', '--transport', 'stdio']);
  const env: Record<string, string> = {};
  let index = 4;
  for (; words[index] === '--env'; index += 2) {
    const [key, ...value] = (words[index + 1] ?? '').split('=');
    env[key ?? ''] = value.join('=');
  }
  expect(words[index]).toBe(api);
  expect(words[index + 1]).toBe('--');
  const [command = '', ...args] = words.slice(index + 2);

  return {
    mcpServers: { command: fromDesktop.command, args: fromDesktop.args, env: fromDesktop.env },
    vscode: { command: fromVscode.command, args: fromVscode.args, env: vscodeEnv },
    claude: { command, args, env },
  };
}

describe.each(CASES)('$api README client configs', (testCase) => {
  const forms = ['mcpServers', 'vscode', 'claude'] as const;

  it('all three start the same command with every variable the server needs, and agree', () => {
    const parsed = snippets(testCase.api);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'generated', testCase.api, 'package.json'), 'utf8')) as { name: string };
    for (const form of forms) {
      expect(parsed[form].command, form).toBe('npx');
      expect(parsed[form].args, form).toEqual(['-y', manifest.name]);
      expect(Object.keys(parsed[form].env).sort(), form).toEqual([...testCase.needed].sort());
    }
    expect(parsed.vscode.env).toEqual(parsed.mcpServers.env);
    expect(parsed.claude.env).toEqual(parsed.mcpServers.env);
  });

  for (const form of forms) {
    it(`the ${form} form, started as written, serves a tool call`, async () => {
      const launch = snippets(testCase.api)[form];
      // Fill the placeholders the user fills; the real upstream is on the internet, so the base URL
      // is the one variable added, pointing at the upstream on 127.0.0.1.
      const env = Object.fromEntries(Object.entries(launch.env).map(([key, value]) => [key, testCase.secrets[key] ?? value]));
      expect(Object.values(env).join(' ')).not.toMatch(/[<>]/);
      const prefix = testCase.api.toUpperCase();
      upstream.reset();
      testCase.route(upstream);
      const transport = new StdioClientTransport({
        command: launch.command,
        args: launch.args,
        cwd: project,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? project,
          npm_config_offline: 'true',
          npm_config_update_notifier: 'false',
          ...env,
          [`${prefix}_BASE_URL`]: testCase.baseUrl(upstream.url),
          [`${prefix}_LOG_LEVEL`]: 'silent',
        },
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const client = new Client({ name: 'snippet-test', version: '0.0.0' });
      try {
        await client.connect(transport);
        const result = await client.callTool({ name: testCase.tool, arguments: {} });
        expect(result.isError ?? false, stderr).toBe(false);
        testCase.expectRequest(upstream);
      } finally {
        await client.close();
      }
    }, 60_000);
  }
});

describe('the README library example', () => {
  it('compiles under strict against the package it mounts', () => {
    const readme = readFileSync(path.join(ROOT, 'generated', 'cloudron', 'README.md'), 'utf8');
    const example = blockAfter(readme, 'The tools, mounted on your own MCP server', 'ts');
    expect(example).toContain("registerTools(server, {\n  prefix: 'cloudron_'");
    const dir = mkdtempSync(path.join(TMP, 'readme-example-'));
    try {
      const source = example.replace("from '@mcpgen/cloudron'", `from '${path.join(ROOT, 'generated', 'cloudron', 'src', 'index.js')}'`);
      writeFileSync(path.join(dir, 'example.ts'), `${source}\nexport {};\n`);
      writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
      const options = {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      };
      writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['example.ts'] }));
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
