import { buildEmitted } from './build-emitted.js';
import { writePackageAtomically } from './emit/write.js';
import { type GenerateOptions, produce, type ProducedPackage } from './produce.js';
import { TsWorker } from './workers/index.js';

export interface GeneratedPackage extends ProducedPackage {
  /** Milliseconds per stage. */
  readonly timings: ProducedPackage['timings'] & { readonly build: number; readonly write: number };
}

/** Generates one spec into its package folder, atomically, and builds it unless told not to. */
export async function generate(specPath: string, options: GenerateOptions = {}): Promise<GeneratedPackage> {
  const worker = TsWorker.start();
  try {
    const { scripts, declarations, ...produced } = await produce(specPath, options, worker);
    let buildTime = 0;
    const started = performance.now();
    await writePackageAtomically(
      produced.outDir,
      produced.files,
      options.build === false
        ? undefined
        : async (dir) => {
            const buildStarted = performance.now();
            await buildEmitted({ dir, files: produced.files, scripts, declarations, worker });
            buildTime = performance.now() - buildStarted;
          },
    );
    const write = performance.now() - started - buildTime;
    return { ...produced, timings: { ...produced.timings, build: buildTime, write } };
  } finally {
    worker?.close();
  }
}
