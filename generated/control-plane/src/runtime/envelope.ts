// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * APIs that wrap every body in an envelope (`{status, data, metadata}`, declared by the root
 * `x-mcp.envelope`): a tool returns the payload, not the wrapper, and keeps the page
 * information beside it. The generator describes the same shape as the tool's output schema
 * (generator/model/response.ts).
 */
import { readPointer } from './json-pointer.js';
import type { EnvelopeDefinition } from './types.js';

/**
 * The tool's view of an enveloped body: an object payload as it is, a list under `items`, a
 * scalar under `value`, with `metadata` beside it when the envelope has some. A body without a
 * payload at dataPath (a health probe the API sends bare) is returned unchanged.
 */
export function unwrapEnvelope(envelope: EnvelopeDefinition, body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) return body;
  const data = readPointer(body, envelope.dataPath);
  if (data === undefined) return body;
  const metadata = envelope.metadataPath ? readPointer(body, envelope.metadataPath) : undefined;
  const beside = metadata === undefined || metadata === null ? {} : { metadata };
  if (Array.isArray(data)) return { items: data, ...beside };
  if (data !== null && typeof data === 'object') return { ...(data as Record<string, unknown>), ...beside };
  if (data === null && metadata === undefined) return undefined;
  return { value: data, ...beside };
}
