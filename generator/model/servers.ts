import { type IssueList, joinPointer } from '../issues.js';
import { isObject } from '../json.js';
import type { RootExtension } from './extensions.js';
import type { ExtraArgument } from './input.js';
import type { ServerModel } from './types.js';

/** The document's servers, with their variables. */
export function serversOf(value: unknown): ServerModel[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((server) => ({
    url: String(server.url),
    variables: Object.entries(isObject(server.variables) ? server.variables : {}).map(([variableName, variable]) => {
      const entry = isObject(variable) ? variable : {};
      return {
        default: String(entry.default ?? ''),
        enum: Array.isArray(entry.enum) ? entry.enum.map(String) : undefined,
        name: variableName,
      };
    }),
  }));
}

/** x-mcp serverArguments: the first server's variables every tool takes as an optional argument. */
export function serverArgumentsOf(root: RootExtension, servers: readonly ServerModel[], issues: IssueList): ExtraArgument[] {
  const variables = servers[0]?.variables ?? [];
  return root.serverArguments.flatMap((argument, index) => {
    const variable = variables.find((candidate) => candidate.name === argument.variable);
    if (!variable) {
      issues.error(
        'unknown-server-variable',
        joinPointer('/x-mcp/serverArguments', index, 'variable'),
        `server variable "${argument.variable}" is not declared on the first server`,
      );
      return [];
    }
    // Repeated on every tool, so kept short; the README explains the variable in full.
    const description = `${argument.variable[0]?.toUpperCase() ?? ''}${argument.variable.slice(1)}; default: the configured one.`;
    return [{ name: argument.variable, required: false, schema: { type: 'string', description, enum: variable.enum } }];
  });
}
