import { describe, expect, it } from 'vitest';
import { recordedData } from '../../../backends/proxmox/testing/shared-contracts';
import { checkExchange } from './exchange-check';
import { PveApiSchema } from './pve-schema';

const schema = PveApiSchema.load();

describe('the schema check itself', () => {
  it('resolves concrete paths to their templates, literal segments first', () => {
    expect(schema.resolve('/nodes/pve1/qemu/100/status/current')).toMatchObject({
      template: '/nodes/{node}/qemu/{vmid}/status/current',
      pathParams: { node: 'pve1', vmid: '100' },
    });
    expect(schema.resolve('/nodes/pve1/tasks/UPID%3Apve1%3A0000/status')?.pathParams.upid).toBe('UPID:pve1:0000');
    expect(schema.resolve('/no/such/thing')).toBeUndefined();
  });

  it('catches a missing required parameter, an unknown one, a bad enum and a bad type', () => {
    const problems = checkExchange(schema, {
      method: 'GET',
      path: '/nodes/pve1/qemu/100/rrddata',
      params: { cf: 'MIN', bogus: '1' },
      status: 400,
    });
    expect(problems).toEqual([
      'GET /nodes/pve1/qemu/100/rrddata parameter cf: "MIN" is not one of AVERAGE, MAX',
      'GET /nodes/pve1/qemu/100/rrddata: parameter "bogus" is not defined for /nodes/{node}/qemu/{vmid}/rrddata',
      'GET /nodes/pve1/qemu/100/rrddata: required parameter "timeframe" is missing',
    ]);
    expect(
      checkExchange(schema, { method: 'POST', path: '/nodes/pve1/qemu/abc/status/start', params: {}, status: 200, data: 'UPID:x' }),
    ).toEqual(['POST /nodes/pve1/qemu/abc/status/start parameter vmid: "abc" is not an integer']);
  });

  it('checks answers: types, enums, property strings in configs, no extra keys where the schema forbids them', () => {
    const problems = checkExchange(schema, {
      method: 'GET',
      path: '/nodes/pve1/qemu/100/config',
      params: {},
      status: 200,
      data: {
        digest: 'a1b2',
        cores: 'two',
        net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,colour=red',
        scsi0: 'local-lvm:vm-100-disk-0,cache=sometimes',
      },
    });
    expect(problems).toEqual([
      'GET /nodes/pve1/qemu/100/config → data.cores: "two" is not an integer',
      'GET /nodes/pve1/qemu/100/config → data.net0: unknown property "colour" in "virtio=BC:24:11:00:00:01,bridge=vmbr0,colour=red"',
      'GET /nodes/pve1/qemu/100/config → data.scsi0.cache: "sometimes" is not one of none, writethrough, writeback, unsafe, directsync',
    ]);
    expect(
      checkExchange(schema, {
        method: 'POST',
        path: '/nodes/pve1/qemu/100/vncproxy',
        params: {},
        status: 200,
        data: { port: '5900', ticket: 't', cert: 'c', user: 'u', upid: 'x', extra: 1 },
      }),
    ).toEqual(['POST /nodes/pve1/qemu/100/vncproxy → data: "extra" is not in the schema (no additional properties allowed)']);
  });

  it('accepts what real servers sent (numbers as strings, keys left out)', () => {
    const recorded: [string, string, string][] = [
      ['cluster-resources.json', 'GET', '/cluster/resources'],
      ['nodes.json', 'GET', '/nodes'],
      ['node-network.json', 'GET', '/nodes/node1/network'],
      ['node-tasks.json', 'GET', '/nodes/node1/tasks'],
      ['qemu-rrddata-hour.json', 'GET', '/nodes/node1/qemu/101/rrddata'],
    ];
    for (const [file, method, path] of recorded) {
      const params: Record<string, string> = path.endsWith('rrddata') ? { timeframe: 'hour' } : {};
      expect(checkExchange(schema, { method, path, params, status: 200, data: recordedData(file) }), file).toEqual([]);
    }
  });
});
