import { describe, expect, it } from 'vitest';
import { ExpiringMap } from './expiring-map.js';

describe('ExpiringMap', () => {
  it('drops an entry once its TTL has passed and keeps one without a TTL', () => {
    let clock = 0;
    const map = new ExpiringMap<string>(() => clock);
    map.set('a', 'x', 10);
    map.set('b', 'y', undefined);
    clock = 9;
    expect(map.get('a')).toBe('x');
    clock = 10;
    expect(map.get('a')).toBeUndefined();
    expect(map.get('b')).toBe('y');
    expect(map.size).toBe(1);
  });

  it('sweeps lapsed entries that are never read again', () => {
    let clock = 0;
    const map = new ExpiringMap<number>(() => clock);
    for (let index = 0; index < 998; index += 1) map.set(`old-${index}`, index, 1);
    map.set('forever', 0, undefined);
    clock = 1;
    expect(map.size).toBe(999);
    // The 1000th write sweeps.
    map.set('new', 1, 1);
    expect(map.size).toBe(2);
  });

  it('forgets the oldest live entries past maxKeys', () => {
    let clock = 0;
    const map = new ExpiringMap<number>(() => clock, 3);
    for (const key of ['a', 'b', 'c']) map.set(key, 0, 1000);
    map.set('a', 1, 1000);
    map.set('d', 0, 1000);
    expect(map.size).toBe(3);
    expect(map.get('a')).toBeUndefined();
    clock = 999;
    map.set('e', 0, 1000);
    expect([map.get('b'), map.get('c'), map.get('d'), map.get('e')]).toEqual([undefined, 0, 0, 0]);
  });
});
