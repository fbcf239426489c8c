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
  /** sha256 of a template's text → its declaration file. */
  readonly declarations: Readonly<Record<string, string>>;
}

let loaded: { readonly scripts: ReadonlyMap<string, string>; readonly declarations: ReadonlyMap<string, string> } | undefined;

/** The JavaScript precompiled for exactly this template text, if there is any. */
export function precompiledScript(text: string): string | undefined {
  return loadPrecompiledScripts().scripts.get(sha256(text));
}

/** The declaration file precompiled for exactly this template text, if there is one. */
export function precompiledDeclaration(text: string): string | undefined {
  return loadPrecompiledScripts().declarations.get(sha256(text));
}

/** Reads the precompiled file once (precompiledScript does when first asked). */
export function loadPrecompiledScripts(): NonNullable<typeof loaded> {
  loaded ??= load();
  return loaded;
}

/** Writes the precompiled file from template texts and their JavaScript and declarations (`npm run build`). */
export function writePrecompiledScripts(
  scripts: readonly (readonly [text: string, js: string])[],
  declarations: readonly (readonly [text: string, dts: string])[],
): string {
  const file: PrecompiledFile = {
    typescript: typescriptVersion() ?? '',
    scripts: Object.fromEntries(scripts.map(([text, js]) => [sha256(text), js])),
    declarations: Object.fromEntries(declarations.map(([text, dts]) => [sha256(text), dts])),
  };
  const target = fileURLToPath(PRECOMPILED);
  writeFileSync(target, `${JSON.stringify(file)}\n`);
  loaded = undefined;
  return target;
}

function load(): NonNullable<typeof loaded> {
  const none = { scripts: new Map<string, string>(), declarations: new Map<string, string>() };
  try {
    const file = JSON.parse(readFileSync(PRECOMPILED, 'utf8')) as PrecompiledFile;
    if (file.typescript !== typescriptVersion()) return none;
    return { scripts: new Map(Object.entries(file.scripts)), declarations: new Map(Object.entries(file.declarations ?? {})) };
  } catch {
    return none; // none (run from source) or unreadable: transpile instead
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
