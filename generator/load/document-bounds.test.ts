import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { SpecLoadError } from '../errors.js';
import { checkDocumentBounds } from './document-bounds.js';

const limits = { maxDepth: 5, maxAliases: 3, maxExpandedNodes: 100 };

function refusal(document: unknown): { code?: string; pointer?: string } {
  try {
    checkDocumentBounds(document, 'spec.yaml', { limits });
  } catch (error) {
    expect(error).toBeInstanceOf(SpecLoadError);
    return (error as SpecLoadError).issues[0] ?? {};
  }
  return {};
}

describe('checkDocumentBounds', () => {
  it('passes documents inside every limit, aliases included', () => {
    expect(refusal(yaml.load('a: &x {b: 1}\nc: *x\nd: [1, 2, {e: f}]'))).toEqual({});
  });

  it('refuses nesting past the depth limit at the pointer where it happens', () => {
    expect(refusal({ a: { b: { c: { d: { e: { f: 1 } } } } } })).toEqual(
      expect.objectContaining({ code: 'too-deep', pointer: '/a/b/c/d/e' }),
    );
  });

  it('refuses more aliases than the limit', () => {
    expect(refusal(yaml.load('a: &x {b: 1}\nc: [*x, *x, *x, *x]')).code).toBe('alias-bomb');
  });

  it('counts the expanded size without expanding (a billion-node bomb is refused at once)', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1)
      lines.push(
        `a${level}: &a${level} [${Array(10)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    const started = performance.now();
    const issue = (() => {
      try {
        checkDocumentBounds(yaml.load(lines.join('\n')), 'spec.yaml', { limits: { ...limits, maxAliases: 1000 } });
      } catch (error) {
        return (error as SpecLoadError).issues[0];
      }
      return undefined;
    })();
    expect(issue?.code).toBe('alias-bomb');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('watches only the depth of a document that cannot share nodes', () => {
    const shared = { b: 1 };
    expect(() =>
      checkDocumentBounds({ a: shared, c: [shared, shared, shared, shared] }, 'spec.json', { limits, mayShareNodes: false }),
    ).not.toThrow();
    expect(() => checkDocumentBounds({ a: { b: { c: { d: { e: { f: 1 } } } } } }, 'spec.json', { limits, mayShareNodes: false })).toThrow(
      /deeper than 5/,
    );
  });

  it('refuses an object that contains itself', () => {
    const node: Record<string, unknown> = {};
    node.self = node;
    expect(refusal(node).code).toBe('alias-cycle');
  });
});
