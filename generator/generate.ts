import { declareSources, transpilePackage, writeDeclarations } from './build/index.js';
import { printedDeclarations } from './emit/index.js';
import { writePackageAtomically } from './emit/write.js';
import { type GenerateOptions, produce, type ProducedPackage } from './produce.js';
import { TsWorker } from './workers/index.js';

export interface GeneratedPackage extends ProducedPackage {
  /** Milliseconds per stage. */
  readonly timings: ProducedPackage['timings'] & { readonly build: number; readonly write: number };
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
    // the model prints the declarations of its largest files; the worker declares the rest
    const printed = printedDeclarations(produced.model);
    const fromSrc = ([file, text]: readonly [string, string]) => [file.slice('src/'.length), text] as [string, string];
    const sources = [...produced.files].filter(([file]) => file.startsWith('src/') && !printed.has(file)).map(fromSrc);
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
            writeDeclarations(dir, [...[...printed].map(fromSrc), ...((await declaring) ?? declareSources(sources))]);
            buildTime = performance.now() - buildStarted;
          },
    );
    const write = performance.now() - started - buildTime;
    return { ...produced, timings: { ...produced.timings, build: buildTime, write } };
  } finally {
    worker?.close();
  }
}
