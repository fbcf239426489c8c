import { describe, expect, it } from 'vitest';
import { globMatcher, matchesAnyGlob } from './glob.js';

const matches = (glob: string, text: string) => globMatcher(glob)(text);

describe('globMatcher', () => {
  it('matches the whole text, ignoring case and the glob’s surrounding spaces', () => {
    expect(matches('list_apps', 'list_apps')).toBe(true);
    expect(matches('LIST_Apps', 'list_apps')).toBe(true);
    expect(matches(' list_apps ', 'list_apps')).toBe(true);
    expect(matches('list_app', 'list_apps')).toBe(false);
    expect(matches('ist_apps', 'list_apps')).toBe(false);
    expect(matches('', '')).toBe(true);
    expect(matches('', 'x')).toBe(false);
  });

  it('* is any run of characters within a path segment, ? one character', () => {
    expect(matches('list_*', 'list_apps')).toBe(true);
    expect(matches('list_*', 'list_')).toBe(true);
    expect(matches('*_app*', 'get_app_config')).toBe(true);
    expect(matches('get_?pp', 'get_app')).toBe(true);
    expect(matches('get_?pp', 'get_pp')).toBe(false);
    expect(matches('/apps/*', '/apps/{id}')).toBe(true);
    expect(matches('/apps/*', '/apps/{id}/backups')).toBe(false);
    expect(matches('/apps?x', '/apps/x')).toBe(false);
  });

  it('** is any run of characters, across segments too', () => {
    expect(matches('/api/v1/kubernetes/**', '/api/v1/kubernetes/clusters/{id}/nodes')).toBe(true);
    expect(matches('/api/**/nodes', '/api/v1/nodes')).toBe(true);
    expect(matches('/api/**/nodes', '/api/v1/nodes/x')).toBe(false);
    expect(matches('**', '')).toBe(true);
    expect(matches('***', '/a/b')).toBe(true);
  });

  it('takes every other character literally', () => {
    expect(matches('list.apps', 'list_apps')).toBe(false);
    expect(matches('list_(apps|tags)', 'list_apps')).toBe(false);
    expect(matches('list_(apps|tags)', 'list_(apps|tags)')).toBe(true);
    expect(matches('a+b', 'a+b')).toBe(true);
    expect(matches('[ab]', 'a')).toBe(false);
  });

  it('answers at once for a glob of many stars that does not match (no backtracking)', () => {
    const evil = `${'*a'.repeat(3000)}!`;
    const started = process.hrtime.bigint();
    expect(matches(evil, 'a'.repeat(60))).toBe(false);
    expect(matches('*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*!', 'a'.repeat(5000))).toBe(false);
    // A backtracking RegExp takes years on either; this one has a few million steps at most.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });
});

describe('matchesAnyGlob', () => {
  it('is true when one glob of the list matches', () => {
    expect(matchesAnyGlob(['get_*', 'delete_app'], 'delete_app')).toBe(true);
    expect(matchesAnyGlob(['get_*'], 'delete_app')).toBe(false);
    expect(matchesAnyGlob([], 'delete_app')).toBe(false);
  });
});
