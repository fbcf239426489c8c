// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/cloudron.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * Error bodies whose useful part is not a message string: FastAPI's validation errors
 * (`{"detail": [{"loc": ["body", "name"], "msg": "field required"}]}`) and the `details`
 * object of `{error: {code, message, details}}` envelopes. Each becomes one readable line.
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
