import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { EmitError } from '../errors.js';

const TRANSPILE_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  sourceMap: false,
};

/**
 * Makes a package runnable: src/**\/*.ts → dist/**\/*.js, file by file, without type
 * checking (that is `typecheckPackage`'s job, in CI), so a server is usable in seconds.
 */
export function buildPackage(dir: string): void {
  const source = path.join(dir, 'src');
  const out = path.join(dir, 'dist');
  rmSync(out, { recursive: true, force: true });
  for (const relative of listTypeScript(source)) {
    const text = readFileSync(path.join(source, relative), 'utf8');
    const result = ts.transpileModule(text, { compilerOptions: TRANSPILE_OPTIONS, fileName: relative, reportDiagnostics: true });
    const problem = result.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    if (problem)
      throw new EmitError(`build of ${path.join(source, relative)} failed: ${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}`);
    const target = path.join(out, relative.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, result.outputText);
    if (relative === 'bin.ts') chmodSync(target, 0o755);
  }
}

/** Full `tsc --noEmit` over a package; returns the diagnostics as text (empty when clean). */
export function typecheckPackage(dir: string): string[] {
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
