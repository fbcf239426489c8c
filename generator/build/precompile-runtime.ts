/**
 * `npm run build`, after tsc: declares templates/runtime/*.ts once, as a package build would
 * (transpileDeclaration), into dist/generator/build/runtime-declarations.json (see there).
 */
import { typescript } from '../code-cache.js';
import { runtimeTemplates } from '../emit/runtime-files.js';
import { transpileDeclaration } from './index.js';
import { writePrecompiledDeclarations } from './runtime-declarations.js';

writePrecompiledDeclarations(
  typescript().version,
  runtimeTemplates().map(({ name, text }) => [text, transpileDeclaration(text, `runtime/${name}`)]),
);
