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
import { type PackageVersions, renderStaticFiles, renderStaticScripts } from './render-templates.js';
import { renderTypes, type TypesRenderer } from './render-types.js';
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

/** Stage 3: ApiModel → every file of the package, in memory. Nothing is written here. */
/** `appendix`: the texts of the spec's x-mcp readme files, read by the caller; `typesRenderer`: see renderTypes. */
export async function emitPackage(
  model: ApiModel,
  document: Record<string, unknown>,
  versions: PackageVersions,
  appendix: readonly string[] = [],
  typesRenderer?: TypesRenderer,
): Promise<FileSet> {
  return (await emit(model, document, versions, appendix, typesRenderer, false)).files;
}

/** emitPackage, and the JavaScript of the files it prints itself (see ScriptSet), for the build. */
export async function emitPackageWithScripts(
  model: ApiModel,
  document: Record<string, unknown>,
  versions: PackageVersions,
  appendix: readonly string[] = [],
  typesRenderer?: TypesRenderer,
): Promise<{ files: FileSet; scripts: ScriptSet; declarations: DeclarationSet }> {
  const { files, scripts } = await emit(model, document, versions, appendix, typesRenderer, true);
  const declarations = new Map(Object.entries({ ...renderDefinitionDeclarations(model), 'src/client.ts': renderClientDeclaration(model) }));
  return { files, scripts: scripts ?? new Map(), declarations };
}

async function emit(
  model: ApiModel,
  document: Record<string, unknown>,
  versions: PackageVersions,
  appendix: readonly string[],
  typesRenderer: TypesRenderer | undefined,
  withScripts: boolean,
): Promise<{ files: FileSet; scripts?: ScriptSet }> {
  // Started first: with a typesRenderer (the worker) the spec is typed while the rest renders here.
  const types = renderTypes(model, document, typesRenderer);
  const files: Record<string, string> = {
    ...renderStaticFiles(model, versions, modelListSize(model), appendix),
    ...runtimeFiles(model),
    ...renderSources(model),
  };
  const scripts = withScripts ? new Map(Object.entries({ ...renderStaticScripts(model), ...renderScripts(model) })) : undefined;
  files['src/types.ts'] = await types;
  const sorted = new Map(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return scripts ? { files: sorted, scripts } : { files: sorted };
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

export type { PackageVersions } from './render-templates.js';
