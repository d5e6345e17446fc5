/**
 * PVE configs pack device settings into "property strings":
 * `virtio=BC:24:11:00:00:01,bridge=vmbr0,tag=20,firewall=1` or
 * `local-lvm:vm-100-disk-0,size=32G,iothread=1`. A part without `=` is the value of the
 * format's default key (`file` for disks); `model=MAC` pairs name the NIC model.
 */
export interface PropertyString {
  /** The part without a key, if any (a disk's volume, an lxc mount's volume). */
  defaultValue?: string;
  values: Record<string, string>;
}

export function parsePropertyString(text: string): PropertyString {
  const result: PropertyString = { values: {} };
  for (const part of text.split(',')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    if (equals < 0) {
      result.defaultValue ??= part;
      continue;
    }
    result.values[part.slice(0, equals).trim()] = part.slice(equals + 1);
  }
  return result;
}

const sizeUnits: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "32G", "512M", "1.5T", "1024" → bytes. */
export function parseDiskSize(text: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)B?$/i.exec(text?.trim() ?? '');
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (sizeUnits[(match[2] ?? '').toUpperCase()] ?? 1));
}
