import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { SpecLoadError, SpecValidationError } from '../errors.js';
import { type Issue, IssueList, issuesSummary } from '../issues.js';
import { bundleDocument } from './bundle.js';
import { fileAccessFor } from './file-access.js';
import { dropUnresolvedDiscriminatorMappings, hoistRefsOutOfPaths, inlineReferencedSchemaMaps } from './normalize.js';
import { convertSwagger2 } from './swagger2.js';
import { validateDocument } from './validate.js';

export interface LoadOptions {
  /** Folders besides the spec's own whose files `$ref`s may read (relative to the root). */
  readonly allowFiles?: readonly string[];
  readonly allowRemoteRefs?: boolean;
  /** Paths in messages and headers are shown relative to this folder (default: cwd). */
  readonly root?: string;
}

export interface LoadedSpec {
  /** OpenAPI 3.x document with internal `$ref`s only. */
  readonly document: Record<string, unknown>;
  /** Spec path relative to the root, with forward slashes. */
  readonly file: string;
  /** sha256 over every file the spec is made of. */
  readonly hash: string;
  /** The version the author wrote: "2.0", "3.0.x" or "3.1.x". */
  readonly sourceVersion: string;
  readonly warnings: readonly Issue[];
}

/** Stage 1: read, bundle, convert and check a spec. Throws one error carrying every issue. */
export async function loadSpec(specPath: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const root = options.root ?? process.cwd();
  const absolute = path.resolve(root, specPath);
  const displayPath = (file: string) => path.relative(root, file).split(path.sep).join('/') || file;
  const file = displayPath(absolute);

  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    const issue: Issue = { code: 'missing-file', file, message: 'spec file not found', pointer: '', severity: 'error' };
    throw new SpecLoadError(issuesSummary([issue], issue.message), [issue]);
  }

  const bundled = await bundleDocument(absolute, {
    access: fileAccessFor(absolute, options.allowFiles, root),
    allowRemoteRefs: options.allowRemoteRefs ?? false,
    displayPath,
  });
  // bundleDocument has checked that the entry document is an OpenAPI object (validate.ts' checkEntryDocument)
  const raw = bundled.document;
  const sourceVersion = String(raw.swagger ?? raw.openapi ?? '');
  const issues = new IssueList(file);
  const document = sourceVersion === '2.0' ? await convertSwagger2(raw) : raw;
  inlineReferencedSchemaMaps(document);
  hoistRefsOutOfPaths(document);
  dropUnresolvedDiscriminatorMappings(document, issues);
  validateDocument(document, issues);
  const errors = issues.errors;
  if (errors.length > 0) throw new SpecValidationError(issuesSummary(errors, `${file}: ${errors.length} problems`), issues.items);
  return {
    document,
    file,
    hash: hashFiles(bundled.files, (f) => path.relative(path.dirname(absolute), f).split(path.sep).join('/')),
    sourceVersion,
    warnings: issues.warnings,
  };
}

function hashFiles(files: ReadonlyMap<string, Buffer>, relativeName: (file: string) => string): string {
  const hash = createHash('sha256');
  const entries = [...files].map(([file, bytes]) => [relativeName(file), bytes] as const).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [name, bytes] of entries) {
    if (entries.length > 1) hash.update(`${name}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}
