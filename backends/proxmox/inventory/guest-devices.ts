import { isRecord, readInteger, readRows, readString } from '../api/lenient';
import { parseDiskSize, parsePropertyString } from '../api/property-string';

export type GuestType = 'qemu' | 'lxc';

export interface GuestDisk {
  /** Config key: scsi0, virtio1, efidisk0, rootfs, mp0 … */
  key: string;
  /** "local-lvm:vm-100-disk-0", a device path, or a bind-mounted directory. */
  volume: string;
  /** The storage id in front of the colon, when the volume lives on a PVE storage. */
  storage?: string;
  sizeBytes?: number;
}

export interface GuestNic {
  /** Config key: net0 … */
  key: string;
  mac?: string;
  bridge?: string;
  vlan?: number;
  model?: string;
  /** A container's address as its config sets it: "10.0.0.5/24", "dhcp" or "manual". */
  ipv4?: string;
}

const qemuDiskKey = /^(ide|sata|scsi|virtio)\d+$|^efidisk0$|^tpmstate0$/;
const lxcDiskKey = /^rootfs$|^mp\d+$/;
const nicKey = /^net\d+$/;
/** Keys of a qemu NIC that are options; any other key is the model, its value the MAC. */
const qemuNicOptions = new Set(['bridge', 'firewall', 'link_down', 'macaddr', 'model', 'mtu', 'queues', 'rate', 'tag', 'trunks']);

/** "local-lvm:vm-100-disk-0" → "local-lvm"; absolute paths and "none" have no storage. */
function storageOfVolume(volume: string): string | undefined {
  if (volume.startsWith('/') || volume === 'none') return undefined;
  const colon = volume.indexOf(':');
  return colon > 0 ? volume.slice(0, colon) : undefined;
}

const byKeyOrder = (a: { key: string }, b: { key: string }): number => a.key.localeCompare(b.key, 'en', { numeric: true });

/** The disks of a guest config (CD-ROM drives are not disks). */
export function readDisks(type: GuestType, config: Record<string, unknown>): GuestDisk[] {
  const pattern = type === 'qemu' ? qemuDiskKey : lxcDiskKey;
  const disks: GuestDisk[] = [];
  for (const [key, value] of Object.entries(config)) {
    const text = readString(value);
    if (!pattern.test(key) || !text) continue;
    const parsed = parsePropertyString(text);
    if (parsed.values.media === 'cdrom') continue;
    const volume = parsed.defaultValue ?? parsed.values.file ?? parsed.values.volume ?? '';
    if (!volume || volume === 'none') continue;
    const disk: GuestDisk = { key, volume };
    const storage = storageOfVolume(volume);
    if (storage) disk.storage = storage;
    const size = parseDiskSize(parsed.values.size);
    if (size !== undefined) disk.sizeBytes = size;
    disks.push(disk);
  }
  return disks.sort(byKeyOrder);
}

/** The NICs of a guest config: qemu `virtio=MAC,bridge=…` or lxc `name=eth0,hwaddr=MAC,bridge=…`. */
export function readNics(type: GuestType, config: Record<string, unknown>): GuestNic[] {
  const nics: GuestNic[] = [];
  for (const [key, value] of Object.entries(config)) {
    const text = readString(value);
    if (!nicKey.test(key) || !text) continue;
    const { values } = parsePropertyString(text);
    const nic: GuestNic = { key };
    if (type === 'qemu') {
      const modelKey = Object.keys(values).find((name) => !qemuNicOptions.has(name));
      const model = modelKey ?? values.model;
      if (model) nic.model = model;
      const mac = modelKey ? values[modelKey] : values.macaddr;
      if (mac) nic.mac = mac.toUpperCase();
    } else {
      if (values.hwaddr) nic.mac = values.hwaddr.toUpperCase();
      nic.model = values.type ?? 'veth';
      if (values.ip) nic.ipv4 = values.ip;
    }
    if (values.bridge) nic.bridge = values.bridge;
    const vlan = readInteger(values.tag);
    if (vlan !== undefined) nic.vlan = vlan;
    nics.push(nic);
  }
  return nics.sort(byKeyOrder);
}

/**
 * A container's IPs by MAC when its config sets every NIC statically (`ip=10.0.0.5/24`):
 * PVE configures those itself, so there is nothing to ask the running container.
 * Undefined when some NIC uses DHCP or has no address set.
 */
export function staticContainerAddresses(nics: readonly GuestNic[]): Map<string, string[]> | undefined {
  const byMac = new Map<string, string[]>();
  for (const nic of nics) {
    const address = nic.ipv4?.split('/')[0];
    if (!nic.mac || !address || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) return undefined;
    byMac.set(nic.mac, [address]);
  }
  return byMac.size > 0 ? byMac : undefined;
}

/** Addresses worth showing: no loopback, no IPv6 link-local. */
const usefulAddress = (address: string): boolean => !/^127\./.test(address) && address !== '::1' && !/^fe80:/i.test(address);

/**
 * IP addresses by upper-case MAC, from the qemu guest agent's
 * `network-get-interfaces` (`{result: [...]}`) or lxc's `/interfaces` list.
 */
export function readGuestAddresses(data: unknown): Map<string, string[]> {
  const rows = isRecord(data) ? readRows(data.result) : readRows(data);
  const byMac = new Map<string, string[]>();
  for (const row of rows) {
    const mac = (readString(row['hardware-address']) ?? readString(row.hwaddr))?.toUpperCase();
    if (!mac || /^(00:){5}00$/.test(mac)) continue;
    const addresses: string[] = [];
    for (const entry of readRows(row['ip-addresses'])) {
      const address = readString(entry['ip-address']);
      if (address) addresses.push(address);
    }
    for (const key of ['inet', 'inet6']) {
      const cidr = readString(row[key]);
      if (cidr) addresses.push(cidr.split('/')[0] as string);
    }
    const unique = [...new Set(addresses.filter(usefulAddress))];
    if (unique.length > 0) byMac.set(mac, unique);
  }
  return byMac;
}
