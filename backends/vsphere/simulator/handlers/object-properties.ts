import type { MoRef } from '../../soap/xml-node';
import { walkSnapshots } from '../model/entities';
import { counterDefinitions, defaultHistoricalIntervals } from '../model/perf-model';
import { infrastructureProperties } from '../model/properties/infrastructure-properties';
import { PropertyReader, type PropertyTable } from '../model/properties/property-table';
import { vmProperties } from '../model/properties/vm-properties';
import { arrayOf, data, refs, refValue, strings, type DataObject } from '../model/values';
import type { SimSession, SimState } from '../sim-state';
import { taskInfo } from './tasks';
import { viewContents } from './view-handlers';

export const perfManagerRef: MoRef = { type: 'PerformanceManager', value: 'PerfMgr' };
export const sessionManagerRef: MoRef = { type: 'SessionManager', value: 'SessionManager' };

function userSession(state: SimState, session: SimSession): DataObject {
  return data('UserSession', {
    key: session.key,
    userName: session.userName,
    fullName: session.userName,
    loginTime: session.loginTime,
    lastActiveTime: session.lastActive,
    locale: 'en',
    messageLocale: 'en',
    extensionSession: false,
  });
}

function perfManagerProperties(state: SimState): PropertyTable {
  return {
    perfCounter: () =>
      arrayOf(
        'PerfCounterInfo',
        counterDefinitions.map((c) =>
          data('PerfCounterInfo', {
            key: c.key,
            nameInfo: data('ElementDescription', { label: c.label, summary: c.label, key: c.name }),
            groupInfo: data('ElementDescription', { label: c.group, summary: c.group, key: c.group }),
            unitInfo: data('ElementDescription', { label: c.unit, summary: c.unit, key: c.unit }),
            rollupType: c.rollup,
            statsType: c.unit === 'kiloBytes' ? 'absolute' : 'rate',
            level: 1,
          }),
        ),
      ),
    historicalInterval: () =>
      arrayOf(
        'PerfInterval',
        state.knobs.historicalStatistics
          ? defaultHistoricalIntervals.map((i) =>
              data('PerfInterval', {
                key: i.key,
                samplingPeriod: i.samplingPeriod,
                name: i.name,
                length: i.length,
                level: 1,
                enabled: true,
              }),
            )
          : [],
      ),
  };
}

function snapshotProperties(state: SimState, ref: MoRef): PropertyTable | undefined {
  for (const entity of state.inventory.all()) {
    if (entity.type !== 'VirtualMachine') continue;
    for (const { snapshot } of walkSnapshots(entity.snapshots)) {
      if (snapshot.ref.value === ref.value) {
        return { vm: () => refValue(entity.ref), childSnapshot: () => refs(snapshot.children.map((c) => c.ref)) };
      }
    }
  }
  return undefined;
}

/** The properties of any object a client may name: entities, tasks, managers and session objects. */
export function propertiesOf(state: SimState, session: SimSession, ref: MoRef, now: Date): PropertyReader | undefined {
  const entity = state.inventory.get(ref);
  if (entity) {
    return new PropertyReader(
      entity.type === 'VirtualMachine'
        ? vmProperties(state.inventory, entity, now)
        : infrastructureProperties(state.inventory, entity, now),
    );
  }
  switch (ref.type) {
    case 'Task': {
      const task = state.tasks.get(ref.value);
      return task ? new PropertyReader({ info: () => taskInfo(task) }) : undefined;
    }
    case 'PerformanceManager':
      return ref.value === perfManagerRef.value ? new PropertyReader(perfManagerProperties(state)) : undefined;
    case 'SessionManager':
      return new PropertyReader({
        currentSession: () => userSession(state, session),
        sessionList: () =>
          arrayOf(
            'UserSession',
            [...state.sessions.values()].map((s) => userSession(state, s)),
          ),
      });
    case 'ContainerView': {
      const view = session.views.get(ref.value);
      if (!view) return undefined;
      return new PropertyReader({
        view: () => refs(viewContents(state, view)),
        container: () => refValue(view.container),
        type: () => strings(view.types),
        recursive: () => view.recursive,
      });
    }
    case 'VirtualMachineSnapshot': {
      const table = snapshotProperties(state, ref);
      return table ? new PropertyReader(table) : undefined;
    }
    default:
      return undefined;
  }
}
