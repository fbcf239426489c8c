import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
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
  const view = {
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
    credentials: model.securitySchemes.flatMap((scheme) =>
      scheme.env.map((env) => ({ env: `${model.envPrefix}_${env}`, kind: scheme.type, scheme: scheme.key })),
    ),
    dependencies: Object.entries(versions.dependencies).map(([name, version]) => ({ name, version })),
    description: model.info.description,
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
  return {
    'README.md': render('README.md', { ...view, header: markdownHeader(model.source) }),
    'package.json': render('package.json', view),
    'src/bin.ts': render('bin.ts', view),
    'src/index.ts': render('index.ts', view),
    'src/server.ts': render('server.ts', view),
    'tsconfig.json': render('tsconfig.json', view),
  };
}
