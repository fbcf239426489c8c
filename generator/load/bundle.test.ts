import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BundleOptions, bundleWithRefParser, readSelfContained } from './bundle.js';
import { fileAccessFor } from './file-access.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function optionsFor(entry: string): BundleOptions {
  return { access: fileAccessFor(entry, [], ROOT), allowRemoteRefs: false, displayPath: (file) => path.relative(ROOT, file) };
}

describe('reading a self-contained spec without the ref parser', () => {
  it.each(['specs/cloudron.yaml', 'specs/cloudways.yaml', 'test/fixtures/corpus/stripe.yaml', 'test/fixtures/corpus/discord.json'])(
    '%s: the same document and files as the ref parser’s bundle',
    async (spec) => {
      const entry = path.join(ROOT, spec);
      const fast = readSelfContained(entry, optionsFor(entry));
      expect(fast, 'a spec with only internal $refs takes the short path').toBeDefined();
      const bundled = await bundleWithRefParser(entry, optionsFor(entry));
      expect(fast!.document).toEqual(bundled.document);
      expect([...fast!.files.keys()]).toEqual([...bundled.files.keys()]);
    },
    60_000,
  );

  it('leaves a spec with a file $ref to the ref parser', () => {
    const entry = path.join(ROOT, 'test/fixtures/specs/valid/multi/root.yaml');
    expect(readSelfContained(entry, optionsFor(entry))).toBeUndefined();
  });
});
