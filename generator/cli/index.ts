#!/usr/bin/env node
import { TsWorker } from '../workers/index.js';

// generate and check type the spec on a worker thread, which spends its first second loading
// openapi-typescript: start it before the rest of mcpgen loads. An unused worker does not keep
// the process alive.
if (['generate', 'check', 'watch'].includes(process.argv[2] ?? '')) TsWorker.prestart();
const { processOutput } = await import('./output.js');
const { runProgram } = await import('./program.js');

// `mcpgen list x.yaml | head` closes our stdout early: that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await runProgram(process.argv.slice(2), processOutput);
TsWorker.discardPrestarted();
