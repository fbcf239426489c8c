import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EmitError } from '../errors.js';
import type { FileSet } from './index.js';

/** Folders in a package that are not generated and never compared or replaced. */
const KEPT = new Set(['node_modules', 'dist']);

/**
 * Writes a package so that it is replaced whole or not at all: files (and the optional
 * build) go to a sibling folder first, which then takes the old one's place.
 */
export async function writePackageAtomically(outDir: string, files: FileSet, build?: (dir: string) => Promise<void>): Promise<void> {
  const staging = `${outDir}.staging-${process.pid}-${Date.now()}`;
  const retired = `${outDir}.retired-${process.pid}-${Date.now()}`;
  try {
    for (const [relative, text] of files) {
      const target = path.join(staging, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    if (existsSync(path.join(outDir, 'node_modules'))) renameSync(path.join(outDir, 'node_modules'), path.join(staging, 'node_modules'));
    if (build) await build(staging);
    if (existsSync(outDir)) renameSync(outDir, retired);
    renameSync(staging, outDir);
  } catch (error) {
    if (existsSync(path.join(staging, 'node_modules')) && existsSync(outDir) && !existsSync(path.join(outDir, 'node_modules'))) {
      renameSync(path.join(staging, 'node_modules'), path.join(outDir, 'node_modules'));
    }
    rmSync(staging, { recursive: true, force: true });
    throw error instanceof EmitError
      ? error
      : new EmitError(`writing ${outDir} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    rmSync(retired, { recursive: true, force: true });
  }
}

export interface PackageDiff {
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  /** On disk but no longer generated. */
  readonly orphaned: readonly string[];
}

/** Compares a package on disk with what generation produces now (dist/ and node_modules/ aside). */
export function diffPackage(outDir: string, files: FileSet): PackageDiff {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [relative, text] of files) {
    const target = path.join(outDir, relative);
    if (!existsSync(target)) missing.push(relative);
    else if (readFileSync(target, 'utf8') !== text) changed.push(relative);
  }
  // npm pack's tarballs (<name>-<version>.tgz) sit in the package folder and are never ours to compare.
  const orphaned = existsSync(outDir) ? listFiles(outDir).filter((relative) => !files.has(relative) && !/^[^/]+\.tgz$/.test(relative)) : [];
  return { changed, missing, orphaned };
}

/** The files under `root`, relative to it with `/` separators, in its top-level node_modules/ and dist/ aside. */
export function listFiles(root: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!(prefix === '' && KEPT.has(entry.name))) found.push(...listFiles(root, relative));
    } else {
      found.push(relative);
    }
  }
  return found;
}
