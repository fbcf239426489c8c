import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/load/index.js';
import { buildModel } from '../../generator/model/index.js';
import { ARGUMENT_NAME_PATTERN, TOOL_NAME_PATTERN } from '../../generator/model/naming.js';
import type { JsonSchema, ToolModel } from '../../generator/model/types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SPECS = readdirSync(path.join(ROOT, 'specs'))
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => `specs/${file}`);
const CORPUS = [
  'stripe.yaml',
  'discord.json',
  'docker-engine.yaml',
  'digitalocean/DigitalOcean-public.v2.yaml',
  'swagger-petstore-v3.yaml',
  'oai-v30-petstore-expanded.yaml',
  'oai-v2-uber.yaml',
].map((file) => `test/fixtures/corpus/${file}`);

/** Rules the strictest common MCP clients (Claude, OpenAI) impose on tool definitions. */
function breaches(tool: ToolModel, ajv: Ajv2020): string[] {
  const problems: string[] = [];
  if (!TOOL_NAME_PATTERN.test(tool.name)) problems.push(`name "${tool.name}"`);
  const input = tool.inputSchema as Record<string, unknown>;
  if (input.type !== 'object') problems.push('input is not an object');
  for (const keyword of ['oneOf', 'anyOf', 'allOf', 'not', 'if']) if (keyword in input) problems.push(`top-level ${keyword}`);
  for (const name of Object.keys((input.properties ?? {}) as object)) {
    if (!ARGUMENT_NAME_PATTERN.test(name)) problems.push(`argument name "${name}"`);
  }
  const refs = JSON.stringify(tool.inputSchema).match(/"\$ref":"[^"]*"/g) ?? [];
  for (const ref of refs) if (!ref.startsWith('"$ref":"#/$defs/')) problems.push(`non-local ${ref}`);
  const output = tool.output?.schema as Record<string, unknown> | undefined;
  if (output && output.type !== 'object') problems.push('output schema is not an object');
  for (const schema of [tool.inputSchema, tool.output?.schema].filter((item): item is JsonSchema => item !== undefined)) {
    try {
      ajv.compile(schema as object);
    } catch (error) {
      problems.push(`does not compile: ${(error as Error).message}`);
    }
  }
  return problems;
}

describe.each([...SPECS, ...CORPUS])('tool schemas of %s', (spec) => {
  it("meet every major client's rules, with $refs local and bounded", async () => {
    const { model } = buildModel(await loadSpec(spec, { root: ROOT }));
    const ajv = new Ajv2020({ strict: false, logger: false, validateFormats: false });
    const failures = model.tools.flatMap((tool) => breaches(tool, ajv).map((problem) => `${tool.name}: ${problem}`));
    expect(failures).toEqual([]);
    // Bounded: shared definitions stay in $defs, so no tool's schemas explode in size.
    const largest = Math.max(
      ...model.tools.map((tool) => JSON.stringify(tool.inputSchema).length + JSON.stringify(tool.output?.schema ?? {}).length),
    );
    expect(largest).toBeLessThan(64 * 1024);
  });
});
