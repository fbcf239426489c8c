/**
 * Security Scheme Objects (OAS 3.1 §4.8.27) → how the runtime finds and applies a credential.
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
import { type IssueList, joinPointer } from '../issues.js';
import { readSecuritySchemeExtension } from './extensions.js';
import { upperSnakeCase } from './naming.js';
import type { SecuritySchemeModel } from './types.js';
import { type Json, isObject } from '../json.js';

export function buildSecuritySchemes(schemes: Json, issues: IssueList): SecuritySchemeModel[] {
  const models: SecuritySchemeModel[] = [];
  const envOwners = new Map<string, string>();
  for (const [key, raw] of Object.entries(schemes)) {
    if (!isObject(raw)) continue;
    const pointer = joinPointer('/components/securitySchemes', key);
    const extension = readSecuritySchemeExtension(raw['x-mcp'], joinPointer(pointer, 'x-mcp'), issues);
    const type = schemeType(raw, extension.tokenExchange !== undefined);
    // Basic credentials are a pair (<BASE>_USERNAME, <BASE>_PASSWORD), not a token.
    const base = extension.env ?? (type === 'basic' ? upperSnakeCase(key) || 'BASIC' : defaultEnv(key));
    const env =
      type === 'basic'
        ? [`${base}_USERNAME`, `${base}_PASSWORD`]
        : type === 'tokenExchange'
          ? (extension.tokenExchange?.fields.map((field) => field.env) ?? [])
          : [base];
    for (const name of env) {
      const owner = envOwners.get(name);
      // Two schemes may deliberately share one credential (a token accepted as header or query).
      if (owner && extension.env === undefined) {
        issues.warn('shared-credential-env', pointer, `security schemes "${owner}" and "${key}" both read ${name}`);
      }
      envOwners.set(name, key);
    }
    if (type === 'unsupported') {
      issues.warn(
        'unsupported-security',
        pointer,
        `security scheme "${key}" (${String(raw.type)}) cannot be applied by the runtime; operations that need only it will fail to authenticate`,
      );
    }
    models.push({
      env,
      header: extension.header,
      in: raw.type === 'apiKey' ? (raw.in as 'cookie' | 'header' | 'query') : undefined,
      key,
      paramName: raw.type === 'apiKey' ? String(raw.name) : undefined,
      tokenExchange: extension.tokenExchange,
      tokenUrl: clientCredentialsTokenUrl(raw),
      type,
      valuePrefix: extension.valuePrefix,
    });
  }
  return models;
}

function schemeType(raw: Json, exchanges: boolean): SecuritySchemeModel['type'] {
  if (exchanges) return 'tokenExchange';
  if (raw.type === 'apiKey') return 'apiKey';
  if (raw.type === 'http') return String(raw.scheme).toLowerCase() === 'basic' ? 'basic' : 'bearer';
  // OAuth2 and OpenID Connect: the user brings an access token (or client credentials).
  if (raw.type === 'oauth2' || raw.type === 'openIdConnect') return 'oauth2';
  return 'unsupported';
}

function defaultEnv(key: string): string {
  const base = upperSnakeCase(key) || 'API';
  return /(_TOKEN|_KEY)$/.test(base) || base === 'TOKEN' ? base : `${base}_TOKEN`;
}

function clientCredentialsTokenUrl(raw: Json): string | undefined {
  const flows = isObject(raw.flows) ? raw.flows : undefined;
  const flow = flows && isObject(flows.clientCredentials) ? flows.clientCredentials : undefined;
  return flow && typeof flow.tokenUrl === 'string' && flow.tokenUrl !== '' ? flow.tokenUrl : undefined;
}
