import { buildFile, declareFiles, type Transpiled, writeDist } from './build/index.js';
import type { DeclarationSet, FileSet, ScriptSet } from './emit/index.js';
import type { TsWorker } from './workers/index.js';

/** A package just written to `dir`, and what its emit printed besides its files. */
export interface EmittedPackage {
  readonly dir: string;
  readonly files: FileSet;
  readonly scripts: ScriptSet;
  readonly declarations: DeclarationSet;
  readonly worker: TsWorker | undefined;
}

/**
 * buildPackage over the files just written to `dir`: the JavaScript emitted with them where there
 * is some (`scripts`), else buildFile, on the worker when there is one (it has built src/types.ts
 * ahead, has the compiler loaded should anything need transpiling, and is otherwise idle); the
 * declaration files likewise: printed with the emit (`declarations`), else declareFiles.
 */
export async function buildEmitted({ dir, files, scripts, declarations, worker }: EmittedPackage): Promise<void> {
  const sources = [...files].filter(([relative]) => /^src\/.*(?<!\.d)\.ts$/.test(relative));
  const printed = [...declarations].map(([file, text]) => [file.slice('src/'.length), { js: text }] as [string, Transpiled]);
  // the rest (runtime, types, index and server) asked first: the worker declares them while this thread sorts out the JavaScript
  const undeclared = sources.filter(([file]) => !declarations.has(file)).map(([file, text]) => [file.slice('src/'.length), text] as const);
  const declaring = worker?.declare(undeclared).catch(() => undefined);
  const built = new Map<string, Transpiled>();
  const rest: [string, string][] = [];
  for (const [file, text] of sources) {
    const script = scripts.get(file);
    if (script === undefined) rest.push([file.slice('src/'.length), text]);
    else if (script !== null) built.set(file.slice('src/'.length), { js: script });
  }
  if (rest.length > 0) {
    const results = (worker && (await worker.transpile(rest).catch(() => undefined))) ?? inProcess(rest);
    for (const [relative, result] of results) built.set(relative, result);
  }
  const outputs: [string, Transpiled][] = [];
  for (const [file] of sources) {
    if (scripts.get(file) === null) continue;
    const relative = file.slice('src/'.length);
    // the transpile stops at the first error, which writeDist reports
    const result = built.get(relative) ?? { error: 'not built' };
    outputs.push([relative, result]);
    if ('error' in result) break;
  }
  writeDist(dir, outputs, [...printed, ...((await declaring) ?? declareFiles(undeclared))]);
}

function inProcess(files: readonly (readonly [string, string])[]): [string, Transpiled][] {
  const outputs: [string, Transpiled][] = [];
  for (const [relative, text] of files) {
    const result = buildFile(text, relative);
    outputs.push([relative, result]);
    if ('error' in result) break;
  }
  return outputs;
}
