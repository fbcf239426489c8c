/**
 * The generated README's client configurations for the stdio server: every one starts the
 * package's bin the same way and sets the same variables. Built as objects and printed by
 * JSON.stringify, the shell line quoted word by word, since spec values (names, defaults) reach them.
 */
import type { ApiModel } from '../model/types.js';
import { jsonForMarkdown, markdownFence, shellWord } from './writers.js';

interface SnippetVariable {
  readonly env: string;
  /** What the user puts there: a placeholder for a credential, the spec's default for a server variable. */
  readonly value: string;
  readonly secret: boolean;
}

/** What a stdio client needs set: the credentials, and the server variables or a base URL. */
function snippetVariables(model: ApiModel, credentialEnv: readonly string[], needsBaseUrl: boolean): SnippetVariable[] {
  const variables = model.servers[0]?.variables ?? [];
  return [
    ...credentialEnv.map((env) => ({ env, value: `<${env}>`, secret: true })),
    ...variables.map((variable) => ({
      env: serverVariableEnv(model, variable.name),
      value: variable.default || `<${variable.name}>`,
      secret: false,
    })),
    ...(needsBaseUrl && variables.length === 0
      ? [{ env: `${model.envPrefix}_BASE_URL`, value: '<https://api base URL>', secret: false }]
      : []),
  ];
}

/** The variable a server reads a server URL variable from (the runtime's config.ts). */
export function serverVariableEnv(model: ApiModel, name: string): string {
  return `${model.envPrefix}_${name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}

/** The README's stdio client configurations, and the command that starts the server, for prose. */
export function clientSnippets(model: ApiModel, credentialEnv: readonly string[], needsBaseUrl: boolean) {
  const variables = snippetVariables(model, credentialEnv, needsBaseUrl);
  const command = 'npx';
  const args = ['-y', model.package.name];
  const env = Object.fromEntries(variables.map((variable) => [variable.env, variable.value]));
  const inputId = (env: string) => env.toLowerCase().replace(/_/g, '-');
  const vscode = {
    inputs: variables
      .filter((variable) => variable.secret)
      .map((variable) => ({
        type: 'promptString',
        id: inputId(variable.env),
        description: `${model.info.title}: ${variable.env}`,
        password: true,
      })),
    servers: {
      [model.name]: {
        type: 'stdio',
        command,
        args,
        env: Object.fromEntries(
          variables.map((variable) => [variable.env, variable.secret ? `\${input:${inputId(variable.env)}}` : variable.value]),
        ),
      },
    },
  };
  // Claude Code's documented order: options before the server name, the command after `--`.
  const claudeAdd = [
    'claude',
    'mcp',
    'add',
    '--transport',
    'stdio',
    ...variables.flatMap((variable) => ['--env', `${variable.env}=${variable.value}`]),
    model.name,
    '--',
    command,
    ...args,
  ];
  return {
    // Claude Desktop (`claude_desktop_config.json`) and Cursor (`.cursor/mcp.json`)
    mcpServersConfig: jsonForMarkdown({ mcpServers: { [model.name]: { command, args, env } } }),
    vscodeConfig: jsonForMarkdown(vscode),
    claudeAddBlock: markdownFence(claudeAdd.map(shellWord).join(' '), 'sh'),
    stdioCommand: [command, ...args].map(shellWord).join(' '),
  };
}
