import { describe, expect, it } from 'vitest';
import { keepEntries, toggled, withEntry, withMember, withoutEntry, withoutMember } from './immutable';

describe('immutable collection updates', () => {
  it('return new maps and leave the old ones as they were', () => {
    const before: ReadonlyMap<string, number> = new Map([['a', 1]]);
    const added = withEntry(before, 'b', 2);
    expect([...added]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...withoutEntry(added, 'a')]).toEqual([['b', 2]]);
    expect([...keepEntries(added, (_key, value) => value > 1)]).toEqual([['b', 2]]);
    expect([...before]).toEqual([['a', 1]]);
  });

  it('toggle, add and remove set members without touching the original', () => {
    const before: ReadonlySet<string> = new Set(['x']);
    expect([...toggled(before, 'y')]).toEqual(['x', 'y']);
    expect([...toggled(before, 'x')]).toEqual([]);
    expect(withMember(before, 'x')).toBe(before);
    expect([...withMember(before, 'z')]).toEqual(['x', 'z']);
    expect([...withoutMember(before, 'x')]).toEqual([]);
    expect([...before]).toEqual(['x']);
  });
});
