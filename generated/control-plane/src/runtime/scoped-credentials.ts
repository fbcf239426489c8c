// Part of the mcpgen runtime, copied unchanged into this package (spec: specs/control-plane.yaml). Do not edit:
// it is replaced on every `mcpgen generate`.
import { readFileSync } from 'node:fs';
import type { Credentials } from './credentials.js';
import { ApiError, ConfigurationError, messageOf } from './errors.js';
import { redactor } from './redact.js';
import type { ApiDefinition } from './types.js';

/**
 * Credentials that belong to one value of some server variables (Alpacon: a token per
 * region and workspace). A token is only ever sent to the workspace it was configured for:
 * the environment's credentials serve the default workspace, a credentials file the others.
 */
export class ScopedCredentials {
  private readonly entries = new Map<string, { credentials: Credentials; source: string }>();
  /** The variable that names the credentials file, for messages. */
  private readonly fileVariable: string;

  /** The file's entries, then the environment's credentials for the default workspace. */
  constructor(
    private readonly api: ApiDefinition,
    private readonly defaults: Readonly<Record<string, string>>,
    envCredentials: Credentials,
    file?: string,
  ) {
    this.fileVariable = `${api.envPrefix}_${api.credentialsFileEnv ?? 'TOKEN_FILE'}`;
    if (file) this.addFile(file);
    if (Object.keys(envCredentials).length > 0) this.add(this.keyOf({}), envCredentials, 'environment');
  }

  /** The file maps each variable in turn to the next level: {"ap1": {"myws": "token"}}. */
  private addFile(file: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigurationError(`${this.fileVariable}: cannot read credentials file ${file}: ${messageOf(error)}`);
    }
    const primary = Object.values(this.api.securitySchemes)[0]?.env[0] ?? 'TOKEN';
    const walk = (node: unknown, values: string[]) => {
      if (values.length === this.api.credentialsBy.length) {
        const credentials = typeof node === 'string' ? { [primary]: node } : isStringMap(node) ? node : undefined;
        if (!credentials)
          throw new ConfigurationError(`${this.fileVariable}: entry ${values.join('/')} must be a token string or an object of strings`);
        this.add(this.keyOf(this.variablesOf(values)), credentials, `file ${file}`);
        return;
      }
      if (node === null || typeof node !== 'object' || Array.isArray(node)) {
        throw new ConfigurationError(
          `${this.fileVariable}: expected an object of ${this.api.credentialsBy[values.length]} names at ${values.join('/') || 'the top'}`,
        );
      }
      for (const [key, child] of Object.entries(node)) walk(child, [...values, key]);
    };
    walk(parsed, []);
  }

  private add(key: string, credentials: Credentials, source: string): void {
    for (const value of Object.values(credentials)) redactor.add(value);
    this.entries.set(key, { credentials, source });
  }

  /** Credentials for these variable values (defaults filled in), or an error listing the configured ones. */
  resolve(variables: Readonly<Record<string, string>>): Credentials {
    const key = this.keyOf(variables);
    const found = this.entries.get(key);
    if (found) return found.credentials;
    const shown = (entry: string) => entry.replaceAll('\u0000', '/');
    const configured = [...this.entries.keys()].map(shown);
    throw new ApiError(
      'auth',
      `no credentials for ${this.api.credentialsBy.join('/')} "${shown(key)}": configured are ${configured.length > 0 ? configured.join(', ') : 'none'}. ` +
        `Pass one of those, or add it to the file named by ${this.fileVariable}.`,
    );
  }

  /** The variable values that have credentials, and where each came from; never the credentials. */
  configured(): { readonly source: string; readonly variables: Readonly<Record<string, string>> }[] {
    return [...this.entries].map(([key, entry]) => ({ source: entry.source, variables: this.variablesOf(key.split('\u0000')) }));
  }

  private variablesOf(values: readonly string[]): Record<string, string> {
    return Object.fromEntries(this.api.credentialsBy.map((name, index) => [name, values[index] ?? '']));
  }

  private keyOf(variables: Readonly<Record<string, string>>): string {
    return this.api.credentialsBy
      .map((name) => variables[name] ?? this.defaults[name] ?? this.api.serverVariables[name]?.default ?? '')
      .join('\u0000');
  }
}

function isStringMap(value: unknown): value is Record<string, string> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string')
  );
}
