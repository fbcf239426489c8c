import { RecordingUpstream, type SeenRequest } from './recording-upstream.js';
import { TokenIssuer } from './token-issuer.js';

/** What the stateful mock APIs share: a recording HTTP server on 127.0.0.1 and their logins. */
export class StatefulUpstream {
  readonly http = new RecordingUpstream();
  readonly tokens: TokenIssuer;

  constructor(
    login: { readonly username: string; readonly password: string },
    ttl: { readonly accessSeconds: number; readonly refreshSeconds: number },
    tokenType?: string,
  ) {
    this.tokens = new TokenIssuer({
      username: login.username,
      password: login.password,
      accessTtlSeconds: ttl.accessSeconds,
      refreshTtlSeconds: ttl.refreshSeconds,
      ...(tokenType ? { tokenType } : {}),
    });
  }

  get url(): string {
    return this.http.url;
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }
}

/** A request's JSON body as an object ({} when absent or not JSON). */
export function jsonBody(request: SeenRequest): Record<string, unknown> {
  try {
    return JSON.parse(request.body || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}
