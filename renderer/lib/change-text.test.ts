import { describe, expect, it } from 'vitest';
import type { FieldChange } from '../../common/model/inventory-views';
import { describeChanges, idsInFieldChanges, nameFromLookup, resolveNames } from './change-text';

const change = (field: string, category: FieldChange['category'], oldValue: unknown, newValue: unknown): FieldChange => ({
  field,
  category,
  oldValue,
  newValue,
});
const names = nameFromLookup(
  new Map([
    ['vc/host/h1', 'esx-01'],
    ['vc/host/h2', 'esx-02'],
  ]),
);

describe('change sentences', () => {
  it('says powered off, moved, resized and renamed the way a sysadmin would', () => {
    const fields = [
      change('state', 'power', 'running', 'stopped'),
      change('parentId', 'moved', 'vc/host/h1', 'vc/host/h2'),
      change('relations.runs-on', 'moved', ['vc/host/h1'], ['vc/host/h2']),
      change('facts.cpuCount', 'resized', 2, 4),
      change('facts.memoryBytes', 'resized', 8 * 1024 ** 3, 16 * 1024 ** 3),
      change('name', 'renamed', 'web-1', 'web-01'),
    ];
    expect(describeChanges(fields, names)).toEqual([
      'powered off',
      'moved: esx-01 → esx-02',
      'CPUs: 2 → 4',
      'memory: 8 GiB → 16 GiB',
      'renamed: web-1 → web-01',
    ]);
  });

  it('falls back to the native id for an object no longer in the inventory, and shortens long values', () => {
    expect(describeChanges([change('relations.stored-on', 'moved', ['vc/storage/ds9'], null)], names)).toEqual(['stored-on: ds9 → none']);
    const [long] = describeChanges([change('facts.notes', 'other', 'x'.repeat(200), '')], names);
    expect(long).toBe(`notes: ${'x'.repeat(79)}… → none`);
  });

  it('lists the object ids the changes point at', () => {
    expect(
      idsInFieldChanges([change('relations.runs-on', 'moved', ['vc/host/h1'], ['vc/host/h2']), change('facts.cpuCount', 'resized', 2, 4)]),
    ).toEqual(['vc/host/h1', 'vc/host/h2']);
  });
});

describe('resolveNames', () => {
  it('names the objects it finds, once each, and skips those it cannot', async () => {
    const asked: string[] = [];
    const lookup = async (id: string): Promise<string | undefined> => {
      asked.push(id);
      if (id === 'vc/host/broken') throw new Error('not there');
      return id === 'vc/host/h1' ? 'esx-01' : undefined;
    };
    const names = await resolveNames(['vc/host/h1', 'vc/host/h1', 'vc/host/gone', 'vc/host/broken'], lookup);
    expect([...names]).toEqual([['vc/host/h1', 'esx-01']]);
    expect(asked).toEqual(['vc/host/h1', 'vc/host/gone', 'vc/host/broken']);
  });
});
