import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Which files a spec may make the generator read: those inside the folder of the spec given on
 * the command line, or inside a folder the user allowed (`--allow-files`). A spec is data from
 * anyone; a `$ref` or README appendix that reaches `../secret/.env` or `/proc/self/environ`
 * would put that file's text into the generated package and the model's context.
 */
export interface FileAccess {
  /** Real path of the spec's own folder, which relative names are resolved against. */
  readonly specFolder: string;
  /** Real paths (symlinks resolved) of the folders whose files may be read. */
  readonly folders: readonly string[];
}

/** Kernel pseudo-files are never spec material, whichever folder was allowed. */
const NEVER_READ = ['/proc', '/sys', '/dev'];

/** The access of a spec: its own folder and `allowFiles` (relative to `root`), symlinks resolved. */
export function fileAccessFor(specFile: string, allowFiles: readonly string[] = [], root = process.cwd()): FileAccess {
  const specFolder = realPath(path.dirname(path.resolve(root, specFile)));
  return { folders: [specFolder, ...allowFiles.map((folder) => realPath(path.resolve(root, folder)))], specFolder };
}

/**
 * Where `target` really is (symlinks resolved, the nearest existing parent for a file that does
 * not exist) when that is inside an allowed folder; otherwise `refused` holds that real path,
 * for the error. A missing file inside is left to the caller's own "not found" error.
 */
export function checkFileAccess(access: FileAccess, target: string): { readonly real: string; readonly refused: boolean } {
  const real = realPath(path.resolve(target));
  const inside = (folder: string) => real === folder || real.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
  const forbidden = NEVER_READ.some((folder) => real === folder || real.startsWith(`${folder}/`));
  return { real, refused: forbidden || !access.folders.some(inside) };
}

/** The message of a refusal: what was tried, and how to allow it on purpose. */
export function refusalMessage(what: string, real: string): string {
  return `${what} reads ${real}, outside the spec's folder; pass --allow-files <dir> to allow a folder`;
}

function realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realPath(parent), path.basename(file));
  }
}
