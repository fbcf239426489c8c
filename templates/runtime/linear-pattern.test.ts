import { describe, expect, it } from 'vitest';
import { linearRegExp, MAX_PATTERN_INPUT, patternSupport } from './linear-pattern.js';
import { SchemaValidator } from './validate.js';

/** CPU time (user + system) of one synchronous run, in ms: robust on a shared machine, unlike wall time. */
function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

describe('linearRegExp', () => {
  it('matches as the ECMAScript pattern does for ordinary patterns and escapes', () => {
    const cases: [string, string, boolean][] = [
      ['^[a-z0-9-]+$', 'my-app-1', true],
      ['^[a-z0-9-]+$', 'My App', false],
      ['^\\d{4}-\\d{2}-\\d{2}$', '2026-12-06', true],
      ['^\\u0041\\u{42}$', 'AB', true],
      ['^[\\p{L}\\p{N}]+$', 'Zürich42', true],
      ['\\/api\\/', 'x/api/y', true],
      ['^(?<year>\\d{4})$', '1999', true],
    ];
    for (const [source, text, expected] of cases) {
      expect(linearRegExp(source, 'u').test(text), `${source} on ${text}`).toBe(expected);
      expect(new RegExp(source, 'u').test(text)).toBe(expected);
    }
  });

  it('runs nested quantifiers in linear time: ^(a+)+$ on 30 and 60,000 characters stays far under 50 ms of CPU', () => {
    const pattern = linearRegExp('^(a+)+$', 'u');
    pattern.test('warm-up');
    expect(cpuMs(() => expect(pattern.test(`${'a'.repeat(30)}!`)).toBe(false))).toBeLessThan(50);
    expect(cpuMs(() => expect(pattern.test(`${'a'.repeat(60_000)}!`)).toBe(false))).toBeLessThan(50);
  });

  it('fails a string longer than MAX_PATTERN_INPUT without running the pattern', () => {
    expect(linearRegExp('^a*$', 'u').test('a'.repeat(MAX_PATTERN_INPUT))).toBe(true);
    expect(linearRegExp('^a*$', 'u').test('a'.repeat(MAX_PATTERN_INPUT + 1))).toBe(false);
  });

  it('names lookaround and backreferences as not linear, and does not enforce them', () => {
    expect(patternSupport('^(a+)+$')).toEqual({ linear: true });
    for (const source of ['^(?!admin).*$', '(a)\\1', '(?<=x)y']) {
      const support = patternSupport(source);
      expect(support.linear, source).toBe(false);
      expect(linearRegExp(source, 'u').test('anything')).toBe(true);
    }
  });

  it('keys each pattern apart, so Ajv does not reuse one for another', () => {
    expect(String(linearRegExp('^a$', 'u'))).not.toBe(String(linearRegExp('^b$', 'u')));
  });
});

describe('SchemaValidator patterns', () => {
  it('checks a pattern argument with the linear engine: an evil argument is refused fast', () => {
    const validator = new SchemaValidator();
    const schema = { type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } } };
    expect(validator.validate('evil', schema, { name: 'aaaa' })).toEqual([]);
    const cpu = cpuMs(() => {
      const problems = validator.validate('evil', schema, { name: `${'a'.repeat(40)}!` });
      expect(problems[0]?.message).toContain('must match pattern "^(a+)+$"');
    });
    expect(cpu).toBeLessThan(50);
  });
});

describe('SchemaValidator: length before pattern', () => {
  it('reports maxLength alone for a string over it, and the pattern for one within it', () => {
    const validator = new SchemaValidator();
    const schema = { type: 'object', properties: { id: { type: 'string', maxLength: 8, pattern: '^[a-z]+$' } } };
    expect(validator.validate('id', schema, { id: 'ABCDEFGHIJ' }).map((problem) => problem.message)).toEqual([
      'argument "id" must NOT have more than 8 characters',
    ]);
    expect(validator.validate('id', schema, { id: 'ABC' }).map((problem) => problem.message)).toEqual([
      'argument "id" must match pattern "^[a-z]+$"',
    ]);
  });
});
