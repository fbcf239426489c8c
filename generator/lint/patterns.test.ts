import { describe, expect, it } from 'vitest';
import { createApi, createTool } from '../../test/fixtures/model-factories.js';
import { lintModel } from './index.js';
import { hasNestedQuantifier } from './patterns.js';

describe('hasNestedQuantifier', () => {
  it('finds a repeated repetition', () => {
    for (const pattern of [
      '^(a+)+$',
      '^(?:\\d*.)*$',
      '((ab)*c)+',
      '(x+x+){2,}y',
      '^([a-z]+\\.?)*[a-z]+$',
      '(?<n>a*){3}',
      '^(,[^a]+)*$',
      '^([a-z-]+-)+$',
    ]) {
      expect(hasNestedQuantifier(pattern), pattern).toBe(true);
    }
  });

  it('passes patterns that repeat nothing twice, whatever brackets and escapes they hold', () => {
    for (const pattern of [
      '^[a-z0-9-]+$',
      '^(a+)?$',
      '^(ab)+$',
      '^[(a+)]+$',
      '^\\(a+\\)+$',
      '^(a+){1}$',
      '^\\d{4}-\\d{2}$',
      '(a+)(b)+',
      // Each repetition starts or ends with a character nothing inside it matches: one split only.
      '^(?:\\d*,)*$',
      '^[A-Z_]*(,[A-Z_]+)*$',
      '^((xn--)?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\\.)+[a-zA-Z]{2,}\\.?$',
      '^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)+$',
    ]) {
      expect(hasNestedQuantifier(pattern), pattern).toBe(false);
    }
  });
});

describe('lint: patterns', () => {
  it('names super-linear and non-linear patterns with the tool and where they sit', () => {
    const tool = createTool({
      name: 'find_user',
      inputSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', pattern: '^(a+)+$' },
          slug: { type: 'string', pattern: '^(?!admin)[a-z]+$' },
          plain: { type: 'string', pattern: '^[a-z]+$' },
        },
      },
    });
    const issues = lintModel(createApi({ tools: [tool] })).filter((issue) => issue.code.startsWith('pattern-'));
    expect(issues.map((issue) => issue.code)).toEqual(['pattern-super-linear', 'pattern-not-linear']);
    expect(issues[0]?.message).toContain('find_user: pattern "^(a+)+$" at inputSchema/properties/name/pattern');
    expect(issues[1]?.message).toContain('"^(?!admin)[a-z]+$" at inputSchema/properties/slug/pattern');
    expect(issues[1]?.message).toContain('the server does not check it');
  });
});
