import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BuildOptions, Message } from 'esbuild';
import { typescript } from '../code-cache.js';
import { runtimeTemplates } from '../emit/runtime-files.js';
import { listFiles } from '../emit/write.js';
import { EmitError } from '../errors.js';
import { bundleOptions } from './bundle.js';
import { precompiledDeclaration } from './runtime-declarations.js';

// Loaded on first use: `generate --no-build`, `check` and `list` do not build.
let esbuild: typeof import('esbuild') | undefined;

/**
 * Makes a package runnable, without type checking (that is `typecheckPackage`'s job, in CI), so
 * a server is usable in seconds: dist/ from src/ alone, replaced whole, with declaration files so
 * that a consumer type-checks our declarations, not our sources under its own flags.
 * Throws an EmitError naming the file and line of the first file that does not build.
 */
export function buildPackage(dir: string): void {
  transpilePackage(dir);
  writeDeclarations(dir, declareSources(readSources(dir)));
}

/**
 * dist/ replaced by esbuild's JavaScript of src/: the bin, the library and the sandbox worker bundled (bundleOptions),
 * or with MCPGEN_BUNDLE=0 every module transpiled on its own.
 */
export function transpilePackage(dir: string): void {
  const src = path.join(dir, 'src');
  const out = path.join(dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  const modules = { entryPoints: listTypeScript(src).map((relative) => path.join(src, relative)), outbase: src, outdir: out };
  runEsbuild(dir, process.env.MCPGEN_BUNDLE === '0' ? modules : bundleOptions(dir));
  chmodSync(path.join(out, 'bin.js'), 0o755);
}

/** declareFile over src/ files (relative to src/, with their text), in order: [relative, declarations]. */
export function declareSources(sources: readonly (readonly [string, string])[]): [string, string][] {
  return sources.flatMap(([relative, text]) => {
    const declaration = declareFile(text, relative);
    return declaration === undefined ? [] : [[relative, declaration] as [string, string]];
  });
}

/** Writes declareSources' output to dist/<relative>.d.ts. */
export function writeDeclarations(dir: string, declarations: readonly (readonly [string, string])[]): void {
  for (const [relative, declaration] of declarations) {
    const target = path.join(dir, 'dist', relative.replace(/\.ts$/, '.d.ts'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, declaration);
  }
}

/** One esbuild run of `options` over the package (its tsconfig.json applies), its errors as an EmitError. */
function runEsbuild(dir: string, options: BuildOptions): void {
  esbuild ??= createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  try {
    esbuild.buildSync({
      absWorkingDir: dir,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      charset: 'utf8',
      logLevel: 'silent',
      ...options,
    });
  } catch (error) {
    const first = (error as { errors?: readonly Message[] }).errors?.[0];
    const where = first?.location ? `${path.resolve(dir, first.location.file)} failed: line ${first.location.line}: ` : `${dir} failed: `;
    throw new EmitError(`build of ${where}${first?.text ?? (error instanceof Error ? error.message : String(error))}`, { cause: error });
  }
}

/**
 * src/<relative>.ts's declaration file (dist/<relative>.d.ts), or undefined for a file dist/index.d.ts
 * does not reach (bin.ts; each tool, typed through tools/index.ts).
 *
 * types.ts is its own: openapi-typescript, with the options openapi-types.ts gives it, writes
 * interfaces and type aliases only, which the compiler would print again as the same text, less
 * the header (declarations.test.ts): on a 468-tool spec, 3 MB and a third of the build's declaration time.
 */
export function declareFile(text: string, relative: string): string | undefined {
  if (relative === 'bin.ts' || /^tools\/[^/]+\//.test(relative)) return undefined;
  if (relative === 'types.ts') return text;
  return (relative.startsWith('runtime/') ? runtimeDeclaration(text, relative) : undefined) ?? transpileDeclaration(text, relative);
}

/**
 * A runtime file's declarations as made when mcpgen was built (runtime-declarations.ts), under the
 * file's header: when the file is a template of this mcpgen under line comments only, else undefined.
 */
function runtimeDeclaration(text: string, relative: string): string | undefined {
  const template = runtimeTemplates().find(({ name }) => `runtime/${name}` === relative);
  if (!template || !text.endsWith(template.text)) return undefined;
  const header = text.slice(0, text.length - template.text.length);
  const declaration = /^(\/\/[^\n]*\n)*$/.test(header) ? precompiledDeclaration(template.text, typescript().version) : undefined;
  return declaration === undefined ? undefined : header + declaration;
}

/**
 * The compiler's declarations of src/<relative>.ts, without a type check (isolated declarations:
 * every export states its type); throws on an export whose type is not written out.
 */
export function transpileDeclaration(text: string, relative: string): string {
  const ts = typescript();
  const result = ts.transpileDeclaration(text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    fileName: relative,
    reportDiagnostics: true,
  });
  const problem = result.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (!problem) return result.outputText;
  const line = problem.file && problem.start !== undefined ? problem.file.getLineAndCharacterOfPosition(problem.start).line + 1 : 0;
  throw new EmitError(
    `declaration file of src/${relative} failed: line ${line}: ${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}`,
  );
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

function listTypeScript(root: string): string[] {
  return listFiles(root).filter((relative) => relative.endsWith('.ts') && !relative.endsWith('.d.ts'));
}
