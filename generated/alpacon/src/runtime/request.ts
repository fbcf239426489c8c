// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/alpacon.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
/**
 * Builds the HTTP request for an operation from a typed request object. Every value from a
 * caller is encoded for the place it goes: a path value cannot leave its segment, a header
 * cannot carry a line break, and nothing can change the host or scheme of the base URL.
 * @see https://spec.openapis.org/oas/v3.1.0#style-values
 */
import { ArgumentError } from './errors.js';
import type { ApiRequest, OperationDefinition, ParamDefinition } from './types.js';

export interface PreparedRequest {
  body?: string | Uint8Array | FormData;
  headers: Record<string, string>;
  method: string;
  url: URL;
}

export function prepareRequest(operation: OperationDefinition, request: ApiRequest, baseUrl: string): PreparedRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encoded(name, () => encodePathValue(name, request.path?.[name])),
  );
  const url = joinUrl(baseUrl, path);

  const query: string[] = [];
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const param of operation.params ?? []) {
    if (param.in === 'path') continue;
    const value = request[param.in]?.[param.name];
    if (value === undefined || value === null) continue;
    if (param.in === 'query') query.push(...encoded(param.name, () => encodeQuery(param, value)));
    else if (param.in === 'header') headers[param.name] = headerValue(param.name, value);
    else cookies.push(encoded(param.name, () => `${encodeURIComponent(param.name)}=${encodeURIComponent(scalarText(value))}`));
  }
  if (cookies.length > 0) headers.cookie = headerValue('cookie', cookies.join('; '));
  if (query.length > 0) url.search = (url.search ? `${url.search.slice(1)}&` : '') + query.join('&');

  const prepared: PreparedRequest = { headers, method: operation.method, url };
  if (operation.body && request.body !== undefined) {
    const encoded = encodeBody(operation.body.mediaType, request.body);
    prepared.body = encoded.body;
    if (encoded.contentType) headers['content-type'] = encoded.contentType;
  }
  return prepared;
}

/** Base URL + path, refusing any result that escapes the base URL's origin and path. */
export function joinUrl(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(`${base.origin}${basePath}${path}`);
  if (url.origin !== base.origin || !url.pathname.startsWith(basePath)) {
    throw new ArgumentError('path', `would leave the API base URL (${base.origin}${basePath})`);
  }
  return url;
}

/** encodeURIComponent throws on an unpaired surrogate: that is a bad argument, not a crash. */
function encoded<T>(argument: string, encode: () => T): T {
  try {
    return encode();
  } catch (error) {
    if (error instanceof URIError) throw new ArgumentError(argument, 'is not valid Unicode text (it holds an unpaired surrogate)');
    throw error;
  }
}

function encodePathValue(name: string, value: unknown): string {
  if (value === undefined || value === null || value === '')
    throw new ArgumentError(name, 'is required in the URL path and must not be empty');
  const text = Array.isArray(value) ? value.map(scalarText).join(',') : scalarText(value);
  // "." and ".." survive percent-encoding and would be resolved as path navigation.
  const normalised = text.normalize('NFKC');
  if (normalised === '.' || normalised === '..' || /^[.\u2024\uFF0E]+$/.test(normalised)) {
    throw new ArgumentError(name, 'must not be "." or ".." (it would change the URL path)');
  }
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new ArgumentError(name, 'must not contain control characters');
  return encodeURIComponent(text);
}

/** A parameter's style and explode, OpenAPI's defaults where the definition leaves them out. */
export function paramStyle(param: Pick<ParamDefinition, 'explode' | 'in' | 'style'>): { explode: boolean; style: string } {
  const style = param.style ?? (param.in === 'query' || param.in === 'cookie' ? 'form' : 'simple');
  return { explode: param.explode ?? style === 'form', style };
}

function encodeQuery(param: ParamDefinition, value: unknown): string[] {
  const { explode, style } = paramStyle(param);
  const name = encodeURIComponent(param.name);
  if (style === 'deepObject' && value !== null && typeof value === 'object') return deepObjectPairs(param.name, value);
  if (Array.isArray(value)) {
    if (explode && style === 'form') return value.map((item) => `${name}=${encodeURIComponent(scalarText(item))}`);
    const separator = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
    return [`${name}=${value.map((item) => encodeURIComponent(scalarText(item))).join(separator)}`];
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined && item !== null);
    if (explode) return entries.map(([key, item]) => `${encodeURIComponent(key)}=${encodeURIComponent(scalarText(item))}`);
    return [`${name}=${entries.map(([key, item]) => `${encodeURIComponent(key)},${encodeURIComponent(scalarText(item))}`).join(',')}`];
  }
  return [`${name}=${encodeURIComponent(scalarText(value))}`];
}

/** `filter[status]=open&filter[tags][0]=a`: what deepObject APIs (Stripe, Rails) read. */
function deepObjectPairs(prefix: string, value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => deepObjectPairs(`${prefix}[${index}]`, item));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .flatMap(([key, item]) => deepObjectPairs(`${prefix}[${key}]`, item));
  }
  return [`${encodeURIComponent(prefix)}=${encodeURIComponent(value === null ? '' : scalarText(value))}`];
}

function headerValue(name: string, value: unknown): string {
  const text = Array.isArray(value) ? value.map(scalarText).join(',') : scalarText(value);
  if (/[\r\n\0]/.test(text)) throw new ArgumentError(name, 'must not contain line breaks or NUL (header injection)');
  // What fetch refuses to send; caught here it is the caller's mistake, not a retryable network failure.
  if (/[^\t\x20-\x7e\x80-\xff]/.test(text))
    throw new ArgumentError(name, 'must contain only printable Latin-1 characters (it is sent as an HTTP header)');
  return text;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

export function encodeBody(mediaType: string, body: unknown): { body: string | Uint8Array | FormData; contentType?: string } {
  if (/json/i.test(mediaType)) return { body: JSON.stringify(body), contentType: mediaType.includes('*') ? 'application/json' : mediaType };
  if (/^application\/x-www-form-urlencoded/i.test(mediaType)) {
    const pairs = body !== null && typeof body === 'object' ? formPairs(body as Record<string, unknown>) : [];
    return {
      body: pairs
        .map(([key, item]) => encoded(key.split('[')[0] ?? key, () => `${encodeURIComponent(key)}=${encodeURIComponent(item)}`))
        .join('&'),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  if (/^multipart\/form-data/i.test(mediaType)) {
    const form = new FormData();
    for (const [key, item] of formPairs((body ?? {}) as Record<string, unknown>)) form.append(key, item);
    // fetch sets the multipart boundary itself.
    return { body: form };
  }
  if (/^text\//i.test(mediaType)) return { body: scalarText(body), contentType: mediaType };
  // Binary media types take base64 text from a tool, since JSON cannot carry bytes.
  if (typeof body === 'string') return { body: Buffer.from(body, 'base64'), contentType: mediaType };
  return { body: JSON.stringify(body), contentType: mediaType };
}

/** Nested objects and arrays as `a[b]=1`, `list[]=x` (PHP, Rails, Stripe conventions). */
function formPairs(value: Record<string, unknown>, prefix = ''): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(item)) {
      item.forEach((element, index) => {
        if (element !== null && typeof element === 'object')
          pairs.push(...formPairs(element as Record<string, unknown>, `${name}[${index}]`));
        else pairs.push([name.endsWith('[]') ? name : `${name}[]`, scalarText(element)]);
      });
    } else if (item !== null && typeof item === 'object') {
      pairs.push(...formPairs(item as Record<string, unknown>, name));
    } else {
      pairs.push([name, item === null ? '' : scalarText(item)]);
    }
  }
  return pairs;
}
