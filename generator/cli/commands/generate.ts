import { generate } from '../../index.js';
import { formatIssue } from '../../issues.js';
import { installNote, unresolvedDependencies } from '../dependencies.js';
import type { Output } from '../output.js';
import { resolveSpecs } from '../specs.js';

export interface GenerateFlags {
  readonly allowRemoteRefs?: boolean;
  readonly build: boolean;
  readonly out?: string;
}

export async function runGenerate(output: Output, given: readonly string[], flags: GenerateFlags): Promise<void> {
  const root = process.cwd();
  for (const spec of resolveSpecs(given, flags.out, root)) {
    const started = performance.now();
    const result = await generate(spec, {
      root,
      build: flags.build,
      ...(flags.out ? { outDir: flags.out } : {}),
      ...(flags.allowRemoteRefs ? { allowRemoteRefs: true } : {}),
    });
    for (const warning of result.warnings) output.err(`  ${formatIssue(warning)}\n`);
    const missing = unresolvedDependencies(result.outDir, result.files.get('package.json'));
    if (missing.length > 0) output.err(installNote(result.outDir, missing));
    output.out(
      `${summaryLine(spec, result.outDir, result.model.tools.length, result.files.size, result.listSize.bytes, performance.now() - started, flags.build)}\n`,
    );
  }
}

export function summaryLine(spec: string, outDir: string, tools: number, files: number, bytes: number, ms: number, built: boolean): string {
  const relative = outDir.startsWith(process.cwd()) ? outDir.slice(process.cwd().length + 1) : outDir;
  return `${spec} → ${relative}: ${tools} tools, ${files} files, tools/list ${bytes} B${built ? ', built' : ''} in ${Math.round(ms)} ms`;
}
