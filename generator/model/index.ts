import path from 'node:path';
import { SpecValidationError } from '../errors.js';
import { IssueList } from '../issues.js';
import { isObject } from '../json.js';
import type { LoadedSpec } from '../load/index.js';
import { collectDrafts } from './drafts.js';
import { readRootExtension } from './extensions.js';
import { kebabCase, upperSnakeCase } from './naming.js';
import { buildTool } from './operation.js';
import { packageOf } from './package.js';
import { assignRateLimitModules } from './rate-limit-modules.js';
import { SchemaConverter, shortenDescription } from './schema.js';
import { buildSecuritySchemes } from './security-scheme.js';
import { isSelected } from './selection.js';
import { serverArgumentsOf, serversOf } from './servers.js';
import { checkStatusToolNames } from './status-tools.js';
import { tasksOf } from './tasks.js';
import { nameOperations } from './tool-names.js';
import type { ApiModel } from './types.js';

/** Stage 2: a loaded OpenAPI document → ApiModel. Pure: no I/O. */
export function buildModel(spec: LoadedSpec) {
  const doc = spec.document;
  const issues = new IssueList(spec.file);
  const root = readRootExtension(doc, issues);
  const converter = new SchemaConverter(doc, String(doc.openapi).startsWith('3.0') ? '3.0' : '3.1', spec.file);
  const components = isObject(doc.components) ? doc.components : {};
  const securitySchemes = buildSecuritySchemes(isObject(components.securitySchemes) ? components.securitySchemes : {}, issues);
  const servers = serversOf(doc.servers);
  const name = root.name ?? (kebabCase(path.basename(spec.file).replace(/\.(ya?ml|json)$/i, '')) || 'api');

  const drafts = nameOperations(collectDrafts(doc, issues), issues);
  const selected = drafts.filter((draft) => isSelected(draft, root));
  const tasks = tasksOf(root, selected, issues);
  const serverArguments = serverArgumentsOf(root, servers, issues);

  checkStatusToolNames(root, selected, issues);
  if (selected.length === 0 && issues.errors.length === 0) {
    issues.error('no-tools', '/paths', 'every operation is excluded (x-mcp exclude/include), so there are no tools to generate');
  }
  throwOnErrors(spec.file, issues);

  const context = {
    converter,
    defaultSecurity: doc.security,
    issues,
    root,
    serverArguments,
    taskPollTool: tasks?.pollTool,
  };
  const limited = assignRateLimitModules(
    selected.map((draft) => buildTool(draft, context)),
    root.rateLimitModules,
    issues,
  );
  const info = isObject(doc.info) ? doc.info : {};
  const infoModel = {
    description: shortenDescription(typeof info.description === 'string' ? info.description : '', 600),
    title: typeof info.title === 'string' ? info.title : name,
    version: typeof info.version === 'string' ? info.version : '0.0.0',
  };
  const packageModel = packageOf(root.package, { apiName: name, description: infoModel.description, version: infoModel.version }, issues);
  throwOnErrors(spec.file, issues);

  const model: ApiModel = {
    credentialsBy: root.credentialsBy,
    credentialsFileEnv: root.credentialsFileEnv,
    envelope: root.envelope,
    envPrefix: root.envPrefix ?? upperSnakeCase(name),
    info: infoModel,
    name,
    package: packageModel,
    rateLimit: root.rateLimit,
    rateLimitModules: limited.modules,
    readmeAppendix: root.readme,
    securitySchemes,
    serverArguments: root.serverArguments,
    servers,
    source: { file: spec.file, hash: spec.hash },
    statusTools: root.statusTools,
    tasks,
    tools: limited.tools,
  };
  return { model, warnings: [...spec.warnings, ...issues.warnings] };
}

/** One error carrying every issue found so far, warnings included, when any is an error. */
function throwOnErrors(file: string, issues: IssueList): void {
  const { errors } = issues;
  const first = errors[0];
  if (!first) return;
  const summary = errors.length === 1 ? `${file}#${first.pointer}: ${first.message}` : `${file}: ${errors.length} problems`;
  throw new SpecValidationError(summary, issues.items);
}
