import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generate } from '../../generate.js';
import { loadSpec } from '../../load/index.js';
import { startMockUpstream } from '../../mock/index.js';
import { buildModel } from '../../model/index.js';
import type { Output } from '../output.js';
import { defaultSpecs } from '../specs.js';
import { summaryLine } from './generate.js';

const DEMO_TOKEN = 'demo-token-not-a-secret';
const DEMO_CALLS = 2;

/**
 * The README's main job: regenerate and build every server, then show one working for
 * real: the built server of `demoSpec`, spawned over stdio, called by the MCP SDK client,
 * talking to a mock of its API on 127.0.0.1. No account needed. What it calls and which
 * variables it sets come from the spec: its first read-only tools that need no argument,
 * and its first security scheme's credential variables.
 */
export async function runDemo(output: Output, demoSpec: string): Promise<void> {
  const root = process.cwd();
  for (const spec of defaultSpecs(root)) {
    const started = performance.now();
    const result = await generate(spec, { root });
    output.out(`${summaryLine(spec, result, performance.now() - started, true)}\n`);
  }

  const { model } = buildModel(await loadSpec(demoSpec, { root }));
  const upstream = await startMockUpstream(model);
  output.out(`\nmock ${model.name} upstream listening on ${upstream.url}\n`);
  const credentialEnv = (model.securitySchemes[0]?.env ?? []).map((env) => `${model.envPrefix}_${env}`);
  const calls = model.tools
    .filter((tool) => tool.annotations.readOnlyHint && tool.params.every((param) => !param.required))
    .slice(0, DEMO_CALLS)
    .map((tool) => ({ name: tool.name, arguments: {} }));
  const bin = path.join(root, 'generated', model.name, 'dist', 'bin.js');
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin],
    env: {
      ...Object.fromEntries(credentialEnv.map((env) => [env, DEMO_TOKEN])),
      [`${model.envPrefix}_BASE_URL`]: upstream.url,
      [`${model.envPrefix}_LOG_LEVEL`]: 'warn',
      PATH: process.env.PATH ?? '',
    },
    stderr: 'inherit',
  });
  const client = new Client({ name: 'mcpgen-demo', version: '0.1.0' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    output.out(`MCP client connected to generated/${model.name}/dist/bin.js: ${tools.length} tools listed\n`);
    for (const call of calls) {
      const result = await client.callTool(call);
      const text =
        result.content && Array.isArray(result.content) && result.content[0]?.type === 'text' ? String(result.content[0].text) : '';
      output.out(
        `\ntools/call ${call.name} → ${result.isError ? 'error' : 'ok'}${result.structuredContent ? ' (with structuredContent)' : ''}\n  ${text.length > 300 ? `${text.slice(0, 300)}…` : text}\n`,
      );
    }
    output.out('\nthe upstream received:\n');
    for (const request of upstream.requests) {
      const auth =
        typeof request.headers.authorization === 'string'
          ? request.headers.authorization.replace(DEMO_TOKEN, `<${credentialEnv[0] ?? 'credential'}>`)
          : 'none';
      output.out(`  ${request.method} ${request.path}${request.query}  authorization: ${auth}\n`);
    }
  } finally {
    await client.close();
    await upstream.close();
  }
}
