import { randomBytes, randomUUID } from 'node:crypto';
import { element, leaf } from '../../soap/envelope';
import { child, moRefOf, textAt, type MoRef } from '../../soap/xml-node';
import { walkSnapshots, type SimSnapshot, type SimVm } from '../model/entities';
import { refValue } from '../model/values';
import type { SimState } from '../sim-state';
import { SoapFault } from '../soap/soap-io';
import { argText, invalidArgument, notFound, returnRef, type CallContext, type Handler } from './call-context';
import { startTask } from './tasks';

const powerPaths = [
  'runtime.powerState',
  'runtime.bootTime',
  'runtime.maxCpuUsage',
  'summary.runtime',
  'summary.quickStats',
  'guest',
  'config.hardware.device',
];
const snapshotPaths = ['snapshot', 'rootSnapshot', 'summary.storage'];
const placementPaths = [
  'runtime.host',
  'summary.runtime.host',
  'resourcePool',
  'datastore',
  'config.hardware.device',
  'summary.config.vmPathName',
];

function vmOf({ state, request }: CallContext): SimVm {
  const vm = state.inventory.getAs(request.target, 'VirtualMachine');
  if (!vm) throw notFound(request.target);
  return vm;
}

function invalidPowerState(vm: SimVm, requested: string): SoapFault {
  return new SoapFault('InvalidPowerState', `The attempted operation cannot be performed in the current state (${vm.powerState}).`, {
    requestedState: requested,
    existingState: vm.powerState,
  });
}

function notOnTemplate(vm: SimVm): void {
  if (vm.template) throw new SoapFault('NotSupported', 'The operation is not supported on a template.');
}

function setPower(state: SimState, vm: SimVm, power: SimVm['powerState']): void {
  vm.powerState = power;
  if (power === 'poweredOn') vm.bootTime = new Date();
  else if (power === 'poweredOff') delete vm.bootTime;
  state.inventory.touch(vm, powerPaths);
}

/** A power task: checks the state when the task runs (as vCenter does), then changes it. */
function powerTask(
  method: string,
  requested: SimVm['powerState'],
  allowedFrom: readonly SimVm['powerState'][],
  next: SimVm['powerState'],
): Handler {
  return (context) => {
    const vm = vmOf(context);
    notOnTemplate(vm);
    return returnRef(
      startTask(context.state, vm, method, () => {
        if (!allowedFrom.includes(vm.powerState)) throw invalidPowerState(vm, requested);
        setPower(context.state, vm, next);
        return undefined;
      }),
    );
  };
}

export const powerOn = powerTask('PowerOnVM_Task', 'poweredOn', ['poweredOff', 'suspended'], 'poweredOn');
export const powerOff = powerTask('PowerOffVM_Task', 'poweredOff', ['poweredOn', 'suspended'], 'poweredOff');
export const reset = powerTask('ResetVM_Task', 'poweredOn', ['poweredOn'], 'poweredOn');
export const suspend = powerTask('SuspendVM_Task', 'suspended', ['poweredOn'], 'suspended');

function requireTools(vm: SimVm): void {
  if (vm.powerState !== 'poweredOn') throw invalidPowerState(vm, 'poweredOn');
  if (!vm.toolsInstalled)
    throw new SoapFault('ToolsUnavailable', 'Cannot complete operation because VMware Tools is not running in this virtual machine.');
}

/** Guest operations answer at once and take effect a moment later, as the guest reacts. */
export const shutdownGuest: Handler = (context) => {
  const vm = vmOf(context);
  requireTools(vm);
  setTimeout(() => {
    if (vm.powerState === 'poweredOn') setPower(context.state, vm, 'poweredOff');
  }, context.state.knobs.taskDurationMs).unref();
  return '';
};

export const rebootGuest: Handler = (context) => {
  const vm = vmOf(context);
  if (!context.state.knobs.guestReboot) throw methodNotFound(context);
  requireTools(vm);
  setTimeout(() => setPower(context.state, vm, 'poweredOn'), context.state.knobs.taskDurationMs).unref();
  return '';
};

export function methodNotFound({ request }: CallContext): SoapFault {
  return new SoapFault('MethodNotFound', `${request.target.type}:${request.target.value} does not implement: ${request.method}`, {
    receiver: refValue(request.target),
    method: request.method,
  });
}

export const createSnapshot: Handler = (context) => {
  const vm = vmOf(context);
  notOnTemplate(vm);
  const args = context.request.args;
  const name = argText(args, 'name');
  if (!name) throw invalidArgument('name');
  const memory = argText(args, 'memory') === 'true';
  return returnRef(
    startTask(context.state, vm, 'CreateSnapshot_Task', () => {
      const snapshot: SimSnapshot = {
        ref: context.state.inventory.newRef('VirtualMachineSnapshot'),
        name,
        description: argText(args, 'description') ?? '',
        id: vm.nextSnapshotId++,
        createTime: new Date(),
        powerState: vm.powerState,
        memory: memory && vm.powerState === 'poweredOn',
        quiesced: argText(args, 'quiesce') === 'true',
        children: [],
      };
      const current = findSnapshot(vm, vm.currentSnapshot);
      (current ? current.snapshot.children : vm.snapshots).push(snapshot);
      vm.currentSnapshot = snapshot.ref;
      vm.committedBytes += 64 * 1024 * 1024;
      context.state.inventory.touch(vm, snapshotPaths);
      return refValue(snapshot.ref);
    }),
  );
};

function findSnapshot(vm: SimVm, ref: MoRef | undefined): { snapshot: SimSnapshot; parent?: SimSnapshot } | undefined {
  if (!ref) return undefined;
  for (const entry of walkSnapshots(vm.snapshots)) if (entry.snapshot.ref.value === ref.value) return entry;
  return undefined;
}

function snapshotOwner(state: SimState, ref: MoRef): { vm: SimVm; snapshot: SimSnapshot; parent?: SimSnapshot } {
  for (const entity of state.inventory.all()) {
    if (entity.type !== 'VirtualMachine') continue;
    const found = findSnapshot(entity, ref);
    if (found) return { vm: entity, ...found };
  }
  throw notFound(ref);
}

export const revertToSnapshot: Handler = (context) => {
  const { vm, snapshot } = snapshotOwner(context.state, context.request.target);
  return returnRef(
    startTask(context.state, vm, 'RevertToSnapshot_Task', () => {
      vm.currentSnapshot = snapshot.ref;
      const power = snapshot.memory ? snapshot.powerState : 'poweredOff';
      if (power !== vm.powerState) setPower(context.state, vm, power);
      context.state.inventory.touch(vm, snapshotPaths);
      return undefined;
    }),
  );
};

export const removeSnapshot: Handler = (context) => {
  const owner = snapshotOwner(context.state, context.request.target);
  const removeChildren = argText(context.request.args, 'removeChildren') === 'true';
  return returnRef(
    startTask(context.state, owner.vm, 'RemoveSnapshot_Task', () => {
      const { vm, snapshot, parent } = snapshotOwner(context.state, owner.snapshot.ref);
      const siblings = parent ? parent.children : vm.snapshots;
      siblings.splice(siblings.indexOf(snapshot), 1, ...(removeChildren ? [] : snapshot.children));
      if (vm.currentSnapshot && !findSnapshot(vm, vm.currentSnapshot)) {
        if (parent) vm.currentSnapshot = parent.ref;
        else delete vm.currentSnapshot;
      }
      vm.committedBytes = Math.max(0, vm.committedBytes - 64 * 1024 * 1024);
      context.state.inventory.touch(vm, snapshotPaths);
      return undefined;
    }),
  );
};

/** The first connected host of the cluster (or standalone resource) that owns a pool. */
function hostForPool(state: SimState, pool: MoRef): MoRef | undefined {
  const owner = state.inventory.getAs(pool, 'ResourcePool')?.owner ?? state.inventory.getAs(pool, 'VirtualApp')?.owner;
  if (!owner) return undefined;
  return state.inventory
    .descendants(owner, false)
    .find((ref) => ref.type === 'HostSystem' && state.inventory.getAs(ref, 'HostSystem')?.connectionState === 'connected');
}

function requireEntity(state: SimState, ref: MoRef | undefined, types: readonly string[]): MoRef | undefined {
  if (!ref) return undefined;
  const entity = state.inventory.get(ref);
  if (!entity || !types.includes(entity.type)) throw notFound(ref);
  return ref;
}

function moveDisks(state: SimState, vm: SimVm, datastore: MoRef): void {
  const name = state.inventory.get(datastore)?.name ?? datastore.value;
  for (const disk of vm.disks) {
    disk.datastore = datastore;
    disk.fileName = disk.fileName.replace(/^\[[^\]]*\]/, `[${name}]`);
  }
}

export const relocate: Handler = (context) => {
  const { state, request } = context;
  const vm = vmOf(context);
  const spec = child(request.args, 'spec');
  const datastore = requireEntity(state, moRefOf(child(spec, 'datastore')), ['Datastore']);
  const pool = requireEntity(state, moRefOf(child(spec, 'pool')), ['ResourcePool', 'VirtualApp']);
  const host = requireEntity(state, moRefOf(child(spec, 'host')), ['HostSystem']);
  return returnRef(
    startTask(state, vm, 'RelocateVM_Task', () => {
      state.inventory.reparent(vm, () => {
        if (pool) vm.pool = pool;
      });
      const target = host ?? (pool ? hostForPool(state, pool) : undefined);
      if (target) vm.host = target;
      if (datastore) moveDisks(state, vm, datastore);
      state.inventory.touch(vm, placementPaths);
      return undefined;
    }),
  );
};

function randomMac(): string {
  return ['00', '50', '56', ...[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

export const cloneVm: Handler = (context) => {
  const { state, request } = context;
  const source = vmOf(context);
  const args = request.args;
  const folder = requireEntity(state, moRefOf(child(args, 'folder')), ['Folder']);
  const name = argText(args, 'name')?.trim();
  if (!folder) throw invalidArgument('folder');
  if (!name) throw invalidArgument('name');
  const spec = child(args, 'spec');
  const location = child(spec, 'location');
  const pool =
    requireEntity(state, moRefOf(child(location, 'pool')), ['ResourcePool', 'VirtualApp']) ?? (source.template ? undefined : source.pool);
  if (!pool) throw invalidArgument('spec.location.pool', 'A clone of a template needs a resource pool.');
  const host = requireEntity(state, moRefOf(child(location, 'host')), ['HostSystem']) ?? hostForPool(state, pool) ?? source.host;
  const datastore = requireEntity(state, moRefOf(child(location, 'datastore')), ['Datastore']);
  const powerOn = textAt(child(spec, 'powerOn')) === 'true';
  const template = textAt(child(spec, 'template')) === 'true';
  return returnRef(
    startTask(state, source, 'CloneVM_Task', () => {
      const taken = state.inventory.descendants(folder, false).some((ref) => state.inventory.get(ref)?.name === name);
      if (taken) throw new SoapFault('DuplicateName', `The name '${name}' already exists.`, { name, object: refValue(folder) });
      const ref = state.inventory.newRef('VirtualMachine');
      const clone: SimVm = {
        ...source,
        ref,
        name,
        parent: folder,
        pool,
        host,
        template,
        powerState: 'poweredOff',
        uuid: randomUUID(),
        instanceUuid: randomUUID(),
        disks: source.disks.map((disk) => ({ ...disk, fileName: disk.fileName.replace(/\] .*\//, `] ${name}/`) })),
        nics: source.nics.map((nic) => ({ ...nic, mac: randomMac(), ipAddresses: [state.nextGuestAddress()] })),
        hostName: name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
        snapshots: [],
        nextSnapshotId: 1,
      };
      delete clone.currentSnapshot;
      delete clone.bootTime;
      if (datastore) moveDisks(state, clone, datastore);
      if (powerOn && !template) {
        clone.powerState = 'poweredOn';
        clone.bootTime = new Date();
      }
      state.inventory.add(clone);
      return refValue(ref);
    }),
  );
};

export const rename: Handler = (context) => {
  const { state, request } = context;
  const entity = state.inventory.get(request.target);
  if (!entity) throw notFound(request.target);
  const name = argText(request.args, 'newName');
  if (!name) throw new SoapFault('InvalidName', 'The name is empty.', { name: '' });
  return returnRef(
    startTask(state, entity, 'Rename_Task', () => {
      entity.name = name;
      state.inventory.touch(entity, ['name', 'config.name', 'summary.config.name']);
      return undefined;
    }),
  );
};

export const destroy: Handler = (context) => {
  const vm = vmOf(context);
  return returnRef(
    startTask(context.state, vm, 'Destroy_Task', () => {
      if (vm.powerState !== 'poweredOff') throw invalidPowerState(vm, 'poweredOff');
      context.state.inventory.remove(vm.ref);
      return undefined;
    }),
  );
};

export const markAsTemplate: Handler = (context) => {
  const vm = vmOf(context);
  if (vm.template) throw new SoapFault('NotSupported', 'The virtual machine is already a template.');
  if (vm.powerState !== 'poweredOff') throw invalidPowerState(vm, 'poweredOff');
  vm.template = true;
  context.state.inventory.touch(vm, ['config.template', 'summary.config.template', 'resourcePool']);
  return '';
};

/** WebMKS tickets, when the knob allows them (vcsim does not implement AcquireTicket). */
export const acquireTicket: Handler = (context) => {
  const vm = vmOf(context);
  if (!context.state.knobs.webmks) throw methodNotFound(context);
  if (argText(context.request.args, 'ticketType') !== 'webmks') throw invalidArgument('ticketType');
  if (vm.powerState !== 'poweredOn') throw invalidPowerState(vm, 'poweredOn');
  const ticket = randomUUID();
  const url = context.state.publicUrl;
  const host = url?.hostname ?? '127.0.0.1';
  const port = Number(url?.port) || 443;
  return element(
    'returnval',
    leaf('ticket', ticket) +
      leaf('cfgFile', `[datastore] ${vm.name}/${vm.name}.vmx`) +
      leaf('host', host) +
      leaf('port', port) +
      leaf('url', `wss://${host}:${port}/ticket/${ticket}`),
  );
};
