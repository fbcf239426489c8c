import type { IncomingHttpHeaders } from 'node:http';
import type { Credentials } from './credentials.js';
import type { ApiDefinition, SecuritySchemeDefinition } from './types.js';

/**
 * Where an HTTP caller puts one credential: the header its security scheme names
 * (`x-mcp.header`, or a token-exchange field's `header`) and, always, an alias header
 * `x-<prefix>-<name>` (e.g. `x-cloudron-api-token`) that works even when `Authorization`
 * is taken by the endpoint's own bearer token.
 */
export interface CredentialHeader {
  /** The credential's name, as in `<PREFIX>_<name>` (e.g. API_TOKEN). */
  readonly name: string;
  /** The spec's header (lower case); absent when the spec names none or it is reserved. */
  readonly header?: string;
  readonly alias: string;
  /** How the value is written: `Bearer x`, `Basic base64(user:password)`, a prefixed key, or as is. */
  readonly format: 'basic-password' | 'basic-user' | 'bearer' | 'plain' | 'prefixed';
  readonly valuePrefix?: string;
}

/** What the header mapping needs of an API (the generator passes its model for the README). */
export type CredentialApi = Pick<ApiDefinition, 'envPrefix' | 'securitySchemes'>;

/**
 * One entry per credential name the API's schemes use, in the order the schemes list them.
 * `reserved`: headers the server uses itself (the endpoint token's `authorization`), where credentials are not read.
 */
export function credentialHeaders(api: CredentialApi, options: { readonly reserved?: readonly string[] } = {}): CredentialHeader[] {
  const reserved = new Set((options.reserved ?? []).map((name) => name.toLowerCase()));
  const byName = new Map<string, CredentialHeader>();
  const add = (name: string, scheme: SecuritySchemeDefinition, header: string | undefined, format: CredentialHeader['format']) => {
    const existing = byName.get(name);
    const usable = header !== undefined && !reserved.has(header) ? header : undefined;
    if (existing?.header !== undefined || (existing && usable === undefined)) return;
    byName.set(name, {
      alias: aliasHeader(api, name),
      format: usable === undefined ? 'plain' : format,
      header: usable,
      name,
      valuePrefix: usable !== undefined && format === 'prefixed' ? scheme.valuePrefix : undefined,
    });
  };
  for (const scheme of Object.values(api.securitySchemes)) {
    if (scheme.type === 'unsupported') continue;
    if (scheme.type === 'tokenExchange') {
      // Its variables are its fields'.
      for (const field of scheme.tokenExchange?.fields ?? []) add(field.env, scheme, field.header, 'plain');
      continue;
    }
    const header = scheme.header;
    if (scheme.type === 'basic') {
      add(scheme.env[0] ?? 'USERNAME', scheme, header, 'basic-user');
      add(scheme.env[1] ?? 'PASSWORD', scheme, header, 'basic-password');
      continue;
    }
    const format = scheme.type === 'apiKey' ? (scheme.valuePrefix ? 'prefixed' : 'plain') : 'bearer';
    for (const name of scheme.env) add(name, scheme, header, format);
  }
  return [...byName.values()];
}

/** `x-<prefix>-<name>`: CLOUDRON + API_TOKEN → x-cloudron-api-token. */
export function aliasHeader(api: Pick<CredentialApi, 'envPrefix'>, name: string): string {
  return `x-${api.envPrefix}-${name}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/**
 * `x-<prefix>-confirm`: destructive tools (globs, comma-separated) an HTTP caller's client
 * configuration pre-approves. A header, because a model can set arguments but not headers.
 */
export function confirmHeader(api: Pick<CredentialApi, 'envPrefix'>): string {
  return aliasHeader(api, 'CONFIRM');
}

/**
 * The caller's credentials from its request headers; undefined when it sent none. A caller
 * that sends some is never given anyone else's for the rest: what it did not send stays missing.
 */
export function credentialsFromHeaders(specs: readonly CredentialHeader[], headers: IncomingHttpHeaders): Credentials | undefined {
  const found: Record<string, string> = {};
  for (const spec of specs) {
    const alias = headerValue(headers, spec.alias);
    const value = alias !== undefined ? alias : spec.header !== undefined ? parseValue(spec, headerValue(headers, spec.header)) : undefined;
    if (value !== undefined && value !== '') found[spec.name] = value;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

/** Names a missing credential the way an HTTP caller can supply it (for the client's error). */
export function describeCredentialHeader(specs: readonly CredentialHeader[]): (scheme: SecuritySchemeDefinition, name: string) => string {
  return (_scheme, name) => {
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) return `the credential ${name}`;
    const { header, value } = headerExample(spec);
    const shown = `the HTTP header \`${header}: ${value}\``;
    return spec.header === undefined ? shown : `${shown} (or \`${displayHeader(spec.alias)}: <${name}>\`)`;
  };
}

/** How a client writes the header: "Authorization: Bearer <API_TOKEN>" (the alias takes the value as it is). */
export function headerExample(spec: CredentialHeader): { header: string; value: string } {
  return { header: displayHeader(spec.header ?? spec.alias), value: spec.header === undefined ? `<${spec.name}>` : example(spec) };
}

function example(spec: CredentialHeader): string {
  switch (spec.format) {
    case 'bearer':
      return `Bearer <${spec.name}>`;
    case 'basic-user':
    case 'basic-password':
      return 'Basic <base64 of user:password>';
    case 'prefixed':
      return `${spec.valuePrefix ?? ''}<${spec.name}>`;
    default:
      return `<${spec.name}>`;
  }
}

/** x-cloudways-api-key → X-Cloudways-Api-Key. */
export function displayHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value === '' ? undefined : value;
}

function parseValue(spec: CredentialHeader, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  switch (spec.format) {
    case 'basic-user':
    case 'basic-password': {
      const match = /^basic\s+(\S+)$/i.exec(value);
      if (!match?.[1]) return undefined;
      const decoded = Buffer.from(match[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      return spec.format === 'basic-user' ? decoded.slice(0, colon) : decoded.slice(colon + 1);
    }
    case 'prefixed': {
      let text = bearerToken(value) ?? value;
      const prefix = spec.valuePrefix ?? '';
      if (prefix && text.toLowerCase().startsWith(prefix.toLowerCase())) text = text.slice(prefix.length).trim();
      return unquote(text);
    }
    case 'bearer':
      return bearerToken(value) ?? value;
    default:
      return spec.header === 'authorization' ? (bearerToken(value) ?? value) : value;
  }
}

/** The token of an `Authorization: Bearer <token>` value; undefined when it is not one. */
export function bearerToken(value: string): string | undefined {
  return /^bearer\s+(.+)$/i.exec(value)?.[1]?.trim();
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
