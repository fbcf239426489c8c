import type { ApiModel } from '../model/types.js';
import type { PackageVersions } from './package-json.js';
import { renderClient, renderClientDeclaration } from './render-client.js';
import {
  renderApi,
  renderDefinitionDeclarations,
  renderOperations,
  renderTool,
  renderToolIndex,
  toolFilePath,
} from './render-definitions.js';
import { renderStaticFiles } from './render-templates.js';
import { renderTypes, type TypesOptions } from './render-types.js';
import { runtimeFiles } from './runtime-files.js';

/** Package-relative path → file text. */
export type FileSet = ReadonlyMap<string, string>;

/** What emitPackage makes a package from. */
export interface EmitOptions extends TypesOptions {
  readonly versions: PackageVersions;
  /** The texts of the spec's x-mcp readme files, read by the caller. */
  readonly appendix?: readonly string[];
}

/** Stage 3: ApiModel → every file of the package, in memory. Nothing is written here. */
export async function emitPackage(options: EmitOptions): Promise<FileSet> {
  const { model, versions, appendix = [] } = options;
  // Started first: with `types` under way (the worker) the spec is typed while the rest renders here.
  const types = renderTypes(options);
  const files: Record<string, string> = {
    ...renderStaticFiles(model, versions, appendix),
    ...runtimeFiles(model),
    ...renderSources(model),
  };
  files['src/types.ts'] = await types;
  return new Map(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The src/ files printed from the model. */
function renderSources(model: ApiModel): Record<string, string> {
  const files: Record<string, string> = {
    'src/api.ts': renderApi(model),
    'src/client.ts': renderClient(model),
    'src/operations.ts': renderOperations(model),
    'src/tools/index.ts': renderToolIndex(model),
  };
  for (const tool of model.tools) files[toolFilePath(tool)] = renderTool(model, tool);
  return files;
}

/**
 * The declaration files (dist/<file>.d.ts, keyed by src/ path) of the largest files the model
 * prints, printed with them: the build declares the rest with the compiler.
 */
export function printedDeclarations(model: ApiModel): FileSet {
  return new Map(Object.entries({ ...renderDefinitionDeclarations(model), 'src/client.ts': renderClientDeclaration(model) }));
}

export type { PackageVersions } from './package-json.js';
