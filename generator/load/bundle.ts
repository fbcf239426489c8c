import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { SpecLoadError, SpecValidationError } from '../errors.js';
import { lookupRef } from '../json.js';
import { type Issue, IssueList, issuesSummary } from '../issues.js';
import { checkFileAccess, type FileAccess, refusalMessage } from './file-access.js';
import { findRefs, isRemoteRef, type RefSite } from './find-refs.js';
import { parseDocument } from './parse-document.js';
import { type LocatedRefSite, locateRefs } from './ref-lines.js';
import { checkEntryDocument } from './validate.js';

export interface BundledDocument {
  readonly document: Record<string, unknown>;
  /** Every local file read, keyed by absolute path, with its bytes (for the content hash). */
  readonly files: ReadonlyMap<string, Buffer>;
}

export interface BundleOptions {
  /** The folders whose files `$ref`s may read. */
  readonly access: FileAccess;
  readonly allowRemoteRefs: boolean;
  /** Shown in messages instead of absolute paths. */
  readonly displayPath: (absolutePath: string) => string;
}

/**
 * Reads the entry file and every file it references into one document whose `$ref`s are
 * all internal. Remote references are refused (with the file and pointer of each) unless
 * allowed, and broken references are reported where they stand.
 */
export async function bundleDocument(entry: string, options: BundleOptions): Promise<BundledDocument> {
  return readSelfContained(entry, options) ?? bundleWithRefParser(entry, options);
}

/**
 * A spec whose `$ref`s all point inside itself needs no bundling: it is read and its refs
 * checked here, which saves the ref parser's full walk (about half of generation time on
 * large specs; ARCHITECTURE.md). Anything with a file or remote ref takes the full path
 * below, which gives the same document for a self-contained spec (bundle.test.ts).
 */
export function readSelfContained(entry: string, options: BundleOptions): BundledDocument | undefined {
  const display = options.displayPath(entry);
  const bytes = readFileSync(entry);
  const document = parseDocument(bytes.toString('utf8'), display);
  const entryIssues = checkEntryDocument(document, display);
  if (entryIssues.length > 0) throw new SpecValidationError(issuesSummary(entryIssues, `${display}: not an OpenAPI document`), entryIssues);
  const sites = findRefs(document);
  if (sites.some((site) => !site.ref.startsWith('#'))) return undefined;
  const broken = sites.filter((site) => lookupRef(document, site.ref) === undefined);
  if (broken.length > 0) {
    const issues = locateRefs(bytes.toString('utf8'), broken).map((site) => brokenRefIssue(display, site, 'target does not exist'));
    throw brokenRefError(display, issues);
  }
  return { document: document as Record<string, unknown>, files: new Map([[entry, bytes]]) };
}

/** The path of any spec with a file or remote `$ref`; readSelfContained has checked its entry document already. */
export async function bundleWithRefParser(entry: string, options: BundleOptions): Promise<BundledDocument> {
  const files = new Map<string, Buffer>();
  const refSites = new Map<string, RefSite[]>();
  // the $refs refused, each in the file it stands in
  const remote = new IssueList(options.displayPath(entry));
  const outside = new IssueList(options.displayPath(entry));
  // swagger-parser wraps what our parser throws and runs checks of its own with vaguer
  // messages; the precise problems are kept here and reported instead.
  let parseError: SpecLoadError | undefined;

  const toPath = (url: string): string => (url.startsWith('file:') ? fileURLToPath(url) : url);

  const parser = {
    order: 1,
    canParse: true,
    parse(file: { url: string; data: Buffer | string }) {
      const absolute = toPath(file.url);
      const display = options.displayPath(absolute);
      const text = typeof file.data === 'string' ? file.data : file.data.toString('utf8');
      let document: unknown;
      try {
        document = parseDocument(text, display);
      } catch (error) {
        parseError ??= error instanceof SpecLoadError ? error : undefined;
        throw error;
      }
      const sites = findRefs(document);
      refSites.set(absolute, sites);
      for (const { pointer, ref } of sites) {
        if (isRemoteRef(ref)) {
          if (!options.allowRemoteRefs)
            remote.error('remote-ref', pointer, `remote $ref "${ref}" refused; pass --allow-remote-refs to fetch it`, display);
        } else if (!ref.startsWith('#')) {
          const { real, refused } = checkFileAccess(options.access, refTarget(absolute, ref));
          if (refused) outside.error('file-outside-spec-folder', pointer, refusalMessage(`$ref "${ref}"`, real), display);
        }
      }
      return document;
    },
  };

  try {
    const document = await SwaggerParser.bundle(entry, {
      parse: { json: false, yaml: false, text: false, binary: false, mcpgen: parser } as never,
      resolve: {
        external: true,
        file: {
          read(file: { url: string }) {
            const absolute = toPath(file.url);
            // refused at the $ref that names it (see parse above); this guards any other way in
            const { real, refused } = checkFileAccess(options.access, absolute);
            if (refused) {
              if (outside.items.length === 0) outside.error('file-outside-spec-folder', '', refusalMessage('a $ref', real));
              throw outsideError(outside.items);
            }
            const bytes = readFileSync(real);
            files.set(absolute, bytes);
            return bytes;
          },
        },
        http: options.allowRemoteRefs ? { timeout: 10_000 } : refuseRemote,
      } as never,
    });
    if (outside.items.length > 0) throw outsideError(outside.items);
    if (remote.items.length > 0) throw remoteError(remote.items);
    return { document: document as unknown as Record<string, unknown>, files };
  } catch (error) {
    if (outside.items.length > 0) throw outsideError(outside.items);
    if (error instanceof SpecLoadError || error instanceof SpecValidationError) throw error;
    if (parseError) throw parseError;
    if (remote.items.length > 0) throw remoteError(remote.items);
    throw describeRefError(error, refSites, files, options.displayPath, entry);
  }
}

const refuseRemote = {
  order: 0,
  canRead: /^https?:/i,
  read() {
    throw new Error('remote $ref refused');
  },
};

/** The `$ref` target a file path names: relative to the referring file, percent-decoded, no fragment. */
function refTarget(referrer: string, ref: string): string {
  const { filePart } = splitRef(ref);
  let decoded = filePart;
  try {
    decoded = decodeURIComponent(filePart);
  } catch {
    // not percent-encoded: the ref names the path as written
  }
  return decoded.startsWith('file:') ? fileURLToPath(decoded) : path.resolve(path.dirname(referrer), decoded);
}

/** Every `$ref` that reads outside the allowed folders. */
function outsideError(issues: readonly Issue[]): SpecLoadError {
  return new SpecLoadError(issuesSummary(issues, `${issues[0]?.file}: ${issues.length} $refs read outside the spec's folder`), issues);
}

function remoteError(issues: Issue[]): SpecLoadError {
  return new SpecLoadError(issuesSummary(issues, `${issues[0]?.file}: ${issues.length} remote $ref(s) refused`), issues);
}

/** Turns a ref-parser failure into an issue that points at the `$ref` that caused it. */
function describeRefError(
  error: unknown,
  refSites: ReadonlyMap<string, RefSite[]>,
  files: ReadonlyMap<string, Buffer>,
  displayPath: (absolute: string) => string,
  entry: string,
): SpecLoadError {
  const message = error instanceof Error ? error.message : String(error);
  const missingPointer = /Missing \$ref pointer "([^"]*)"/.exec(message)?.[1];
  const missingFile = /(?:Error opening file|Error reading file|ENOENT[^"]*")\s*"?([^"\s]+)/.exec(message)?.[1];
  const needle = missingPointer ?? (missingFile ? path.basename(missingFile) : undefined);

  const needleReason = missingFile ? `file not found: ${displayPath(missingFile)}` : 'target does not exist';
  const check = refChecker(files, displayPath);
  // Every broken $ref in the files read, each occurrence with its line: what the files show to be
  // broken, and where they cannot tell (a file never read), what matches the parser's complaint.
  const issues = [...refSites].flatMap(([file, sites]) =>
    locateRefs(files.get(file)?.toString('utf8') ?? '', sites).flatMap((site) => {
      let reason = check(file, site.ref);
      if (reason === 'unknown') reason = needle && refMatches(site.ref, needle) ? needleReason : undefined;
      return reason ? [brokenRefIssue(displayPath(file), site, reason)] : [];
    }),
  );
  const file = displayPath(entry);
  if (issues.length > 0) return brokenRefError(file, issues, error);
  const issue: Issue = { code: 'unresolvable', file, message, pointer: '', severity: 'error' };
  return new SpecLoadError(issuesSummary([issue], message), [issue], { cause: error });
}

/**
 * Whether a `$ref` in `file` resolves, judged from the files the parser already read (a file
 * named but absent is looked for, none is read): undefined when it does, 'unknown', or why it is broken.
 */
function refChecker(files: ReadonlyMap<string, Buffer>, displayPath: (absolute: string) => string) {
  const documents = new Map<string, unknown>();
  const documentOf = (file: string): unknown => {
    if (!documents.has(file)) {
      const bytes = files.get(file);
      try {
        documents.set(file, bytes ? parseDocument(bytes.toString('utf8'), displayPath(file)) : undefined);
      } catch {
        documents.set(file, undefined);
      }
    }
    return documents.get(file);
  };
  return (file: string, ref: string): string | undefined => {
    if (isRemoteRef(ref)) return 'unknown';
    const { filePart, fragment } = splitRef(ref);
    const target = filePart === '' ? file : refTarget(file, ref);
    if (!existsSync(target)) return `file not found: ${displayPath(target)}`;
    const document = documentOf(target);
    if (document === undefined) return 'unknown';
    return fragment.length > 1 && lookupRef(document, fragment) === undefined ? 'target does not exist' : undefined;
  };
}

function brokenRefIssue(file: string, site: LocatedRefSite, reason: string): Issue {
  return {
    code: 'broken-ref',
    file,
    ...(site.line !== undefined ? { line: site.line } : {}),
    message: `cannot resolve $ref "${site.ref}": ${reason}`,
    pointer: site.pointer,
    severity: 'error',
  };
}

/** One error listing every broken `$ref` occurrence. */
function brokenRefError(entryFile: string, issues: Issue[], cause?: unknown): SpecLoadError {
  return new SpecLoadError(
    issuesSummary(issues, `${entryFile}: ${issues.length} broken $refs`),
    issues,
    cause === undefined ? undefined : { cause },
  );
}

/** A `$ref`'s file part and its fragment (with its `#`; '' when it has none). */
function splitRef(ref: string): { filePart: string; fragment: string } {
  const hash = ref.indexOf('#');
  return hash >= 0 ? { filePart: ref.slice(0, hash), fragment: ref.slice(hash) } : { filePart: ref, fragment: '' };
}

function refMatches(ref: string, needle: string): boolean {
  if (ref === needle) return true;
  const { filePart, fragment } = splitRef(ref);
  return (
    fragment === needle ||
    `#${fragment.slice(1)}` === needle ||
    (filePart !== '' && path.basename(filePart) === needle) ||
    (needle.endsWith(fragment) && fragment.length > 1)
  );
}
