const units: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "32G" → bytes, as qemu-server writes disk sizes. */
export function parseDiskSizeSim(text: string): number {
  const match = /^([\d.]+)([KMGT]?)$/.exec(text);
  return match ? Math.round(Number(match[1]) * (units[match[2] as string] ?? 1)) : 0;
}
