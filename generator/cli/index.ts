#!/usr/bin/env node
import { TsWorker } from '../workers/index.js';

// generate and check type the spec on a worker thread, which spends its first second loading
// openapi-typescript: start it before the rest of mcpgen loads. An unused worker does not keep
// the process alive.
if (['generate', 'check', 'watch'].includes(process.argv[2] ?? '')) TsWorker.prestart();
const { processOutput } = await import('./output.js');
const { runProgram } = await import('./program.js');

process.exitCode = await runProgram(process.argv.slice(2), processOutput);
