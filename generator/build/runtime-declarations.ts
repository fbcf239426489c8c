import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The runtime (templates/runtime/*.ts) is the same in every package, so `npm run build` declares
 * it once (precompile-runtime.ts) into this file beside the compiled build module: the compiler
 * spends more on the runtime's declaration files than on everything else a build does
 * (ARCHITECTURE.md). Run from source (tsx, vitest) there is none and the build declares them
 * (declarations.test.ts checks both give the same files).
 */
const PRECOMPILED = new URL('./runtime-declarations.json', import.meta.url);

interface PrecompiledFile {
  /** The compiler that made them: another one (after an upgrade) may print other declarations. */
  readonly typescript: string;
  /** sha256 of a template's text → its declaration file. */
  readonly declarations: Readonly<Record<string, string>>;
}

let loaded: ReadonlyMap<string, string> | undefined;

/** The declaration file that compiler `typescript` made when mcpgen was built for exactly this template text, if there is one. */
export function precompiledDeclaration(text: string, typescript: string): string | undefined {
  loaded ??= load(typescript);
  return loaded.get(sha256(text));
}

/** Writes the precompiled file from template texts and their declaration files (`npm run build`). */
export function writePrecompiledDeclarations(typescript: string, declarations: readonly (readonly [text: string, dts: string])[]): void {
  const file: PrecompiledFile = { typescript, declarations: Object.fromEntries(declarations.map(([text, dts]) => [sha256(text), dts])) };
  writeFileSync(fileURLToPath(PRECOMPILED), `${JSON.stringify(file)}\n`);
  loaded = undefined;
}

function load(typescript: string): ReadonlyMap<string, string> {
  try {
    const file = JSON.parse(readFileSync(PRECOMPILED, 'utf8')) as PrecompiledFile;
    return file.typescript === typescript ? new Map(Object.entries(file.declarations)) : new Map();
  } catch {
    return new Map(); // none (run from source) or unreadable: the build declares them
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
