import path from 'node:path';
import { type GeneratedPackage, generate } from '../../generate.js';
import { formatIssue } from '../../issues.js';
import type { GenerateOptions } from '../../produce.js';
import { installNote, unresolvedDependencies } from '../dependencies.js';
import { issueJson, type JsonReport } from '../json-report.js';
import { type Output, shownFolder } from '../output.js';
import { resolveSpecs } from '../specs.js';

export interface GenerateFlags extends Pick<GenerateOptions, 'allowFiles' | 'allowRemoteRefs'> {
  readonly build: boolean;
  readonly out?: string;
}

/** Generates each spec; with a report (--json) the results go into it instead of the summary lines. */
export async function runGenerate(output: Output, given: readonly string[], flags: GenerateFlags, report?: JsonReport): Promise<void> {
  const root = process.cwd();
  for (const spec of resolveSpecs(given, flags.out, root)) {
    const started = performance.now();
    const result = await generate(spec, { ...flags, root, outDir: flags.out });
    const ms = Math.round(performance.now() - started);
    // What a stdio client config names as its command before the package is published.
    const bin = flags.build ? path.resolve(result.outDir, 'dist', 'bin.js') : null;
    if (report) {
      report.specs.push({
        spec,
        outDir: result.outDir,
        tools: result.model.tools.length,
        files: result.files.size,
        toolsListBytes: result.listSize.bytes,
        built: flags.build,
        bin,
        ms,
        warnings: result.warnings.map(issueJson),
      });
      continue;
    }
    for (const warning of result.warnings) output.err(`  ${formatIssue(warning)}\n`);
    const missing = unresolvedDependencies(result.outDir, result.files.get('package.json'));
    if (missing.length > 0) output.err(installNote(result.outDir, missing));
    output.out(`${summaryLine(spec, result, ms, flags.build)}\n`);
    if (bin) output.out(`  stdio: node ${bin}\n`);
  }
}

/** One line per generated package, as generate, watch and demo print it. */
export function summaryLine(spec: string, result: GeneratedPackage, ms: number, built: boolean): string {
  const { outDir, model, files, listSize } = result;
  const counts = `${model.tools.length} tools, ${files.size} files, tools/list ${listSize.bytes} B`;
  return `${spec} → ${shownFolder(outDir)}: ${counts}${built ? ', built' : ''} in ${Math.round(ms)} ms`;
}
