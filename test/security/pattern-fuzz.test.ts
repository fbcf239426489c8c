/**
 * ReDoS: 10,000 argument checks with adversarial strings against every `pattern` in specs/ and
 * the vendored public corpus, through the runtime's own validator. Each must stay under 50 ms
 * of CPU, where the native backtracking RegExp takes seconds on some of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../../templates/runtime/validate.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CALLS = 10_000;
const CPU_LIMIT_MS = 50;
/** Patterns written to hurt a backtracking engine, beside the ones real specs use. */
const KNOWN_EVIL = ['^(a+)+$', '^([a-zA-Z0-9]+\\.?)*[a-zA-Z0-9]+$', '^(a|aa)+$', '(x+x+)+y', '^(\\w+\\s?)*$'];

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(file);
    return /\.(ya?ml|json)$/.test(entry.name) ? [file] : [];
  });
}

function collectPatterns(node: unknown, into: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && typeof value === 'string') into.add(value);
    else collectPatterns(value, into);
  }
}

/** Only real regular expressions: some specs put a sample string under a property named `pattern`. */
function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Strings of the pattern's own characters, long runs and pairs, ending where the pattern cannot. */
function adversarialStrings(pattern: string): string[] {
  const literals = [...new Set(pattern.replace(/\\[a-zA-Z]|[\\^$()[\]{}|*+?]/g, '').split(''))].slice(0, 12);
  const alphabet = [...new Set([...literals, 'a', 'A', '0', '-', '.', '_', ' '])];
  const strings: string[] = [];
  for (const length of [24, 1_000, 20_000]) {
    for (const char of alphabet) strings.push(`${char.repeat(length)}!`, `${char.repeat(length)}\u0000`);
    for (const [first, second] of [
      ['a', '-'],
      ['a', '.'],
      ['0', '.'],
      ['a', ' '],
    ] as const)
      strings.push(`${`${first}${second}`.repeat(length / 2)}!`);
  }
  return strings;
}

/** CPU (user + system) of one run in ms; retried on a slow reading, since other processes only add to it. */
function cpuMs(run: () => void): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3 && best >= CPU_LIMIT_MS; attempt++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('ReDoS: patterns cannot stall the server', () => {
  const found = new Set<string>();
  for (const file of [...specFiles(path.join(ROOT, 'specs')), ...specFiles(path.join(ROOT, 'test', 'fixtures', 'corpus'))]) {
    collectPatterns(yaml.load(readFileSync(file, 'utf8')), found);
  }
  const patterns = [...[...found].filter(isRegExp), ...KNOWN_EVIL];

  it('the adversarial strings are adversarial: the native RegExp spends far over 50 ms on one of them', () => {
    const native = /^(a+)+$/u;
    const start = process.cpuUsage();
    expect(native.test(`${'a'.repeat(22)}!`)).toBe(false);
    const used = process.cpuUsage(start);
    expect((used.user + used.system) / 1000).toBeGreaterThan(CPU_LIMIT_MS);
  });

  it(`${CALLS} checks against every spec and corpus pattern each take under ${CPU_LIMIT_MS} ms of CPU`, () => {
    expect(found.size).toBeGreaterThan(50);
    const validator = new SchemaValidator();
    const inputs = patterns.map((pattern) => adversarialStrings(pattern));
    let worst = { ms: 0, pattern: '', length: 0 };
    let calls = 0;
    for (let round = 0; calls < CALLS; round++) {
      for (const [index, pattern] of patterns.entries()) {
        const strings = inputs[index] ?? [];
        const value = strings[round % strings.length] ?? '';
        const schema = { type: 'object', properties: { value: { type: 'string', pattern } } };
        const ms = cpuMs(() => validator.validate(`fuzz:${index}`, schema, { value }));
        if (ms > worst.ms) worst = { ms, pattern, length: value.length };
        calls += 1;
        if (calls === CALLS) break;
      }
    }
    console.log(`pattern fuzz: ${calls} calls over ${patterns.length} patterns; most CPU for one call ${worst.ms.toFixed(2)} ms`);
    expect(worst.ms, `${worst.pattern} on ${worst.length} characters`).toBeLessThan(CPU_LIMIT_MS);
  });
});
