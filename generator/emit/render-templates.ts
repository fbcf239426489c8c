import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { confirmHeader, credentialHeaders, displayHeader, headerExample } from '../../templates/runtime/caller-credentials.js';
import type { ApiModel } from '../model/types.js';
import { generatedHeader, markdownHeader } from './header.js';
import { dynamicListSize } from './list-size.js';
import { packageRoot } from './paths.js';
import { clientClassName } from './render-client.js';
import { packageNameOf } from './render-definitions.js';

const handlebars = Handlebars.create();
handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value));
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function render(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    const source = readFileSync(path.join(packageRoot(), 'templates', 'package', `${name}.hbs`), 'utf8');
    template = handlebars.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(view);
}

export interface PackageVersions {
  readonly dependencies: Readonly<Record<string, string>>;
  readonly typescript: string;
  readonly typesNode: string;
}

export interface ListSize {
  readonly bytes: number;
  readonly tokens: number;
}

/** src/*.ts files printed from templates/package/<name>.ts.hbs. */
const SOURCE_TEMPLATES = ['bin.ts', 'index.ts', 'server.ts'] as const;

/**
 * The view of the source templates: all they may use, so that `renderStaticScripts` need not
 * compute the README's. `typed: false` prints them as the JavaScript the build writes to dist/.
 */
function sourceView(model: ApiModel, typed: boolean) {
  return { clientClass: clientClassName(model), header: generatedHeader(model.source), title: model.info.title, typed };
}

/** src/bin.ts, index.ts and server.ts as JavaScript (keyed by their .ts path), for the build. */
export function renderStaticScripts(model: ApiModel): Record<string, string> {
  const view = sourceView(model, false);
  return Object.fromEntries(SOURCE_TEMPLATES.map((name) => [`src/${name}`, render(name, view)]));
}

/** The static files, from templates/package/*.hbs and a precomputed view-model. */
export function renderStaticFiles(
  model: ApiModel,
  versions: PackageVersions,
  listSize: ListSize,
  appendix: readonly string[] = [],
): Record<string, string> {
  const header = generatedHeader(model.source);
  const packageName = packageNameOf(model);
  const credentialEnv = [...new Set(model.securitySchemes.flatMap((scheme) => scheme.env.map((env) => `${model.envPrefix}_${env}`)))];
  const server = model.servers[0];
  const serverUrl = server?.url ?? '';
  const firstRead = model.tools.find((tool) => tool.scope === 'read' && tool.params.every((param) => !param.required));
  const http = httpView(model);
  const view = {
    ...http,
    appendix: appendix.map((text) => text.trim()).join('\n\n'),
    binName: `${model.name}-mcp`,
    clientClass: clientClassName(model),
    clientConfig: JSON.stringify(
      {
        mcpServers: {
          [model.name]: {
            command: 'node',
            args: [`/path/to/generated/${model.name}/dist/bin.js`],
            env: Object.fromEntries(credentialEnv.map((env) => [env, '…'])),
          },
        },
      },
      null,
      2,
    ),
    credentialEnv,
    credentialsBy: model.credentialsBy.join('/'),
    credentialsByFirst: model.credentialsBy[0] ?? '',
    credentialsFile: model.credentialsFileEnv ? `${model.envPrefix}_${model.credentialsFileEnv}` : '',
    credentials: model.securitySchemes.flatMap((scheme) =>
      scheme.env.map((env) => ({ env: `${model.envPrefix}_${env}`, kind: scheme.type, scheme: scheme.key })),
    ),
    dependencies: Object.entries(versions.dependencies).map(([name, version]) => ({ name, version })),
    description: model.info.description,
    confirmHeader: displayHeader(confirmHeader(model)),
    destructiveCount: model.tools.filter((tool) => tool.confirm).length,
    dynamicBytes: dynamicListSize(model).bytes,
    pagedCount: model.tools.filter((tool) => tool.pagination).length,
    rateLimit: model.rateLimit ? `${model.rateLimit.requests}/${model.rateLimit.perSeconds}` : '',
    taskCount: model.tools.filter((tool) => tool.startsTask).length,
    taskTool: model.tasks?.pollTool ?? '',
    envPrefix: model.envPrefix,
    exampleCall: firstRead ? `${firstRead.identifier}()` : '',
    header,
    listBytes: listSize.bytes,
    listTokens: listSize.tokens,
    name: model.name,
    needsBaseUrl: !/^https?:\/\//.test(serverUrl) || serverUrl.includes('{'),
    packageName,
    readCount: model.tools.filter((tool) => tool.scope === 'read').length,
    serverUrl,
    serverVariables: (server?.variables ?? []).map((variable) => ({
      default: variable.default,
      env: `${model.envPrefix}_${variable.name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`,
      name: variable.name,
    })),
    specFile: model.source.file,
    specHash: model.source.hash,
    title: model.info.title,
    toolCount: model.tools.length,
    tools: [...model.tools]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((tool) => ({
        hints:
          [
            tool.annotations.readOnlyHint ? 'R' : '',
            tool.annotations.destructiveHint ? 'D' : '',
            tool.annotations.idempotentHint ? 'I' : '',
          ].join('') || '-',
        method: tool.method,
        name: tool.name,
        path: tool.path.replace(/\|/g, '\\|'),
        scope: tool.scope,
      })),
    typescriptVersion: versions.typescript,
    typesNodeVersion: versions.typesNode,
    version: model.info.version,
  };
  const sourceTypes = sourceView(model, true);
  return {
    'README.md': render('README.md', { ...view, header: markdownHeader(model.source) }),
    'package.json': render('package.json', view),
    ...Object.fromEntries(SOURCE_TEMPLATES.map((name) => [`src/${name}`, render(name, sourceTypes)])),
    'tsconfig.json': render('tsconfig.json', view),
  };
}

/** What the README's "over HTTP" section shows: the headers each caller sends, and client configs using them. */
function httpView(model: ApiModel) {
  const api = {
    envPrefix: model.envPrefix,
    securitySchemes: Object.fromEntries(model.securitySchemes.map((scheme) => [scheme.key, scheme])),
  };
  const specs = credentialHeaders(api);
  const withToken = credentialHeaders(api, { reserved: ['authorization'] });
  const headers = specs.map((spec) => ({
    ...headerExample(spec),
    alias: spec.header !== undefined && spec.header !== spec.alias ? `\`${displayHeader(spec.alias)}: <${spec.name}>\`` : '',
    env: `${model.envPrefix}_${spec.name}`,
  }));
  const variable = (header: string) => header.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const url = 'http://127.0.0.1:8080/mcp';
  const examples = headers.map((header) => ({ header: header.header, value: header.value.replace(/<[^>]+>/g, '…') }));
  const mcpRemote = {
    mcpServers: {
      [model.name]: {
        command: 'npx',
        args: [
          '-y',
          'mcp-remote',
          url,
          ...examples.flatMap((example) => ['--header', `${example.header}:\${${variable(example.header)}}`]),
        ],
        env: Object.fromEntries(examples.map((example) => [variable(example.header), example.value])),
      },
    },
  };
  const native = {
    mcpServers: {
      [model.name]: { type: 'http', url, headers: Object.fromEntries(examples.map((example) => [example.header, example.value])) },
    },
  };
  return {
    httpHeaders: headers,
    httpHeaderFlags: examples.map((example) => `--header "${example.header}: ${example.value}"`).join(' '),
    httpTokenHeaders: withToken.map((spec) => `\`${displayHeader(spec.header ?? spec.alias)}\``).join(', '),
    httpUsesAuthorization: specs.some((spec) => spec.header === 'authorization'),
    mcpRemoteConfig: JSON.stringify(mcpRemote, null, 2),
    nativeHttpConfig: JSON.stringify(native, null, 2),
    hasTokenExchange: model.securitySchemes.some((scheme) => scheme.type === 'tokenExchange'),
    rateLimitText: model.rateLimit ? `${model.rateLimit.requests} requests per ${model.rateLimit.perSeconds} s` : '',
    serverArgumentNames: model.serverArguments.map((argument) => `\`${argument.variable}\``).join(', '),
  };
}
