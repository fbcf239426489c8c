import { describe, expect, it } from 'vitest';
import { type Issue, issuesSummary } from './issues.js';

const issue = (pointer: string, message: string): Issue => ({ code: 'broken-ref', file: 'spec.yaml', message, pointer, severity: 'error' });

describe('issuesSummary', () => {
  it('is the issue itself when there is one, with its pointer when it has one', () => {
    expect(issuesSummary([issue('/paths/~1a', 'no target')], 'spec.yaml: 1 broken $refs')).toBe('spec.yaml#/paths/~1a: no target');
    expect(issuesSummary([issue('', 'not an object')], 'spec.yaml: 1 problems')).toBe('spec.yaml: not an object');
  });

  it('is the count given when there are several', () => {
    expect(issuesSummary([issue('/a', 'one'), issue('/b', 'two')], 'spec.yaml: 2 broken $refs')).toBe('spec.yaml: 2 broken $refs');
  });
});
