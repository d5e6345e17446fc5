import { describe, expect, it } from 'vitest';
import { buildLab } from './build-lab';
import { hostileNotes } from './names';

const snapshotOf = (seed: number, nodes: number, guests: number): unknown => {
  const lab = buildLab(seed, { nodes, guests }, 1_700_000_000);
  return JSON.stringify({
    nodes: lab.nodes,
    guests: [...lab.guests.values()].map((guest) => ({ ...guest, addresses: [...guest.addresses] })),
  });
};

describe('buildLab', () => {
  it('builds the same lab from the same seed, another from another seed', () => {
    expect(snapshotOf(4, 3, 20)).toBe(snapshotOf(4, 3, 20));
    expect(snapshotOf(4, 3, 20)).not.toBe(snapshotOf(5, 3, 20));
  });

  it('builds the demo size with realistic names, templates, containers and the hostile notes', () => {
    const lab = buildLab(1, { nodes: 3, guests: 20 });
    const guests = [...lab.guests.values()];
    expect(lab.nodes.map((node) => node.name)).toEqual(['pve1', 'pve2', 'pve3']);
    expect(guests).toHaveLength(20);
    expect(guests.filter((guest) => guest.template).map((guest) => lab.guestName(guest))).toEqual(['tpl-debian-12', 'tpl-ubuntu-2404']);
    for (const guest of guests) expect(lab.guestName(guest)).toMatch(/^(tpl-[a-z0-9-]+|ct-[a-z]+-\d\d|[a-z0-9-]+-\d\d)$/);
    expect(guests.some((guest) => guest.type === 'lxc')).toBe(true);
    expect(guests.filter((guest) => guest.config.description === hostileNotes)).toHaveLength(1);
  });

  it('scales to the benchmark size with unique vmids spread over every node', () => {
    const lab = buildLab(42, { nodes: 50, guests: 5000 });
    const guests = [...lab.guests.values()];
    expect(new Set(guests.map((guest) => guest.vmid)).size).toBe(5000);
    expect(new Set(guests.map((guest) => guest.node)).size).toBe(50);
  });
});
