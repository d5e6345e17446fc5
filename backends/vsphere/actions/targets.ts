import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { parseObjectId, type ObjectKind } from '../../../common/model/inventory';
import type { MoRef } from '../soap/xml-node';

const managedTypes: Partial<Record<ObjectKind, string>> = {
  vm: 'VirtualMachine',
  template: 'VirtualMachine',
  snapshot: 'VirtualMachineSnapshot',
  host: 'HostSystem',
  storage: 'Datastore',
  cluster: 'ClusterComputeResource',
  tenant: 'ResourcePool',
};

/** The managed object behind a Skydeck object id of this connection, checked against the kinds allowed. */
export function targetRef(connectionId: string, id: string, allowed: readonly ObjectKind[]): { ref: MoRef; kind: ObjectKind } {
  const parsed = parseObjectId(id);
  if (!parsed || parsed.connectionId !== connectionId) {
    throw new SkydeckFailure('invalid-input', `${id} is not an object of this vSphere connection.`);
  }
  const type = managedTypes[parsed.kind];
  if (!type || !allowed.includes(parsed.kind)) {
    throw new SkydeckFailure('invalid-input', `This works on ${allowed.join(' or ')} objects, not on a ${parsed.kind}.`);
  }
  return { ref: { type, value: parsed.nativeId }, kind: parsed.kind };
}

/** An action parameter naming another object: a Skydeck id or a bare managed object id ("host-21"). */
export function refParam(params: Record<string, unknown> | undefined, name: string, type: string): MoRef | undefined {
  const value = params?.[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new SkydeckFailure('invalid-input', `The parameter ${name} must name an object.`);
  const parsed = parseObjectId(value);
  return { type, value: parsed ? parsed.nativeId : value };
}
