#!/usr/bin/env node
import { processOutput } from './output.js';
import { runProgram } from './program.js';

process.exitCode = await runProgram(process.argv.slice(2), processOutput);
