import { globMatcher } from '../../templates/runtime/glob.js';
import type { HttpMethod, ToolAnnotations } from './types.js';

/** What the HTTP method promises (RFC 9110 §9.2): the baseline every override starts from. */
export function defaultAnnotations(method: HttpMethod): ToolAnnotations {
  const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'TRACE';
  return {
    destructiveHint: method === 'DELETE',
    idempotentHint: safe || method === 'PUT' || method === 'DELETE',
    // Every generated tool talks to an external API, whose state it does not own.
    openWorldHint: true,
    readOnlyHint: safe,
  };
}

/** Applies overrides in order; a read-only tool is never destructive. */
export function resolveAnnotations(method: HttpMethod, overrides: readonly Partial<ToolAnnotations>[]): ToolAnnotations {
  const merged = Object.assign({}, defaultAnnotations(method), ...overrides) as ToolAnnotations;
  return merged.readOnlyHint ? { ...merged, destructiveHint: false } : merged;
}

/** "METHOD /path" or "/path", the path a glob (templates/runtime/glob.ts: `*` within a segment, `**` across). */
export function globMatches(glob: string, method: string, path: string): boolean {
  const [first, second] = glob.trim().split(/\s+/, 2);
  const methodPart = second === undefined ? '*' : (first ?? '*');
  const pathPart = second === undefined ? (first ?? '') : second;
  if (methodPart !== '*' && methodPart.toUpperCase() !== method) return false;
  return globMatcher(pathPart)(path);
}
