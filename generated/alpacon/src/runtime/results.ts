// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import type { ApiError } from './errors.js';
import { redactor } from './redact.js';
import type { ApiResponse } from './types.js';

/** The MCP content blocks this runtime produces (a subset of the protocol's). */
export type ContentBlock = { type: 'text'; text: string } | { type: 'image'; data: string; mimeType: string };

export interface ToolResult {
  [key: string]: unknown;
  content: ContentBlock[];
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

const MAX_INLINE_IMAGE_BYTES = 1024 * 1024;
/** The longest text a result carries unless `<PREFIX>_MAX_TEXT_CHARS` says otherwise. */
export const DEFAULT_MAX_TEXT_CHARS = 100_000;

export interface SuccessOptions {
  readonly maxTextChars: number;
  /** Key wrapping a non-object body so that structured content is an object. */
  readonly wrap?: 'items' | 'value';
  readonly structured: boolean;
}

export function successResult(response: ApiResponse, options: SuccessOptions): ToolResult {
  const { data, status, contentType } = response;
  if (data === undefined) return { content: [{ type: 'text', text: `Done: HTTP ${status}, no content.` }] };
  if (Buffer.isBuffer(data)) return binaryResult(data, contentType);
  if (isNonJsonText(data, contentType)) return { content: [{ type: 'text', text: capText(redactor.redact(data), options.maxTextChars) }] };
  const json = redactor.redact(JSON.stringify(data));
  const result: ToolResult = { content: [{ type: 'text', text: capText(json, options.maxTextChars) }] };
  if (options.structured) {
    const structured = options.wrap ? { [options.wrap]: data } : data;
    if (structured !== null && typeof structured === 'object' && !Array.isArray(structured)) {
      // Unwrapped, the structured content is the text's JSON (masked, before any cut): serialise once.
      const masked = options.wrap ? redactor.redact(JSON.stringify(structured)) : json;
      result.structuredContent = JSON.parse(masked) as Record<string, unknown>;
    }
  }
  return result;
}

/** The media type of a Content-Type header, without its parameters; undefined when there is none. */
export function mediaTypeOf(contentType: string): string | undefined {
  return contentType.split(';')[0]?.trim() || undefined;
}

/** A body the API sent as text but not as JSON: shown as it came, never as structured content. */
export function isNonJsonText(data: unknown, contentType: string): data is string {
  return typeof data === 'string' && !/json/i.test(contentType);
}

function binaryResult(data: Buffer, contentType: string): ToolResult {
  const mimeType = mediaTypeOf(contentType) ?? 'application/octet-stream';
  if (/^image\//.test(mimeType) && data.byteLength <= MAX_INLINE_IMAGE_BYTES) {
    return { content: [{ type: 'image', data: data.toString('base64'), mimeType }] };
  }
  return { content: [{ type: 'text', text: `Binary response: ${data.byteLength} bytes of ${mimeType} (not shown).` }] };
}

/** Never a silent cut: the notice says how much was left out and how to get the rest. */
export function capText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}\n[truncated: showing ${limit} of ${text.length} characters. Ask for less: use paging arguments (page, per_page, limit) or filters to fetch the rest.]`;
}

/**
 * A failure as the model reads it (what happened, whether to retry) and as an agent branches
 * on it: `structuredContent.error` holds the same facts as fields.
 */
export function errorResult(error: ApiError, maxTextChars: number = DEFAULT_MAX_TEXT_CHARS): ToolResult {
  const parts = [error.message];
  if (error.retryAfterSeconds !== undefined) parts.push(`Retry after ${error.retryAfterSeconds} s.`);
  else if (error.retryable) parts.push('This may succeed if retried later.');
  else if (error.kind === 'http' && error.status !== undefined && error.status < 500) parts.push('Retrying the same call will not help.');
  let text = redactor.redact(parts.join(' '));
  if (error.body !== undefined) text += `\n\nThe body as received:\n${capText(redactor.redact(error.body), maxTextChars)}`;
  return {
    content: [{ type: 'text', text }],
    isError: true,
    structuredContent: { error: errorFields(error) },
  };
}

/** The machine-readable fields of a failure (every string masked, as the text is). */
function errorFields(error: ApiError): Record<string, unknown> {
  // JSON drops the fields a failure does not have.
  const fields = {
    kind: error.kind,
    status: error.status,
    code: error.code,
    message: error.apiMessage ?? error.message,
    retryable: error.retryable,
    retryAfterSeconds: error.retryAfterSeconds,
  };
  return JSON.parse(redactor.redact(JSON.stringify(fields))) as Record<string, unknown>;
}

export function textError(message: string): ToolResult {
  return { content: [{ type: 'text', text: redactor.redact(message) }], isError: true };
}

/** Adds a field to an object body (wrapping nothing else), so structured content keeps its shape. */
export function withField(data: unknown, key: string, value: unknown): unknown {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) return { ...(data as Record<string, unknown>), [key]: value };
  return data;
}
