import { readFileSync } from 'node:fs';
import path from 'node:path';
import { declareSources, readSources, transpilePackage, writeDeclarations } from './build/index.js';
import { emitPackage, type FileSet, type PackageVersions } from './emit/index.js';
import { modelListSize } from './emit/list-size.js';
import { packageRoot } from './emit/paths.js';
import { typesHeader } from './emit/render-types.js';
import { diffPackage, type PackageDiff, writePackageAtomically } from './emit/write.js';
import { SpecValidationError } from './errors.js';
import { type Issue, joinPointer } from './issues.js';
import { checkFileAccess, type FileAccess, fileAccessFor, refusalMessage } from './load/file-access.js';
import { loadSpec } from './load/index.js';
import { buildModel } from './model/index.js';
import type { ApiModel } from './model/types.js';
import { TsWorker } from './workers/index.js';

export interface GenerateOptions {
  /** Folders besides the spec's own that `$ref`s and README appendices may read. */
  readonly allowFiles?: readonly string[];
  readonly allowRemoteRefs?: boolean;
  /** Run the transpile build so the server starts at once (default true). */
  readonly build?: boolean;
  /** Output folder; default `<root>/generated/<api name>`. */
  readonly outDir?: string;
  /** Project root: spec paths in headers are relative to it (default cwd). */
  readonly root?: string;
}

export interface GeneratedPackage {
  readonly files: FileSet;
  readonly listSize: { readonly bytes: number; readonly tokens: number };
  readonly model: ApiModel;
  readonly outDir: string;
  /** Milliseconds per stage. */
  readonly timings: {
    readonly build: number;
    readonly emit: number;
    readonly load: number;
    readonly model: number;
    readonly write: number;
  };
  readonly warnings: readonly Issue[];
}

/** Load → model → emit in memory; nothing touches the output folder. */
export async function producePackage(
  specPath: string,
  options: GenerateOptions = {},
): Promise<Omit<GeneratedPackage, 'timings'> & { timings: { emit: number; load: number; model: number } }> {
  const worker = TsWorker.start();
  try {
    return await produce(specPath, options, worker);
  } finally {
    worker?.close();
  }
}

/**
 * `worker` (started before the spec is read, so it loads openapi-typescript meanwhile) types
 * the spec while this thread builds the model and renders the rest.
 */
async function produce(specPath: string, options: GenerateOptions, worker: TsWorker | undefined) {
  const root = options.root ?? process.cwd();
  let started = performance.now();
  const spec = await loadSpec(specPath, {
    root,
    ...(options.allowRemoteRefs ? { allowRemoteRefs: true } : {}),
    ...(options.allowFiles ? { allowFiles: options.allowFiles } : {}),
  });
  const load = performance.now() - started;
  // Typing needs only the loaded document, so the worker starts now and types while this
  // thread builds the model: on large specs typing is the longest stage.
  const earlyHeader = typesHeader({ file: spec.file, hash: spec.hash });
  const earlyTypes = worker?.types(spec.document, earlyHeader);
  earlyTypes?.catch(() => undefined); // awaited below, unless the model fails first
  started = performance.now();
  const { model, warnings } = buildModel(spec);
  const modelTime = performance.now() - started;
  started = performance.now();
  // emit asks for the types of this same document under this same header: they are under way
  const renderer = earlyTypes ? () => earlyTypes : undefined;
  const files = await emitPackage(
    model,
    spec.document,
    packageVersions(),
    readAppendix(model, fileAccessFor(specPath, options.allowFiles, root)),
    renderer,
  );
  const emit = performance.now() - started;
  const outDir = options.outDir ? path.resolve(root, options.outDir) : path.join(root, 'generated', model.name);
  return {
    files,
    listSize: modelListSize(model),
    model,
    outDir,
    timings: { emit, load, model: modelTime },
    warnings,
  };
}

/**
 * Generates one spec into its package folder, atomically, and builds it unless told not to
 * (buildPackage's work: the worker, which has the compiler loaded, declares the files while
 * they are written and esbuild transpiles them).
 */
export async function generate(specPath: string, options: GenerateOptions = {}): Promise<GeneratedPackage> {
  const worker = TsWorker.start();
  try {
    const produced = await produce(specPath, options, worker);
    const sources = [...produced.files]
      .filter(([file]) => file.startsWith('src/'))
      .map(([file, text]) => [file.slice('src/'.length), text] as const);
    const declaring = options.build === false ? undefined : worker?.declare(sources).catch(() => undefined);
    let buildTime = 0;
    const started = performance.now();
    await writePackageAtomically(
      produced.outDir,
      produced.files,
      options.build === false
        ? undefined
        : async (dir) => {
            const buildStarted = performance.now();
            transpilePackage(dir);
            writeDeclarations(dir, (await declaring) ?? declareSources(readSources(dir)));
            buildTime = performance.now() - buildStarted;
          },
    );
    const write = performance.now() - started - buildTime;
    return { ...produced, timings: { ...produced.timings, build: buildTime, write } };
  } finally {
    worker?.close();
  }
}

export interface CheckResult extends PackageDiff {
  readonly model: ApiModel;
  readonly outDir: string;
}

/** Compares a package on disk with what its spec produces now. */
export async function check(specPath: string, options: GenerateOptions = {}): Promise<CheckResult> {
  const produced = await producePackage(specPath, options);
  return { ...diffPackage(produced.outDir, produced.files), model: produced.model, outDir: produced.outDir };
}

/** The README appendix files named by x-mcp readme, relative to the spec's folder and inside `access`. */
function readAppendix(model: ApiModel, access: FileAccess): string[] {
  const refuse = (index: number, code: string, message: string): never => {
    const pointer = joinPointer('/x-mcp/readme', index);
    throw new SpecValidationError(`${model.source.file}#${pointer}: ${message}`, [
      { code, file: model.source.file, message, pointer, severity: 'error' },
    ]);
  };
  return model.readmeAppendix.map((file, index) => {
    const { real, refused } = checkFileAccess(access, path.resolve(access.specFolder, file));
    if (refused) return refuse(index, 'file-outside-spec-folder', refusalMessage(`README appendix ${file}`, real));
    try {
      return readFileSync(real, 'utf8');
    } catch {
      return refuse(index, 'missing-readme-file', `README appendix ${file} not found`);
    }
  });
}

let versions: PackageVersions | undefined;

/** Generated packages depend on the same versions mcpgen itself is tested with. */
function packageVersions(): PackageVersions {
  if (versions) return versions;
  const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const pick = (name: string) => manifest.dependencies[name] ?? manifest.devDependencies[name] ?? '*';
  versions = {
    dependencies: Object.fromEntries(
      [
        '@jitl/quickjs-wasmfile-release-sync',
        '@modelcontextprotocol/sdk',
        'ajv',
        'ajv-formats',
        'esbuild',
        'ioredis',
        'minisearch',
        'quickjs-emscripten-core',
        're2js',
        'stemmer',
      ].map((name) => [name, pick(name)]),
    ),
    typescript: pick('typescript'),
    typesNode: pick('@types/node'),
  };
  return versions;
}

export { buildPackage, typecheckPackage } from './build/index.js';
export * from './errors.js';
export type { Issue } from './issues.js';
export { loadSpec } from './load/index.js';
export { buildModel } from './model/index.js';
export type { ApiModel, ToolModel } from './model/types.js';
