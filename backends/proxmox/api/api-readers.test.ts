import { describe, expect, it } from 'vitest';
import { recordedData } from '../testing/shared-contracts';
import { readBoolean, readInteger, readNumber, readString } from './lenient';
import { readLoginAnswer } from './login-answer';
import { parseDiskSize, parsePropertyString } from './property-string';
import { parseUpid } from './upid';

describe('lenient readers', () => {
  it('take numbers sent as strings, booleans as 0/1, and leave garbage out', () => {
    expect(readNumber('0.05')).toBe(0.05);
    expect(readInteger('5900')).toBe(5900);
    expect(readNumber('')).toBeUndefined();
    expect(readNumber('n/a')).toBeUndefined();
    expect(readBoolean(1)).toBe(true);
    expect(readBoolean('0')).toBe(false);
    expect(readString(101)).toBe('101');
    expect(readString('')).toBeUndefined();
  });
});

describe('property strings', () => {
  it('reads a qemu NIC with its model key carrying the MAC', () => {
    expect(parsePropertyString('virtio=BC:24:11:2A:AD:F2,bridge=vmbr0,firewall=1,tag=20')).toEqual({
      values: { virtio: 'BC:24:11:2A:AD:F2', bridge: 'vmbr0', firewall: '1', tag: '20' },
    });
  });

  it('reads a disk whose volume is the default key', () => {
    expect(parsePropertyString('local-lvm:vm-100-disk-0,iothread=1,size=32G')).toEqual({
      defaultValue: 'local-lvm:vm-100-disk-0',
      values: { iothread: '1', size: '32G' },
    });
    expect(parseDiskSize('32G')).toBe(32 * 1024 ** 3);
    expect(parseDiskSize('4M')).toBe(4 * 1024 ** 2);
    expect(parseDiskSize('1.5T')).toBe(1.5 * 1024 ** 4);
    expect(parseDiskSize('big')).toBeUndefined();
  });
});

describe('recorded answers', () => {
  it('reads every UPID of a real task list, matching the row fields', () => {
    const rows = recordedData('node-tasks.json') as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const upid = parseUpid(row.upid as string);
      expect(upid).toEqual({
        node: row.node,
        pid: row.pid,
        pstart: row.pstart,
        startTime: row.starttime,
        type: row.type,
        id: row.id,
        user: row.user,
      });
    }
    expect(parseUpid('UPID:pve1:0000:bad')).toBeUndefined();
  });

  it('reads a real login answer: ticket, CSRF token, cluster name and privileges', () => {
    const answer = readLoginAnswer(recordedData('access-ticket.json'));
    expect(answer.username).toBe('root@pam');
    expect(answer.ticket).toMatch(/^PVE:root@pam:64E10CBA::/);
    expect(answer.csrf).toBe('64E10CBA:YDNz71IKnE0sWsm1SbV1PGwz3hAyprvygQ7SBkxHVtE');
    expect(answer.clusterName).toBe('pve-cluster');
    expect(answer.needsSecondFactor).toBe(false);
    expect(answer.capabilities?.vms?.['VM.PowerMgmt']).toBe(1);
  });
});
