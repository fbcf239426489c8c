import path from 'node:path';
import { emitPackage, type FileSet } from './emit/index.js';
import { type ListSize, modelListSize } from './emit/list-size.js';
import { typesHeader } from './emit/render-types.js';
import type { Issue } from './issues.js';
import { fileAccessFor } from './load/file-access.js';
import { loadSpec } from './load/index.js';
import { buildModel } from './model/index.js';
import type { ApiModel } from './model/types.js';
import { packageVersions } from './package-versions.js';
import { readAppendix } from './readme-appendix.js';
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

export interface ProducedPackage {
  readonly files: FileSet;
  readonly listSize: ListSize;
  readonly model: ApiModel;
  readonly outDir: string;
  /** Milliseconds per stage. */
  readonly timings: { readonly emit: number; readonly load: number; readonly model: number };
  readonly warnings: readonly Issue[];
}

/** Load → model → emit in memory; nothing touches the output folder. */
export async function producePackage(specPath: string, options: GenerateOptions = {}): Promise<ProducedPackage> {
  const worker = TsWorker.start();
  try {
    return await produce(specPath, options, worker);
  } finally {
    worker?.close();
  }
}

/** producePackage with a `worker`, started before the spec is read so that it loads openapi-typescript meanwhile. */
export async function produce(specPath: string, options: GenerateOptions, worker: TsWorker | undefined): Promise<ProducedPackage> {
  const root = options.root ?? process.cwd();
  let started = performance.now();
  const spec = await loadSpec(specPath, { root, allowRemoteRefs: options.allowRemoteRefs, allowFiles: options.allowFiles });
  const load = performance.now() - started;
  // Typing needs only the loaded document, so the worker starts now and types while this
  // thread builds the model: on large specs typing is the longest stage.
  const types = worker?.types(spec.document, typesHeader({ file: spec.file, hash: spec.hash }));
  types?.catch(() => undefined); // awaited by the emit, unless the model fails first
  started = performance.now();
  const { model, warnings } = buildModel(spec);
  const modelTime = performance.now() - started;
  started = performance.now();
  const appendix = readAppendix(model, fileAccessFor(specPath, options.allowFiles, root));
  const files = await emitPackage({ model, document: spec.document, versions: packageVersions(), appendix, types });
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
