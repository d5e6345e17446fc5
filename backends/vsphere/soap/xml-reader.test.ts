import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixtureItems } from '../fixtures/fixtures';
import { arrayItems, child, moRefOf, textAt, toPlain } from './xml-node';
import { parseXml, readXmlStream } from './xml-reader';

describe('streamed vim25 XML', () => {
  it('hands out split elements one by one and keeps the rest of the document', async () => {
    const { items, rest } = await fixtureItems('handwritten-updates.xml', ['returnval', 'filterSet', 'objectSet']);
    expect(items.map((item) => textAt(item, 'kind'))).toEqual(['enter', 'modify', 'leave']);
    const set = child(child(rest, 'Body')?.children[0], 'returnval');
    expect(textAt(set, 'version')).toBe('1042_2');
    expect(textAt(set, 'truncated')).toBe('true');
    expect(child(set, 'filterSet')?.children.map((c) => c.name)).toEqual(['filter']);
  });

  it("reads vcsim's xsi:type under its own prefix, references and arrays", async () => {
    const { items } = await fixtureItems('vcsim-vm.xml', ['returnval', 'objects'], 13);
    const vm = items[0];
    const props = new Map((vm?.children ?? []).filter((c) => c.name === 'propSet').map((p) => [textAt(p, 'name'), child(p, 'val')]));
    expect(moRefOf(child(vm, 'obj'))).toEqual({ type: 'VirtualMachine', value: 'vm-60' });
    expect(props.get('snapshot')?.xsiType).toBe('VirtualMachineSnapshotInfo');
    const devices = arrayItems(props.get('config.hardware.device'));
    expect(devices.map((d) => d.xsiType)).toContain('VirtualDisk');
    expect(props.get('config.hardware.numCPU')?.xsiType).toBe('int');
    expect(toPlain(props.get('config.hardware.numCPU') as never)).toBe(1);
  });

  it('decodes entities and multi-byte characters split across chunks', async () => {
    const xml = '<a><name>caf\u00e9 &amp; &lt;b&gt; \u{1F600}</name></a>';
    const bytes = Buffer.from(xml);
    const chunks = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const reader = readXmlStream(Readable.from(chunks), ['a', 'name']);
    const first = await reader.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatchObject({ name: 'name', text: 'caf\u00e9 & <b> \u{1F600}' });
  });

  it('fails on something that is not XML', () => {
    expect(() => parseXml('<html>proxy error: \u0000\u00ff garbage')).toThrow();
  });

  it('turns structures into plain JSON with repeated names as arrays', () => {
    const node = parseXml(
      '<val xsi:type="GuestNicInfo"><ipAddress>a</ipAddress><ipAddress>b</ipAddress><connected>true</connected><network type="Network">n-1</network></val>',
    );
    expect(toPlain(node)).toEqual({ _type: 'GuestNicInfo', ipAddress: ['a', 'b'], connected: 'true', network: 'Network:n-1' });
  });
});
