import type { ServiceType } from './errors';

/** A microversion as [major, minor]; "2.90" → [2, 90]. */
export type Microversion = readonly [number, number];

export function parseMicroversion(text: string | undefined | null): Microversion | undefined {
  const match = /^v?(\d+)\.(\d+)$/.exec((text ?? '').trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export const formatMicroversion = (version: Microversion): string => `${version[0]}.${version[1]}`;

export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a[0] - b[0] || a[1] - b[1];
}

export const atLeast = (version: Microversion | undefined, major: number, minor: number): boolean =>
  version !== undefined && compareMicroversions(version, [major, minor]) >= 0;

/** The services that take a microversion header, the header's service name, and the newest Skydeck understands. */
export const microversionedServices = {
  compute: { header: 'compute', newest: [2, 90] as Microversion },
  'block-storage': { header: 'volume', newest: [3, 66] as Microversion },
  placement: { header: 'placement', newest: [1, 39] as Microversion },
} as const satisfies Partial<Record<ServiceType, { header: string; newest: Microversion }>>;

export type MicroversionedService = keyof typeof microversionedServices;

export const isMicroversioned = (service: ServiceType): service is MicroversionedService => service in microversionedServices;

interface VersionEntry {
  id?: string;
  status?: string;
  version?: string;
  max_version?: string;
  min_version?: string;
}

/**
 * The range a service supports, from its version document: Nova's `{version:{…}}` at
 * /v2.1/, Cinder's `{versions:[…]}` at /v3/, Placement's `{versions:[…]}` at its root.
 */
export function supportedRange(document: unknown, major: number): { min: Microversion; max: Microversion } | undefined {
  if (typeof document !== 'object' || document === null) return undefined;
  const record = document as { version?: VersionEntry; versions?: VersionEntry[] };
  const entries = record.version ? [record.version] : (record.versions ?? []);
  const entry =
    entries.find((candidate) => candidate.id?.startsWith(`v${major}.`) && (candidate.version || candidate.max_version)) ??
    entries.find((candidate) => candidate.status === 'CURRENT');
  const max = parseMicroversion(entry?.version || entry?.max_version);
  if (!entry || !max) return undefined;
  return { min: parseMicroversion(entry.min_version) ?? [major, 0], max };
}

/** The newest version both sides speak, or undefined when the server is older than the floor. */
export function negotiate(range: { min: Microversion; max: Microversion }, newest: Microversion): Microversion | undefined {
  const chosen = compareMicroversions(range.max, newest) < 0 ? range.max : newest;
  return compareMicroversions(chosen, range.min) < 0 ? undefined : chosen;
}
