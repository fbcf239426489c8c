/**
 * `npm run build`, after tsc: transpiles templates/runtime/*.ts once, as the package build would
 * (transpileFile), with its declarations, into dist/generator/build/runtime-scripts.json, so that `mcpgen generate` copies
 * the runtime's JavaScript instead of transpiling the same files for every package. A template
 * that does not transpile is left out: the package build transpiles it and reports the error.
 */
import { runtimeTemplates } from '../emit/runtime-files.js';
import { transpileDeclaration, transpileFile } from './index.js';
import { writePrecompiledScripts } from './runtime-scripts.js';

const scripts: [string, string][] = [];
const declarations: [string, string][] = [];
for (const { name, text } of runtimeTemplates()) {
  const result = transpileFile(text, `runtime/${name}`);
  if ('js' in result) scripts.push([text, result.js]);
  const declared = transpileDeclaration(text, `runtime/${name}`);
  if ('js' in declared) declarations.push([text, declared.js]);
}
writePrecompiledScripts(scripts, declarations);
