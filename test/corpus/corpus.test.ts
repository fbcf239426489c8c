import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { McpgenError } from '../../generator/errors.js';
import { generate, typecheckPackage } from '../../generator/index.js';
import { TOOL_NAME_PATTERN } from '../../generator/model/naming.js';
import { connectStdio, ROOT } from '../support/mcp-client.js';

/** Vendored public documents (origin and license of each in its MANIFEST.md). */
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'corpus');
const OUT = path.join(ROOT, 'test', '.tmp', 'corpus');

/** Entry points from the manifest's table (its first column), as the manifest asks. */
function manifestEntries(): string[] {
  const manifest = readFileSync(path.join(CORPUS, 'MANIFEST.md'), 'utf8');
  return manifest
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| name') && !line.startsWith('|---'))
    .map((line) => line.split('|')[1]?.trim() ?? '')
    .filter((entry) => /\.(ya?ml|json)$/.test(entry));
}

/** Documents that cannot make a server, and the reason the test expects. */
const UNUSABLE: Record<string, { code: string; why: string }> = {
  'oai-v31-webhook-example.yaml': { code: 'missing-paths', why: 'it has only a webhook and no paths, so no operation to call' },
  'oai-v31-security-schemes-fixture.yaml': {
    code: 'missing-paths',
    why: 'a schema-test fixture with no paths (its one remote $ref is never fetched)',
  },
};

const entries = manifestEntries();
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('the corpus of real public OpenAPI documents', () => {
  it('lists every entry point of the manifest', () => {
    expect(entries).toHaveLength(16);
  });

  it.each(entries.filter((entry) => entry in UNUSABLE))('%s is refused with a clear message', async (entry) => {
    const expected = UNUSABLE[entry];
    const error = await generate(path.join(CORPUS, entry), { root: ROOT, outDir: path.join(OUT, 'unusable') }).catch(
      (caught: unknown) => caught,
    );
    expect(error, expected?.why).toBeInstanceOf(McpgenError);
    expect((error as McpgenError).issues.map((issue) => issue.code)).toContain(expected?.code);
  });

  it.each(entries.filter((entry) => !(entry in UNUSABLE)))(
    '%s generates, type-checks, starts and lists valid tools',
    async (entry) => {
      const outDir = path.join(OUT, entry.replace(/[^A-Za-z0-9]+/g, '-'));
      const result = await generate(path.join(CORPUS, entry), { root: ROOT, outDir });
      expect(result.model.tools.length).toBeGreaterThan(0);
      expect(typecheckPackage(outDir)).toEqual([]);

      const session = await connectStdio(path.join(outDir, 'dist', 'bin.js'), {
        [`${result.model.envPrefix}_BASE_URL`]: 'http://127.0.0.1:9',
      });
      try {
        const { tools } = await session.client.listTools();
        expect(tools).toHaveLength(result.model.tools.length);
        expect(new Set(tools.map((tool) => tool.name)).size).toBe(tools.length);
        const ajv = new Ajv2020({ strict: false, logger: false, validateFormats: false });
        for (const tool of tools) {
          expect(tool.name).toMatch(TOOL_NAME_PATTERN);
          expect(tool.inputSchema.type).toBe('object');
          for (const keyword of ['oneOf', 'anyOf', 'allOf'])
            expect(tool.inputSchema, `${tool.name} has top-level ${keyword}`).not.toHaveProperty(keyword);
          expect(() => ajv.compile(tool.inputSchema), tool.name).not.toThrow();
          if (tool.outputSchema) expect(() => ajv.compile(tool.outputSchema as object), tool.name).not.toThrow();
        }
      } finally {
        await session.close();
      }
    },
    180_000,
  );
});
