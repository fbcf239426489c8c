import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inlineSpec } from '../../test/fixtures/inline-spec.js';
import { buildModel } from '../model/index.js';
import { clientSnippets } from './client-snippets.js';

const HOSTILE = `it's $(touch /tmp/pwned) "quoted" \`x\` ; rm -rf ~ \n next`;

/** The words bash reads from a line, each as it would reach the program. */
function bashWords(line: string): string[] {
  return execFileSync('bash', ['-c', `words() { printf '%s\\0' "$@"; }\nwords ${line}`], { encoding: 'utf8' })
    .split('\0')
    .slice(0, -1);
}

const model = () =>
  buildModel(
    inlineSpec({
      servers: [{ url: 'https://{tenant}.example.com/v1', variables: { tenant: { default: HOSTILE } } }],
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer', 'x-mcp': { env: 'API_TOKEN' } } } },
      security: [{ token: [] }],
      paths: { '/things': { get: { operationId: 'listThings', responses: { '200': { description: 'ok' } } } } },
    }),
  ).model;

describe('client snippets', () => {
  it('spec values reach the JSON configs and the claude command as data', () => {
    const built = model();
    const snippets = clientSnippets(built, ['INLINE_API_TOKEN'], true);
    const env = { INLINE_API_TOKEN: '<INLINE_API_TOKEN>', INLINE_TENANT: HOSTILE };
    expect(JSON.parse(snippets.mcpServersConfig)).toEqual({
      mcpServers: { [built.name]: { command: 'npx', args: ['-y', '@mcpgen/inline'], env } },
    });
    const vscode = JSON.parse(snippets.vscodeConfig) as { inputs: { id: string }[]; servers: Record<string, { env: object }> };
    expect(vscode.inputs.map((input) => input.id)).toEqual(['inline-api-token']);
    expect(vscode.servers[built.name]?.env).toEqual({ ...env, INLINE_API_TOKEN: '${input:inline-api-token}' });
    const fence = /^(`{3,})sh\n(.*)\n\1$/s.exec(snippets.claudeAddBlock);
    expect(fence).not.toBeNull();
    expect(bashWords((fence?.[2] ?? '').replace(/^claude /, ''))).toEqual([
      'mcp',
      'add',
      '--transport',
      'stdio',
      '--env',
      'INLINE_API_TOKEN=<INLINE_API_TOKEN>',
      '--env',
      `INLINE_TENANT=${HOSTILE}`,
      built.name,
      '--',
      'npx',
      '-y',
      '@mcpgen/inline',
    ]);
  });

  it('an API with neither server variables nor an absolute URL asks for the base URL', () => {
    const built = buildModel(
      inlineSpec({
        servers: [{ url: '/v1' }],
        paths: { '/a': { get: { operationId: 'a', responses: { '200': { description: 'ok' } } } } },
      }),
    ).model;
    const env = (JSON.parse(clientSnippets(built, [], true).mcpServersConfig) as { mcpServers: Record<string, { env: object }> })
      .mcpServers[built.name]?.env;
    expect(env).toEqual({ [`${built.envPrefix}_BASE_URL`]: '<https://api base URL>' });
  });
});
