import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './cli.js';
import { api as fixtureApi } from '../../test/support/runtime-fixtures.js';
import type { ApiDefinition, ToolDefinition } from './types.js';

const api: ApiDefinition = { ...fixtureApi, version: '1.2.3' };

const tool = (name: string, scope: 'read' | 'write'): ToolDefinition => ({
  operation: { method: scope === 'read' ? 'GET' : 'POST', operationId: name, params: [], path: `/${name}`, security: [] },
  name,
  title: name,
  description: name,
  annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true, readOnlyHint: scope === 'read' },
  scope,
  confirm: false,
  startsTask: false,
  arguments: { params: [] },
  inputSchema: { type: 'object' },
});

const tools = [tool('list_apps', 'read'), tool('get_app', 'read'), tool('delete_app', 'write')];

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the CLI in-process, capturing stdout/stderr and turning process.exit into a throw. */
async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
    throw new Error(`exit ${code}`);
  });
  let exit: string | undefined;
  try {
    await runCli(api, tools, argv, env);
  } catch (error) {
    exit = (error as Error).message;
  }
  vi.restoreAllMocks();
  return { exit, stderr, stdout };
}

describe('runCli', () => {
  it('--version prints the package and version', async () => {
    expect(await run(['--version'])).toEqual({ exit: undefined, stderr: '', stdout: '@mcpgen/cloudron 1.2.3\n' });
  });

  it('--help lists flags, variables, credentials and server variables', async () => {
    const { stdout } = await run(['--help']);
    expect(stdout).toContain('Usage: cloudron [options]');
    expect(stdout).toContain('CLOUDRON_BASE_URL, CLOUDRON_READ_ONLY=1');
    expect(stdout).toContain('  CLOUDRON_API_TOKEN');
    expect(stdout).toContain('CLOUDRON_DOMAIN  (server URL variable, default "my.example.com")');
  });

  it('--list-tools applies read-only, include and exclude from flags and environment', async () => {
    expect((await run(['--list-tools'])).stdout).toBe('list_apps\nget_app\ndelete_app\n');
    expect((await run(['--list-tools', '--read-only'])).stdout).toBe('list_apps\nget_app\n');
    expect((await run(['--list-tools'], { CLOUDRON_TOOLS_EXCLUDE: 'get_*' })).stdout).toBe('list_apps\ndelete_app\n');
    expect((await run(['--list-tools', '--include', '*_app'], { CLOUDRON_READ_ONLY: 'true', CLOUDRON_LOG_LEVEL: 'silent' })).stdout).toBe(
      'get_app\n',
    );
  });

  it('an unknown flag exits 2 with a hint', async () => {
    const { exit, stderr } = await run(['--frobnicate']);
    expect(exit).toBe('exit 2');
    expect(stderr).toContain("Unknown option '--frobnicate'");
    expect(stderr).toContain('Run with --help for usage.');
  });

  it('bad configuration exits 2 naming the variable', async () => {
    const { exit, stderr } = await run(['--list-tools'], { CLOUDRON_TIMEOUT_MS: 'soon' });
    expect(exit).toBe('exit 2');
    expect(stderr).toBe('CLOUDRON_TIMEOUT_MS must be a positive integer, not "soon"\n');
  });
});
