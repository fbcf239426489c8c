import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildPackage } from '../../generator/build/index.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Builds generated/<api> (dist/ is not committed) and returns its bin path. */
export function builtServer(api: string): string {
  const dir = path.join(ROOT, 'generated', api);
  buildPackage(dir);
  return path.join(dir, 'dist', 'bin.js');
}

export interface StdioSession {
  readonly client: Client;
  /** The spawned server's process id (for /proc figures such as its RSS). */
  readonly pid: number | null;
  readonly stderr: () => string;
  close(): Promise<void>;
}

/** Spawns a built server over stdio and connects the real MCP SDK client to it. */
export async function connectStdio(bin: string, env: Record<string, string>, args: string[] = []): Promise<StdioSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, ...args],
    env: { PATH: process.env.PATH ?? '', ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'mcpgen-test', version: '0.0.0' });
  await client.connect(transport);
  return { client, pid: transport.pid, stderr: () => stderr, close: () => client.close() };
}

export function textOf(result: object): string {
  const raw = (result as { content?: unknown }).content;
  const content = Array.isArray(raw) ? raw : [];
  return content.map((block: { type?: string; text?: string }) => (block.type === 'text' ? block.text : '')).join('\n');
}
