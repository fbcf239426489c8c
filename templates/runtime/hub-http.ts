/**
 * The hub over Streamable HTTP: the single-package server (http-server.ts) with a hub behind it.
 * Callers send each API's credentials in that API's headers; a header two APIs would read (most
 * often `Authorization`) is read by neither, and its credentials travel in the per-API alias
 * headers `X-<Prefix>-<Name>` instead, so one API's credential can never be taken for another's.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  type CredentialHeader,
  credentialHeaders,
  credentialsFromHeaders,
  confirmHeader,
  describeCredentialHeader,
} from './caller-credentials.js';
import { ConfigurationError } from './errors.js';
import { createHubRuntime, hubCallerKey, type HubOptions, type HubPackage } from './hub.js';
import type { HttpOptions } from './http-options.js';
import { approvedTools, type RunningHttpServer, startHttpServer } from './http-server.js';
import type { HttpCaller } from './mcp.js';
import type { Logger } from './log.js';
import { MEMORY_STATE } from './shared-state.js';
import type { ApiDefinition } from './types.js';

/** The hub's own settings are `MCPGEN_HUB_*` (HTTP_TOKEN, HTTP_ENV_CREDENTIALS, ALLOWED_HOSTS...). */
export const HUB_IDENTITY = { envPrefix: 'MCPGEN_HUB', packageName: 'mcpgen-hub', version: '0.1.0' } as const;

/**
 * Each API's credential headers in the hub: its spec's header where no other API (and not the
 * endpoint token) reads the same one, its alias `X-<Prefix>-<Name>` always.
 */
export function hubCredentialHeaders(apis: readonly ApiDefinition[], endpointToken: boolean): Map<ApiDefinition, CredentialHeader[]> {
  // Every API's headers, each once per API: a header listed twice is read by two APIs.
  const read = apis.flatMap((api) => [...new Set(credentialHeaders(api).flatMap((spec) => (spec.header ? [spec.header] : [])))]);
  const shared = read.filter((header, index) => read.indexOf(header) !== index);
  const reserved = endpointToken ? [...shared, 'authorization'] : shared;
  const byApi = new Map(apis.map((api) => [api, credentialHeaders(api, { reserved })]));
  const aliases = new Map<string, string>();
  for (const [api, specs] of byApi) {
    for (const alias of [...specs.map((spec) => spec.alias), confirmHeader(api)]) {
      const other = aliases.get(alias);
      if (other !== undefined)
        throw new ConfigurationError(`${other} and ${api.name} would both read the header ${alias}: rename one's envPrefix`);
      aliases.set(alias, api.name);
    }
  }
  return byApi;
}

/** A request's caller: every API's credentials and approvals from its own headers, keyed per API (hubCallerKey). */
export function hubCaller(byApi: ReadonlyMap<ApiDefinition, readonly CredentialHeader[]>): (headers: IncomingHttpHeaders) => HttpCaller {
  return (headers) => {
    const credentials: Record<string, string> = {};
    const approved: string[] = [];
    for (const [api, specs] of byApi) {
      for (const [name, value] of Object.entries(credentialsFromHeaders(specs, headers) ?? {}))
        credentials[hubCallerKey(api, name)] = value;
      approved.push(...approvedTools(headers[confirmHeader(api)]).map((glob) => hubCallerKey(api, glob)));
    }
    return { credentials: Object.keys(credentials).length > 0 ? credentials : undefined, approvedTools: approved };
  };
}

/** Serves the hub of these packages over HTTP with the same checks, token and shutdown as one package. */
export async function serveHubHttp(
  packages: readonly HubPackage[],
  options: Pick<HubOptions, 'env' | 'toolsMode' | 'codeLimits'> & { readonly logger: Logger },
  http: HttpOptions,
): Promise<RunningHttpServer> {
  const byApi = hubCredentialHeaders(
    packages.map((entry) => entry.api),
    http.token !== undefined,
  );
  const hub = createHubRuntime(packages, {
    ...options,
    envCredentials: http.envCredentials,
    describeCredential: (api) => describeCredentialHeader(byApi.get(api) ?? []),
  });
  const title = packages.map((entry) => entry.api.title).join(' + ');
  return startHttpServer({
    identity: { ...HUB_IDENTITY, title },
    caller: hubCaller(byApi),
    credentialHeaders: [...byApi.values()].flat(),
    http,
    logger: options.logger,
    runtime: hub,
    served: { what: 'the hub', apis: packages.map((entry) => entry.api.name), mode: options.toolsMode ?? 'direct' },
    state: MEMORY_STATE,
  });
}
