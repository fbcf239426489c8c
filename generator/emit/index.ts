import type { ApiModel } from '../model/types.js';
import { modelListSize } from './list-size.js';
import { renderClient, renderClientDeclaration } from './render-client.js';
import {
  renderApi,
  renderDefinitionDeclarations,
  renderOperations,
  renderTool,
  renderToolBundle,
  renderToolIndex,
  toolFilePath,
} from './render-definitions.js';
import type { PackageVersions } from './package-json.js';
import { renderStaticFiles, renderStaticScripts } from './render-templates.js';
import { renderTypes, type TypesOptions } from './render-types.js';
import { runtimeFiles } from './runtime-files.js';

/** Package-relative path → file text. */
export type FileSet = ReadonlyMap<string, string>;

/**
 * Package-relative path of a src/ TypeScript file → the JavaScript the build writes for it, for
 * the files our own printers make (everything but types.ts and runtime/): printed directly with
 * `typed: false`, so the build need not transpile them. `null`: the file's code is part of
 * another script (each tool's is in tools/index.js), so it gets no file of its own in dist/.
 */
export type ScriptSet = ReadonlyMap<string, string | null>;

/** Package-relative path of a src/ TypeScript file → its declaration file, for those our printers make. */
export type DeclarationSet = ReadonlyMap<string, string>;

/** What emitPackage makes a package from. */
export interface EmitOptions extends TypesOptions {
  readonly versions: PackageVersions;
  /** The texts of the spec's x-mcp readme files, read by the caller. */
  readonly appendix?: readonly string[];
}

/** Stage 3: ApiModel → every file of the package, in memory. Nothing is written here. */
export async function emitPackage(options: EmitOptions): Promise<FileSet> {
  return (await emit(options, false)).files;
}

/** emitPackage, and the JavaScript of the files it prints itself (see ScriptSet), for the build. */
export async function emitPackageWithScripts(
  options: EmitOptions,
): Promise<{ files: FileSet; scripts: ScriptSet; declarations: DeclarationSet }> {
  const { model } = options;
  const { files, scripts } = await emit(options, true);
  const declarations = new Map(Object.entries({ ...renderDefinitionDeclarations(model), 'src/client.ts': renderClientDeclaration(model) }));
  return { files, scripts: scripts ?? new Map(), declarations };
}

async function emit(options: EmitOptions, withScripts: boolean): Promise<{ files: FileSet; scripts?: ScriptSet }> {
  const { model, versions, appendix = [] } = options;
  // Started first: with `types` under way (the worker) the spec is typed while the rest renders here.
  const types = renderTypes(options);
  const files: Record<string, string> = {
    ...renderStaticFiles(model, versions, modelListSize(model), appendix),
    ...runtimeFiles(model),
    ...renderSources(model),
  };
  const scripts = withScripts ? new Map(Object.entries({ ...renderStaticScripts(model), ...renderScripts(model) })) : undefined;
  files['src/types.ts'] = await types;
  const sorted = new Map(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files: sorted, scripts };
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

/** The JavaScript of renderSources' files, the tools bundled into tools/index.js. */
function renderScripts(model: ApiModel): Record<string, string | null> {
  const scripts: Record<string, string | null> = {
    'src/api.ts': renderApi(model, false),
    'src/client.ts': renderClient(model, false),
    'src/operations.ts': renderOperations(model, false),
    'src/tools/index.ts': renderToolBundle(model),
  };
  for (const tool of model.tools) scripts[toolFilePath(tool)] = null;
  return scripts;
}

export type { PackageVersions } from './package-json.js';
