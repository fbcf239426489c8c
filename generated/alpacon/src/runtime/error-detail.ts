// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { snippet } from './http.js';

/**
 * What an API put in its error body, as one readable line: its message and code, FastAPI's
 * validation errors, the `details` of `{error: {code, message, details}}` envelopes.
 */

/** `body.name: field required; query.page: must be >= 1`, or undefined when `detail` is no such list. */
export function validationErrorsText(detail: unknown): string | undefined {
  if (!Array.isArray(detail) || detail.length === 0) return undefined;
  const lines = detail.map((entry) => {
    if (entry === null || typeof entry !== 'object') return String(entry);
    const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
    const where = Array.isArray(loc) ? loc.map(String).join('.') : '';
    const message = typeof msg === 'string' ? msg : JSON.stringify(entry);
    return where ? `${where}: ${message}` : message;
  });
  return lines.join('; ');
}

/** ` (details: {"retry_after":30})` for a non-empty details object or list, else ''. */
export function detailsSuffix(details: unknown): string {
  if (details === null || details === undefined || typeof details !== 'object') return '';
  if (Object.keys(details).length === 0) return '';
  return ` (details: ${JSON.stringify(details)})`;
}

/**
 * The code and message an API put in its error body, whatever its convention: `{"error":
 * {"code", "message"}}`, RFC 9457 problem details (`type`, `title`, `detail`), FastAPI's
 * `{"detail": "..."}` or its list of validation errors, OAuth's `error_description`...
 */
export function errorMessageOf(data: unknown): { code?: string; message?: string } {
  if (typeof data === 'string') return data.trim() ? { message: snippet(data) } : {};
  if (data === null || typeof data !== 'object' || Buffer.isBuffer(data)) return {};
  const body = data as Record<string, unknown>;
  const nested = body.error !== null && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : undefined;
  const candidates = [
    body.message,
    typeof nested?.message === 'string' ? nested.message + detailsSuffix(nested.details) : undefined,
    body.detail,
    validationErrorsText(body.detail),
    body.error_description,
    typeof body.error === 'string' ? body.error : undefined,
    body.title,
    body.msg,
  ];
  const message = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '');
  // A problem type URI is the problem's code; "about:blank" says there is none.
  const problemType = typeof body.type === 'string' && body.type !== 'about:blank' && 'title' in body ? body.type : undefined;
  // A problem's numeric `status` only repeats the HTTP status.
  const status = typeof body.status === 'string' || (typeof body.status === 'number' && !('title' in body)) ? body.status : undefined;
  const rawCode = nested?.code ?? body.code ?? problemType ?? status ?? nested?.type;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : undefined;
  return { code: code || undefined, message: snippet(message ?? JSON.stringify(body), 500) };
}
