import { readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { confirmHeader, credentialHeaders, displayHeader, headerExample } from '../../templates/runtime/caller-credentials.js';
import type { ApiModel } from '../model/types.js';
import { generatedHeader, markdownHeader } from './header.js';
import { dynamicListSize, modelListSize } from './list-size.js';
import { type PackageVersions, renderPackageJson } from './package-json.js';
import { packageRoot } from './paths.js';
import { clientSnippets, serverVariableEnv } from './client-snippets.js';
import { clientClassName } from './render-client.js';
import { byName } from './render-definitions.js';
import { commentText, jsonForMarkdown, markdownBlock, markdownCode, markdownText, shellWord } from './writers.js';

const handlebars = Handlebars.create();
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

/** src/*.ts files printed from templates/package/<name>.ts.hbs. */
const SOURCE_TEMPLATES = ['bin.ts', 'index.ts', 'server.ts'] as const;

/** The static files, from templates/package/*.hbs: README.md, src/{bin,index,server}.ts, tsconfig.json; and package.json. */
export function renderStaticFiles(model: ApiModel, versions: PackageVersions, appendix: readonly string[]): Record<string, string> {
  const packageName = model.package.name;
  const credentialEnv = [...new Set(model.securitySchemes.flatMap((scheme) => scheme.env.map((env) => `${model.envPrefix}_${env}`)))];
  const serverUrl = model.servers[0]?.url ?? '';
  const firstRead = model.tools.find((tool) => tool.scope === 'read' && tool.params.every((param) => !param.required));
  const listSize = modelListSize(model);
  const needsBaseUrl = !/^https?:\/\//.test(serverUrl) || serverUrl.includes('{');
  const binName = `${model.name}-mcp`;
  const readme = {
    ...httpView(model),
    ...clientSnippets(model, credentialEnv, needsBaseUrl),
    ...readmeText(model, appendix),
    binName,
    clientClass: clientClassName(model),
    credentialEnv,
    credentialsFile: model.credentialsFileEnv ? `${model.envPrefix}_${model.credentialsFileEnv}` : '',
    confirmHeader: displayHeader(confirmHeader(model)),
    destructiveCount: model.tools.filter((tool) => tool.confirm).length,
    dynamicBytes: dynamicListSize(model).bytes,
    pagedCount: model.tools.filter((tool) => tool.pagination).length,
    rateLimit: model.rateLimit ? `${model.rateLimit.requests}/${model.rateLimit.perSeconds}` : '',
    taskCount: model.tools.filter((tool) => tool.startsTask).length,
    taskTool: model.tasks?.pollTool ?? '',
    envPrefix: model.envPrefix,
    exampleCall: firstRead ? `${firstRead.identifier}()` : '',
    header: markdownHeader(model.source),
    listBytes: listSize.bytes,
    listTokens: listSize.tokens,
    name: model.name,
    needsBaseUrl,
    packageName,
    // what `npm pack` names the tarball: scope folded into the name
    packageTarball: `${packageName.replace(/^@/, '').replace('/', '-')}-${model.package.version}.tgz`,
    readCount: model.tools.filter((tool) => tool.scope === 'read').length,
    toolCount: model.tools.length,
  };
  const source = {
    clientClass: readme.clientClass,
    envPrefix: model.envPrefix,
    header: generatedHeader(model.source),
    title: commentText(model.info.title),
  };
  return {
    'README.md': render('README.md', readme),
    'package.json': renderPackageJson(model, versions, binName),
    ...Object.fromEntries(SOURCE_TEMPLATES.map((name) => [`src/${name}`, render(name, source)])),
    'tsconfig.json': render('tsconfig.json', {}),
  };
}

/**
 * The README's spec values, each through the writer for where the template puts it: inline
 * text, code spans (in tables, their `|` escaped), blocks of the author's Markdown.
 */
function readmeText(model: ApiModel, appendix: readonly string[]) {
  const inTable = { inTable: true };
  const first = model.credentialsBy[0] ?? '';
  return {
    appendix: markdownBlock(appendix.map((text) => text.trim()).join('\n\n')),
    credentials: model.securitySchemes.flatMap((scheme) =>
      scheme.env.map((env) => ({ env: `${model.envPrefix}_${env}`, kind: scheme.type, scheme: markdownCode(scheme.key, inTable) })),
    ),
    credentialsBy: markdownText(model.credentialsBy.join('/')),
    credentialsFileExample: markdownCode(`{"<${first}>": {...: "token"}}`, inTable),
    description: markdownBlock(model.info.description),
    serverUrl: model.servers[0]?.url ? markdownCode(model.servers[0].url, inTable) : '',
    serverVariables: (model.servers[0]?.variables ?? []).map((variable) => ({
      default: markdownCode(variable.default, inTable),
      env: serverVariableEnv(model, variable.name),
      name: markdownCode(variable.name, inTable),
    })),
    specFile: markdownCode(model.source.file),
    title: markdownText(model.info.title),
    tools: byName(model).map((tool) => ({
      hints:
        [
          tool.annotations.readOnlyHint ? 'R' : '',
          tool.annotations.destructiveHint ? 'D' : '',
          tool.annotations.idempotentHint ? 'I' : '',
        ].join('') || '-',
      name: tool.name,
      operation: markdownCode(`${tool.method} ${tool.path}`, inTable),
      scope: tool.scope,
    })),
    version: markdownText(model.info.version),
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
  const headers = specs.map((spec) => {
    const { header, value } = headerExample(spec);
    return {
      alias:
        spec.header !== undefined && spec.header !== spec.alias
          ? markdownCode(`${displayHeader(spec.alias)}: <${spec.name}>`, { inTable: true })
          : '',
      env: `${model.envPrefix}_${spec.name}`,
      example: markdownCode(`${header}: ${value}`, { inTable: true }),
      header,
      value,
    };
  });
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
    httpHeaderFlags: examples.map((example) => `--header ${shellWord(`${example.header}: ${example.value}`)}`).join(' '),
    httpTokenHeaders: withToken.map((spec) => markdownCode(displayHeader(spec.header ?? spec.alias))).join(', '),
    httpUsesAuthorization: specs.some((spec) => spec.header === 'authorization'),
    mcpRemoteConfig: jsonForMarkdown(mcpRemote),
    nativeHttpConfig: jsonForMarkdown(native),
    hasTokenExchange: model.securitySchemes.some((scheme) => scheme.type === 'tokenExchange'),
    rateLimitText: model.rateLimit ? `${model.rateLimit.requests} requests per ${model.rateLimit.perSeconds} s` : '',
    serverArgumentNames: model.serverArguments.map((argument) => markdownCode(argument.variable)).join(', '),
  };
}
