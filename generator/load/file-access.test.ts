import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFileAccess, fileAccessFor } from './file-access.js';

const tmp = path.resolve(import.meta.dirname, '..', '..', 'test', '.tmp');
mkdirSync(tmp, { recursive: true });
const root = mkdtempSync(path.join(tmp, 'file-access-'));
mkdirSync(path.join(root, 'specs', 'parts'), { recursive: true });
mkdirSync(path.join(root, 'shared'));
writeFileSync(path.join(root, 'specs', 'api.yaml'), '');
writeFileSync(path.join(root, 'shared', 'common.yaml'), '');
symlinkSync(path.join(root, 'shared', 'common.yaml'), path.join(root, 'specs', 'link.yaml'));
symlinkSync(path.join(root, 'shared'), path.join(root, 'specs', 'dir-link'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('file access of a spec', () => {
  const access = fileAccessFor('specs/api.yaml', [], root);
  const refused = (target: string) => checkFileAccess(access, path.join(root, target)).refused;

  it("allows files in the spec's folder and below, existing or not", () => {
    expect(refused('specs/parts/x.yaml')).toBe(false);
    expect(refused('specs/missing.yaml')).toBe(false);
  });

  it('refuses parents, siblings that share a prefix, symlinks out, and kernel files', () => {
    expect(refused('shared/common.yaml')).toBe(true);
    expect(refused('specs-other/x.yaml')).toBe(true);
    expect(refused('specs/link.yaml')).toBe(true);
    expect(refused('specs/dir-link/common.yaml')).toBe(true);
    expect(checkFileAccess(access, '/proc/self/environ').refused).toBe(true);
  });

  it('reports the real path it would have read', () => {
    expect(checkFileAccess(access, path.join(root, 'specs', 'link.yaml')).real).toBe(path.join(root, 'shared', 'common.yaml'));
  });

  it('allows a folder given with allowFiles, and nothing else', () => {
    const widened = fileAccessFor('specs/api.yaml', ['shared'], root);
    expect(checkFileAccess(widened, path.join(root, 'specs', 'link.yaml')).refused).toBe(false);
    expect(checkFileAccess(widened, path.join(root, 'elsewhere.yaml')).refused).toBe(true);
  });
});
