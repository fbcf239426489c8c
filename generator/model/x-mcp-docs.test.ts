import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { IssueList } from '../issues.js';
import { readOperationExtension, readRootExtension, readSecuritySchemeExtension } from './extensions.js';
import { referenceBlock, withExtensionReference } from './x-mcp-docs.js';
import { LOCATIONS } from './x-mcp-schema.js';

const README = new URL('../../specs/README.md', import.meta.url);

describe('the x-mcp reference in specs/README.md', () => {
  it('is what the schema says (run `npm run docs:extensions` after changing x-mcp-schema.ts)', () => {
    const readme = readFileSync(README, 'utf8');
    for (const location of Object.keys(LOCATIONS)) expect(readme).toContain(`<!-- x-mcp:${location} -->`);
    expect(withExtensionReference(readme)).toBe(readme);
  });

  it.each(Object.keys(LOCATIONS) as (keyof typeof LOCATIONS)[])('shows a %s x-mcp object the generator accepts', (location) => {
    const block = referenceBlock(location).replace(/^```yaml\n|```\n$/g, '');
    const value = (yaml.load(block) as { 'x-mcp': unknown })['x-mcp'];
    const issues = new IssueList('README.md');
    if (location === 'root') readRootExtension({ 'x-mcp': value }, issues);
    else if (location === 'operation') readOperationExtension(value, '/x-mcp', issues);
    else readSecuritySchemeExtension(value, '/x-mcp', issues);
    expect(issues.items).toEqual([]);
  });

  it('gives every key a meaning and an example', () => {
    const undocumented: string[] = [];
    const visit = (node: Record<string, unknown>, at: string) => {
      for (const [key, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        const documented = typeof child.description === 'string' && (child.examples !== undefined || child.properties !== undefined);
        if (!documented && !(child.items as Record<string, unknown> | undefined)?.properties) undocumented.push(`${at}.${key}`);
        visit(child, `${at}.${key}`);
        for (const nested of [child.items, child.additionalProperties, child.else]) {
          if (nested && typeof nested === 'object') visit(nested as Record<string, unknown>, `${at}.${key}`);
        }
      }
    };
    for (const [location, schema] of Object.entries(LOCATIONS)) visit(schema, location);
    expect(undocumented).toEqual([]);
  });
});
