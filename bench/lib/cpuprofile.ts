import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface HotFunction {
  /** `file:function:line`, the file relative to `root` when inside it. */
  readonly frame: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

/** Self and total (inclusive) time per function in a `.cpuprofile`, hottest self time first. */
export function summarizeProfile(file: string, root: string, top = 15): { readonly totalMs: number; readonly functions: HotFunction[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const key = frameName(node, root);
    self.set(key, (self.get(key) ?? 0) + us);
    // Inclusive time: each distinct frame on the stack once.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      const name = frameName(frame, root);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  }
  // (idle) and (program) are not work: a thread waiting for the other shows up as idle.
  const functions = [...self]
    .filter(([frame]) => !frame.startsWith('(native):(idle)') && !frame.startsWith('(native):(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, us]) => ({ frame, selfMs: Math.round(us / 100) / 10, totalMs: Math.round((total.get(frame) ?? 0) / 100) / 10 }));
  return { totalMs: Math.round((profile.endTime - profile.startTime) / 1000), functions };
}

/** The hottest frames by inclusive time whose file is inside `under` (e.g. the generator's own code). */
export function inclusiveUnder(file: string, root: string, under: string, top = 10): HotFunction[] {
  const all = summarizeProfile(file, root, Number.MAX_SAFE_INTEGER).functions;
  return all
    .filter((entry) => entry.frame.startsWith(under))
    .sort((a, b) => b.totalMs - a.totalMs)
    .slice(0, top);
}

function frameName(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file://') ? url.slice('file://'.length) : url;
  const relative = file && file.startsWith(root) ? path.relative(root, file) : file || '(native)';
  return `${relative}:${functionName || '(anonymous)'}:${lineNumber + 1}`;
}

/** Who spends a stdio server's CPU: the owner of each sampled frame (see ownerOf). */
export function cpuByOwner(file: string): Map<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const owner = node ? ownerOf(node.callFrame) : undefined;
    if (owner) ms.set(owner, (ms.get(owner) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return ms;
}

export const OWNERS = [
  'zod (the SDK validating each message)',
  'MCP SDK (protocol)',
  'mcpgen runtime',
  'writes to the client pipe and the upstream socket',
  'Node (HTTP client, streams, timers, module loading)',
  'garbage collector',
] as const;

/** A frame's owner by its script; undefined for idle time. */
function ownerOf({ functionName, url }: ProfileNode['callFrame']): (typeof OWNERS)[number] | undefined {
  if (functionName === '(idle)' || functionName === '(program)') return undefined;
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (url.includes('/node_modules/zod/')) return 'zod (the SDK validating each message)';
  if (url.includes('/node_modules/@modelcontextprotocol/')) return 'MCP SDK (protocol)';
  if (url.includes('/dist/')) return 'mcpgen runtime';
  if (!url && /^write/.test(functionName)) return 'writes to the client pipe and the upstream socket';
  return 'Node (HTTP client, streams, timers, module loading)';
}
