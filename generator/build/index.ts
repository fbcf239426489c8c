import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type TypeScript from 'typescript';
import { requireWithCodeCache } from '../code-cache.js';
import { EmitError } from '../errors.js';
import { bundleBin } from './bundle-bin.js';

type Esbuild = typeof import('esbuild');

// Loaded on first use: `generate --no-build`, `check` and `list` need neither.
let compiler: typeof TypeScript | undefined;
function typescript(): typeof TypeScript {
  compiler ??= requireWithCodeCache('typescript') as typeof TypeScript;
  return compiler;
}
let esbuild: Esbuild | undefined;
function loadEsbuild(): Esbuild {
  esbuild ??= createRequire(import.meta.url)('esbuild') as Esbuild;
  return esbuild;
}

/**
 * Makes a package runnable, without type checking (that is `typecheckPackage`'s job, in CI), so
 * a server is usable in seconds: dist/ from src/ alone, replaced whole.
 * - dist/**\/*.js: every src/**\/*.ts transpiled by esbuild (one call; it works the files in parallel);
 * - dist/**\/*.d.ts: the compiler's declarations (declareFile), so that a consumer type-checks our
 *   declarations, not our sources under its own flags;
 * - dist/bin.js: then bundled (bundleBin).
 * Throws an EmitError naming the file and line of the first file that does not build.
 */
export function buildPackage(dir: string): void {
  const sources = readSources(dir);
  const out = path.join(dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  transpileSources(dir, sources.map(([relative]) => relative));
  for (const [relative, text] of sources) {
    const declaration = declareFile(text, relative);
    if (declaration === undefined) continue;
    const target = path.join(out, relative.replace(/\.ts$/, '.d.ts'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, declaration);
  }
  chmodSync(path.join(out, 'bin.js'), 0o755);
  bundleBin(dir, loadEsbuild());
}

/** src/<relative>.ts → dist/<relative>.js for each file, as esbuild transpiles them (the package's tsconfig.json applies). */
function transpileSources(dir: string, relatives: readonly string[]): void {
  const src = path.join(dir, 'src');
  try {
    loadEsbuild().buildSync({
      absWorkingDir: dir,
      entryPoints: relatives.map((relative) => path.join(src, relative)),
      outbase: src,
      outdir: path.join(dir, 'dist'),
      format: 'esm',
      platform: 'node',
      target: 'node20',
      charset: 'utf8',
      logLevel: 'silent',
    });
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
    const where = first?.location ? `${path.resolve(dir, first.location.file)} failed: line ${first.location.line}: ` : `${src} failed: `;
    throw new EmitError(`build of ${where}${first?.text ?? (error instanceof Error ? error.message : String(error))}`, { cause: error });
  }
}

/**
 * src/<relative>.ts's declaration file (dist/<relative>.d.ts), or undefined for a file dist/index.d.ts
 * does not reach (bin.ts; each tool, typed through tools/index.ts). Made without a type check
 * (isolated declarations: every export states its type); throws on an export whose type is not written out.
 */
export function declareFile(text: string, relative: string): string | undefined {
  if (relative === 'bin.ts' || /^tools\/[^/]+\//.test(relative)) return undefined;
  const ts = typescript();
  const result = ts.transpileDeclaration(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    fileName: relative,
    reportDiagnostics: true,
  });
  const problem = result.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (!problem) return result.outputText;
  const line = problem.file && problem.start !== undefined ? problem.file.getLineAndCharacterOfPosition(problem.start).line + 1 : 0;
  throw new EmitError(`declaration file of src/${relative} failed: line ${line}: ${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}`);
}

/** The package's src/**\/*.ts, package-relative to src/, with their text. */
export function readSources(dir: string): [string, string][] {
  const source = path.join(dir, 'src');
  return listTypeScript(source).map((relative) => [relative, readFileSync(path.join(source, relative), 'utf8')]);
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
