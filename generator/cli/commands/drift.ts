import { readFileSync } from 'node:fs';
import { driftReport, formatDriftReport } from '../../drift/report.js';
import { ConfigError } from '../../errors.js';
import type { Output } from '../output.js';

/** Prints the drift a server logged (JSON lines on its stderr), grouped per tool, pointer and kind. */
export function runDrift(output: Output, files: readonly string[], flags: { json?: boolean }): void {
  const logs = files.map((file) => {
    try {
      return { name: file, text: readFileSync(file, 'utf8') };
    } catch (error) {
      throw new ConfigError(`cannot read log ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  });
  const report = driftReport(logs);
  output.out(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatDriftReport(report));
}
