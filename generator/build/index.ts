import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type TypeScript from 'typescript';
import { requireWithCodeCache } from '../code-cache.js';
import { splitRuntimeHeader } from '../emit/header.js';
import { EmitError } from '../errors.js';
import { bundleBin } from './bundle-bin.js';
import { precompiledDeclaration, precompiledScript } from './runtime-scripts.js';
import { typeOnlyScript } from './type-only.js';

// The compiler is loaded on first use: `generate --no-build`, `check` and `list` never need it.
let compiler: typeof TypeScript | undefined;
function typescript(): typeof TypeScript {
  compiler ??= requireWithCodeCache('typescript') as typeof TypeScript;
  return compiler;
}

/** One file's build output: its JavaScript, or the first syntax error. */
export type Transpiled = { readonly js: string } | { readonly error: string };

/** src/<relative>.ts → JavaScript, without type checking (syntax errors only). */
export function transpileFile(text: string, relative: string): Transpiled {
  const ts = typescript();
  const result = ts.transpileModule(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, sourceMap: false },
    fileName: relative,
    reportDiagnostics: true,
  });
  const problem = result.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  return problem ? { error: ts.flattenDiagnosticMessageText(problem.messageText, '\n') } : { js: result.outputText };
}

/**
 * The build of one file (relative to src/), with the compiler only where it is needed:
 * - types.ts, when it only declares types (typeOnlyScript) → `export {};`;
 * - runtime/*.ts, a template under the runtime header → the header + the template's JavaScript,
 *   precompiled when mcpgen was built (runtime-scripts.ts), else transpiled;
 * - anything else → transpileFile.
 */
export function buildFile(text: string, relative: string): Transpiled {
  const ready = buildWithoutCompiler(text, relative);
  if (ready) return ready;
  const runtime = relative.startsWith('runtime/') ? splitRuntimeHeader(text) : undefined;
  if (!runtime) return transpileFile(text, relative);
  const result = transpileFile(runtime.body, relative);
  return 'js' in result ? { js: runtime.header + result.js } : result;
}

/** buildFile's result when it needs no compiler, else undefined. */
export function buildWithoutCompiler(text: string, relative: string): Transpiled | undefined {
  if (relative === 'types.ts') {
    const js = typeOnlyScript(text);
    if (js !== undefined) return { js };
  } else if (relative.startsWith('runtime/')) {
    const runtime = splitRuntimeHeader(text);
    const js = runtime && precompiledScript(runtime.body);
    if (runtime && js !== undefined) return { js: runtime.header + js };
  }
  return undefined;
}

/**
 * src/<relative>.ts's declaration file (dist/<relative>.d.ts), so that a consumer type-checks our
 * declarations, not our sources under its own flags; undefined for a file the package ships no
 * module for (bin.ts, and each tool, whose code is in tools/index.js). Declarations come without
 * a type check (isolated declarations: every export states its type):
 * - types.ts, when it only declares types, is its own declaration;
 * - runtime/*.ts → the header + the template's, precompiled when mcpgen was built, else made here;
 * - anything else → the compiler's transpileDeclaration.
 */
export function declareFile(text: string, relative: string): Transpiled | undefined {
  if (relative === 'bin.ts' || /^tools\/[^/]+\//.test(relative)) return undefined;
  if (relative === 'types.ts' && typeOnlyScript(text) !== undefined) return { js: text };
  const runtime = relative.startsWith('runtime/') ? splitRuntimeHeader(text) : undefined;
  if (!runtime) return transpileDeclaration(text, relative);
  const ready = precompiledDeclaration(runtime.body);
  const result = ready === undefined ? transpileDeclaration(runtime.body, relative) : { js: ready };
  return 'js' in result ? { js: runtime.header + result.js } : result;
}

/** src/<relative>.ts → its .d.ts text, or the first error (an export whose type is not written out). */
export function transpileDeclaration(text: string, relative: string): Transpiled {
  const ts = typescript();
  const result = ts.transpileDeclaration(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    fileName: relative,
    reportDiagnostics: true,
  });
  const problem = result.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (!problem) return { js: result.outputText };
  const line = problem.file && problem.start !== undefined ? problem.file.getLineAndCharacterOfPosition(problem.start).line + 1 : 0;
  return { error: `line ${line}: ${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}` };
}

/** declareFile over the files given, stopping at the first error. */
export function declareFiles(files: readonly (readonly [string, string])[]): [string, Transpiled][] {
  const outputs: [string, Transpiled][] = [];
  for (const [relative, text] of files) {
    const result = declareFile(text, relative);
    if (result === undefined) continue;
    outputs.push([relative, result]);
    if ('error' in result) break;
  }
  return outputs;
}

/** The package's src/**\/*.ts, package-relative to src/, with their text. */
export function readSources(dir: string): [string, string][] {
  const source = path.join(dir, 'src');
  return listTypeScript(source).map((relative) => [relative, readFileSync(path.join(source, relative), 'utf8')]);
}

/**
 * Writes dist/ from transpiled sources and their declarations (each in the order given), or
 * throws on the first failure; then bundles the bin.
 */
export function writeDist(
  dir: string,
  outputs: readonly (readonly [string, Transpiled])[],
  declarations: readonly (readonly [string, Transpiled])[] = [],
): void {
  const out = path.join(dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  const folders = new Set<string>();
  const files = [
    ...outputs.map(([relative, result]) => [relative, result, '.js'] as const),
    ...declarations.map(([relative, result]) => [relative, result, '.d.ts'] as const),
  ];
  for (const [relative, result, extension] of files) {
    if ('error' in result) {
      const what = extension === '.js' ? 'build' : 'declaration file';
      throw new EmitError(`${what} of ${path.join(dir, 'src', relative)} failed: ${result.error}`);
    }
    const target = path.join(out, relative.replace(/\.ts$/, extension));
    if (!folders.has(path.dirname(target))) mkdirSync(path.dirname(target), { recursive: true });
    folders.add(path.dirname(target));
    writeFileSync(target, result.js);
    if (relative === 'bin.ts') chmodSync(target, 0o755);
  }
  if (outputs.some(([relative]) => relative === 'bin.ts')) bundleBin(dir);
}

/**
 * Makes a package runnable: src/**\/*.ts → dist/**\/*.js, file by file (buildFile), without
 * type checking (that is `typecheckPackage`'s job, in CI), so a server is usable in seconds.
 */
export function buildPackage(dir: string): void {
  const sources = readSources(dir);
  const outputs: [string, Transpiled][] = [];
  for (const [relative, text] of sources) {
    const result = buildFile(text, relative);
    outputs.push([relative, result]);
    if ('error' in result) break;
  }
  writeDist(dir, outputs, declareFiles(sources));
}

/** Full `tsc --noEmit` over a package; returns the diagnostics as text (empty when clean). */
export function typecheckPackage(dir: string): string[] {
  const ts = typescript();
  const configPath = path.join(dir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${path.relative(dir, diagnostic.file.fileName)}:${line + 1}:${character + 1}: ${message}`;
  });
}

function listTypeScript(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listTypeScript(root, relative);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}
