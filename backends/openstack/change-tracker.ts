import type { ObjectId } from '../../common/model/inventory';
import { record, text, type NativeBody } from './mapping/context';

/** The lists the watch re-reads, each with its own way to tell that an object changed. */
export const families = [
  'servers',
  'networks',
  'subnets',
  'ports',
  'routers',
  'floatingips',
  'securityGroups',
  'volumes',
  'volumeSnapshots',
  'images',
] as const;
export type Family = (typeof families)[number];

/**
 * What changes when an object changes: Neutron's revision_number; for the others the update
 * time plus the status fields that can flip within one second of Nova's clock.
 */
export function signatureOf(family: Family, body: NativeBody): string {
  switch (family) {
    case 'servers':
      return [
        body.updated,
        body.status,
        body['OS-EXT-STS:task_state'],
        body['OS-EXT-STS:power_state'],
        body['OS-EXT-SRV-ATTR:hypervisor_hostname'],
      ]
        .map((part) => String(part ?? ''))
        .join('|');
    case 'volumes':
      return `${String(body.updated_at ?? '')}|${String(body.status ?? '')}|${JSON.stringify(body.attachments ?? [])}`;
    case 'volumeSnapshots':
    case 'images':
      return `${String(body.updated_at ?? '')}|${String(body.status ?? '')}`;
    default:
      return String(body.revision_number ?? text(record(body).updated_at) ?? '');
  }
}

interface Known {
  id: ObjectId;
  signature: string;
}

/** What the last sync saw, so the watch emits only what changed since. */
export class ChangeTracker {
  readonly #known = new Map<Family, Map<string, Known>>(families.map((family) => [family, new Map()]));
  /** Server clock (Unix ms) of the last Nova poll, for changes-since. */
  serversSince: number | undefined;
  /** Server clock of the last Cinder poll, for updated_at filters. */
  volumesSince: number | undefined;

  #of(family: Family): Map<string, Known> {
    return this.#known.get(family) as Map<string, Known>;
  }

  remember(family: Family, nativeId: string, id: ObjectId, signature: string): void {
    this.#of(family).set(nativeId, { id, signature });
  }

  /** True when the object is new or its signature differs from the remembered one. */
  differs(family: Family, nativeId: string, signature: string): boolean {
    return this.#of(family).get(nativeId)?.signature !== signature;
  }

  knows(family: Family, nativeId: string): boolean {
    return this.#of(family).has(nativeId);
  }

  /** Forgets an object and returns the id it had, when it was known. */
  forget(family: Family, nativeId: string): ObjectId | undefined {
    const known = this.#of(family).get(nativeId);
    this.#of(family).delete(nativeId);
    return known?.id;
  }

  nativeIds(family: Family): string[] {
    return [...this.#of(family).keys()];
  }
}
