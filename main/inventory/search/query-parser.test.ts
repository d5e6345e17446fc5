import { describe, expect, it } from 'vitest';
import { parseQuery } from './query-parser';

const gib = 1024 ** 3;

describe('parseQuery', () => {
  it('reads bare words as prefix text terms and quoted text as phrases', () => {
    expect(parseQuery('web  "nightly backup"').parts).toEqual([
      { type: 'text', text: 'web', phrase: false, negated: false },
      { type: 'text', text: 'nightly backup', phrase: true, negated: false },
    ]);
  });

  it('reads field filters with several values and wildcards', () => {
    expect(
      parseQuery('kind:vm state:running,suspended name:web* host:esx-03 tag:prod connection:lab parent:cl1 platform:proxmox type:lxc')
        .parts,
    ).toEqual([
      { type: 'match', field: 'kind', values: ['vm'], negated: false },
      { type: 'match', field: 'state', values: ['running', 'suspended'], negated: false },
      { type: 'match', field: 'name', values: ['web*'], negated: false },
      { type: 'match', field: 'host', values: ['esx-03'], negated: false },
      { type: 'match', field: 'tag', values: ['prod'], negated: false },
      { type: 'match', field: 'connection', values: ['lab'], negated: false },
      { type: 'match', field: 'parent', values: ['cl1'], negated: false },
      { type: 'match', field: 'platform', values: ['proxmox'], negated: false },
      { type: 'match', field: 'type', values: ['lxc'], negated: false },
    ]);
  });

  it('reads a quoted filter value with spaces', () => {
    expect(parseQuery('name:"web server 1"').parts).toEqual([{ type: 'match', field: 'name', values: ['web server 1'], negated: false }]);
  });

  it('reads numeric comparisons, memory and disk in GiB unless a unit is given', () => {
    expect(parseQuery('cpu>4 cpu:2 memory>=16 memory<512MiB disk<=1.5T cpu:>=8 disk=100').parts).toEqual([
      { type: 'number', field: 'cpu', comparison: '>', value: 4, negated: false },
      { type: 'number', field: 'cpu', comparison: '=', value: 2, negated: false },
      { type: 'number', field: 'memory', comparison: '>=', value: 16 * gib, negated: false },
      { type: 'number', field: 'memory', comparison: '<', value: 512 * 1024 ** 2, negated: false },
      { type: 'number', field: 'disk', comparison: '<=', value: 1.5 * 1024 ** 4, negated: false },
      { type: 'number', field: 'cpu', comparison: '>=', value: 8, negated: false },
      { type: 'number', field: 'disk', comparison: '=', value: 100 * gib, negated: false },
    ]);
  });

  it('negates filters, words and phrases with a leading minus', () => {
    expect(parseQuery('-state:stopped -test -"old backup" -cpu>2').parts).toEqual([
      { type: 'match', field: 'state', values: ['stopped'], negated: true },
      { type: 'text', text: 'test', phrase: false, negated: true },
      { type: 'text', text: 'old backup', phrase: true, negated: true },
      { type: 'number', field: 'cpu', comparison: '>', value: 2, negated: true },
    ]);
  });

  it('reads words limited to one indexed field', () => {
    expect(parseQuery('ip:10.0.1 mac:00:50:56 os:ubuntu uuid:4211 notes:"nightly backup" hostname:web1').parts).toEqual([
      { type: 'text', text: '10.0.1', phrase: false, negated: false, column: 'addresses' },
      { type: 'text', text: '00:50:56', phrase: false, negated: false, column: 'addresses' },
      { type: 'text', text: 'ubuntu', phrase: false, negated: false, column: 'guest_os' },
      { type: 'text', text: '4211', phrase: false, negated: false, column: 'uuid' },
      { type: 'text', text: 'nightly backup', phrase: true, negated: false, column: 'notes' },
      { type: 'text', text: 'web1', phrase: false, negated: false, column: 'host_name' },
    ]);
  });

  it('keeps IPs, MACs and UUIDs typed bare as text', () => {
    expect(parseQuery('10.0.0.5 00:50:56:aa:bb:cc').parts).toEqual([
      { type: 'text', text: '10.0.0.5', phrase: false, negated: false },
      { type: 'text', text: '00:50:56:aa:bb:cc', phrase: false, negated: false },
    ]);
  });

  it('explains what it could not use', () => {
    const parsed = parseQuery('colour:red cpu>many state>running memory>4XB -- kind:');
    expect(parsed.parts).toEqual([{ type: 'text', text: 'colour:red', phrase: false, negated: false }]);
    expect(parsed.warnings).toEqual([
      expect.stringContaining('Unknown field "colour"'),
      expect.stringContaining('a number of CPUs'),
      expect.stringContaining('only cpu, memory and disk can be compared'),
      expect.stringContaining('a size in GiB'),
      expect.stringContaining('no letters or digits'),
      expect.stringContaining('"kind:" names no value'),
    ]);
  });

  it('reads an empty query as no parts', () => {
    expect(parseQuery('   ')).toEqual({ parts: [], warnings: [] });
  });

  it('tolerates an unclosed quote', () => {
    expect(parseQuery('"web ser').parts).toEqual([{ type: 'text', text: 'web ser', phrase: true, negated: false }]);
  });
});
