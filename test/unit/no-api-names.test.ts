import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * The generator knows no API: whatever Cloudron, Cloudways or any other shipped API needs is
 * said by its spec (x-mcp). So no source file under generator/ names an API of specs/, in code
 * or in comments; tests may, since they exercise the shipped specs.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Each spec's API name (x-mcp name, else the file's), and its words for names that have several (control-plane). */
function apiNames(): string[] {
  const specs = readdirSync(path.join(ROOT, 'specs')).filter((file) => /\.(ya?ml|json)$/.test(file));
  expect(specs.length).toBeGreaterThan(0);
  return specs.map((file) => {
    const document = yaml.load(readFileSync(path.join(ROOT, 'specs', file), 'utf8')) as { 'x-mcp'?: { name?: string } };
    return document['x-mcp']?.name ?? file.replace(/\.[^.]+$/, '');
  });
}

describe('generator/ is API-agnostic', () => {
  it('no source file under generator/ names an API of specs/', () => {
    const names = apiNames();
    const patterns = names.map((name) => new RegExp(name.split(/[-_ ]+/).join('[-_ ]?'), 'i'));
    const found = sourcesUnder(path.join(ROOT, 'generator')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          patterns
            .filter((pattern) => pattern.test(line))
            .map((pattern) => `${path.relative(ROOT, file)}:${index + 1} (${pattern.source})`),
        ),
    );
    expect(found).toEqual([]);
  });
});
