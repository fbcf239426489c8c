import { diffPackage, type PackageDiff } from './emit/write.js';
import type { ApiModel } from './model/types.js';
import { type GenerateOptions, producePackage } from './produce.js';

export interface CheckResult extends PackageDiff {
  readonly model: ApiModel;
  readonly outDir: string;
}

/** Compares a package on disk with what its spec produces now. */
export async function check(specPath: string, options: GenerateOptions = {}): Promise<CheckResult> {
  const produced = await producePackage(specPath, options);
  return { ...diffPackage(produced.outDir, produced.files), model: produced.model, outDir: produced.outDir };
}
