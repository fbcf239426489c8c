import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The runtime (templates/runtime/*.ts) is the same in every package, so `npm run build`
 * transpiles it once (precompile-runtime.ts) into this file beside the compiled build module,
 * dist/generator/build/. Run from source (tsx, vitest) there is none and the build transpiles.
 */
const PRECOMPILED = new URL('./runtime-scripts.json', import.meta.url);

interface PrecompiledFile {
  /** The compiler that made them: another one (after an upgrade) may print other JavaScript. */
  readonly typescript: string;
  /** sha256 of a template's text → its JavaScript. */
  readonly scripts: Readonly<Record<string, string>>;
}

let loaded: ReadonlyMap<string, string> | undefined;

/** The JavaScript precompiled for exactly this template text, if there is any. */
export function precompiledScript(text: string): string | undefined {
  return loadPrecompiledScripts().get(sha256(text));
}

/** Reads the precompiled file once (precompiledScript does when first asked). */
export function loadPrecompiledScripts(): ReadonlyMap<string, string> {
  loaded ??= load();
  return loaded;
}

/** Writes the precompiled file from template texts and their JavaScript (`npm run build`). */
export function writePrecompiledScripts(scripts: readonly (readonly [text: string, js: string])[]): string {
  const file: PrecompiledFile = {
    typescript: typescriptVersion() ?? '',
    scripts: Object.fromEntries(scripts.map(([text, js]) => [sha256(text), js])),
  };
  const target = fileURLToPath(PRECOMPILED);
  writeFileSync(target, `${JSON.stringify(file)}\n`);
  loaded = undefined;
  return target;
}

function load(): ReadonlyMap<string, string> {
  try {
    const file = JSON.parse(readFileSync(PRECOMPILED, 'utf8')) as PrecompiledFile;
    if (file.typescript !== typescriptVersion()) return new Map();
    return new Map(Object.entries(file.scripts));
  } catch {
    return new Map(); // none (run from source) or unreadable: transpile instead
  }
}

function typescriptVersion(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('typescript/package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
