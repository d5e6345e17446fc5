import { escapeXml, leaf } from '../../soap/envelope';
import { child, moRefKey, numberAt, textAt, type MoRef } from '../../soap/xml-node';
import type { Change } from '../model/change-log';
import type { PendingUpdate, SimCollector, SimFilter, SimSession, SimState } from '../sim-state';
import { SoapFault } from '../soap/soap-io';
import { valueXml } from '../soap/value-xml';
import { notFound, returnRef, type CallContext, type Handler } from './call-context';
import { propertiesOf } from './object-properties';
import { parseFilterSpec, pathsFor, resolveObjects, type PathChoice } from './retrieve-handlers';

const longestWaitMs = 10 * 60_000;

function collectorOf(session: SimSession, ref: MoRef): SimCollector {
  if (ref.value === 'propertyCollector' && !session.collectors.has(ref.value)) {
    session.collectors.set(ref.value, { ref, filters: new Map() });
  }
  const collector = session.collectors.get(ref.value);
  if (!collector) throw notFound(ref);
  return collector;
}

export const createPropertyCollector: Handler = ({ state, session }) => {
  const ref = state.sessionRef(session, 'PropertyCollector');
  session.collectors.set(ref.value, { ref, filters: new Map() });
  return returnRef(ref);
};

export const destroyPropertyCollector: Handler = ({ session, request }) => {
  const collector = collectorOf(session, request.target);
  collector.cancelWait?.();
  session.collectors.delete(request.target.value);
  return '';
};

export const createFilter: Handler = ({ state, session, request }) => {
  const collector = collectorOf(session, request.target);
  const specNode = child(request.args, 'spec');
  if (!specNode) throw new SoapFault('InvalidArgument', 'CreateFilter needs a spec.', { invalidProperty: 'spec' });
  const ref = state.sessionRef(session, 'PropertyFilter');
  collector.filters.set(ref.value, { ref, ...parseFilterSpec(specNode), reported: new Set() });
  return returnRef(ref);
};

export const destroyPropertyFilter: Handler = ({ session, request }) => {
  for (const collector of session.collectors.values()) collector.filters.delete(request.target.value);
  return '';
};

export const cancelWaitForUpdates: Handler = ({ session, request }) => {
  collectorOf(session, request.target).cancelWait?.();
  return '';
};

/** The objects a filter selects now, each with the paths it asks of it. */
function scopeOf(state: SimState, session: SimSession, filter: SimFilter): Map<string, { ref: MoRef; paths: PathChoice }> {
  const scope = new Map<string, { ref: MoRef; paths: PathChoice }>();
  for (const ref of resolveObjects(state, session, filter, true)) {
    const paths = pathsFor(filter, ref);
    if (paths) scope.set(moRefKey(ref), { ref, paths });
  }
  return scope;
}

/** Does a filter path see a change at `changed`? (Either may be below the other.) */
const overlaps = (path: string, changed: string): boolean =>
  path === changed || path.startsWith(`${changed}.`) || changed.startsWith(`${path}.`);

function updatesFor(state: SimState, session: SimSession, collector: SimCollector, changes: readonly Change[]): PendingUpdate[] {
  if (changes.length === 0) return [];
  const updates: PendingUpdate[] = [];
  for (const filter of collector.filters.values()) {
    const scope = scopeOf(state, session, filter);
    const changed = new Map<string, { ref: MoRef; paths: Set<string> }>();
    for (const change of changes) {
      const key = moRefKey(change.ref);
      const entry = changed.get(key) ?? { ref: change.ref, paths: new Set<string>() };
      for (const path of change.paths) entry.paths.add(path);
      changed.set(key, entry);
    }
    for (const [key, { ref, paths }] of changed) {
      const inScope = scope.get(key);
      const reported = filter.reported.has(key);
      if (inScope && !reported) {
        filter.reported.add(key);
        updates.push({ filter: filter.ref, kind: 'enter', ref });
      } else if (!inScope && reported) {
        filter.reported.delete(key);
        updates.push({ filter: filter.ref, kind: 'leave', ref });
      } else if (inScope) {
        const asked =
          inScope.paths === 'all'
            ? [...paths].map((p) => p.split('.')[0] as string)
            : inScope.paths.filter((p) => [...paths].some((c) => overlaps(p, c)));
        if (asked.length > 0) updates.push({ filter: filter.ref, kind: 'modify', ref, paths: [...new Set(asked)] });
      }
    }
  }
  return updates;
}

function initialUpdates(state: SimState, session: SimSession, collector: SimCollector): PendingUpdate[] {
  const updates: PendingUpdate[] = [];
  for (const filter of collector.filters.values()) {
    const scope = scopeOf(state, session, filter);
    filter.reported = new Set(scope.keys());
    for (const { ref } of scope.values()) updates.push({ filter: filter.ref, kind: 'enter', ref });
  }
  return updates;
}

async function writeUpdateSet(
  context: CallContext,
  collector: SimCollector,
  updates: PendingUpdate[],
  version: string,
  truncated: boolean,
): Promise<void> {
  const { state, session, writer } = context;
  const now = new Date();
  await writer.write(`<returnval>${leaf('version', version)}`);
  let open: string | undefined;
  for (const update of updates) {
    if (open !== update.filter.value) {
      if (open !== undefined) await writer.write('</filterSet>');
      open = update.filter.value;
      await writer.write(`<filterSet><filter type="PropertyFilter">${escapeXml(open)}</filter>`);
    }
    await writer.write(objectUpdateXml(state, session, collector, update, now));
  }
  if (open !== undefined) await writer.write('</filterSet>');
  await writer.write(`${truncated ? leaf('truncated', true) : ''}</returnval>`);
}

function objectUpdateXml(state: SimState, session: SimSession, collector: SimCollector, update: PendingUpdate, now: Date): string {
  const head = `<objectSet><kind>${update.kind}</kind><obj type="${update.ref.type}">${escapeXml(update.ref.value)}</obj>`;
  if (update.kind === 'leave') return `${head}</objectSet>`;
  const reader = propertiesOf(state, session, update.ref, now);
  const filter = collector.filters.get(update.filter.value);
  const choice = filter ? pathsFor(filter, update.ref) : undefined;
  if (!reader || !choice) return `${head}</objectSet>`;
  const paths = update.kind === 'modify' && update.paths ? update.paths : choice === 'all' ? reader.names() : choice;
  let xml = head;
  for (const path of paths) {
    const value = reader.has(path) ? reader.read(path) : undefined;
    if (value === undefined && update.kind === 'enter') continue;
    xml += `<changeSet><name>${escapeXml(path)}</name><op>assign</op>${valueXml('val', value, true)}</changeSet>`;
  }
  return `${xml}</objectSet>`;
}

/** Serves updates, keeping what exceeds maxObjectUpdates for the next call (truncated). */
async function serve(
  context: CallContext,
  collector: SimCollector,
  updates: PendingUpdate[],
  finalVersion: number,
  part: number,
  max: number | undefined,
): Promise<void> {
  if (max && max > 0 && updates.length > max) {
    const version = `${finalVersion}_${part}`;
    collector.pending = { version, finalVersion, updates: updates.slice(max), part: part + 1 };
    await writeUpdateSet(context, collector, updates.slice(0, max), version, true);
    return;
  }
  delete collector.pending;
  await writeUpdateSet(context, collector, updates, String(finalVersion), false);
}

export const waitForUpdatesEx: Handler = async (context) => {
  const { state, session, request } = context;
  const collector = collectorOf(session, request.target);
  const version = textAt(child(request.args, 'version')) ?? '';
  const options = child(request.args, 'options');
  const maxWaitSeconds = numberAt(options, 'maxWaitSeconds');
  const maxObjectUpdates = numberAt(options, 'maxObjectUpdates');
  const log = state.inventory.changes;

  if (collector.pending && version === collector.pending.version) {
    const { updates, finalVersion, part } = collector.pending;
    await serve(context, collector, updates, finalVersion, part, maxObjectUpdates);
    return undefined;
  }
  if (version === '') {
    const finalVersion = log.version;
    await serve(context, collector, initialUpdates(state, session, collector), finalVersion, 1, maxObjectUpdates);
    return undefined;
  }
  const from = Number(version);
  const stale = (): SoapFault =>
    new SoapFault('InvalidCollectorVersion', 'The collector version is not valid (too old, or not from this collector).');
  if (!Number.isInteger(from)) throw stale();

  const deadline = Date.now() + (maxWaitSeconds === undefined ? longestWaitMs : maxWaitSeconds * 1000);
  const cancel = new AbortController();
  collector.cancelWait = () => cancel.abort();
  const stop = AbortSignal.any([cancel.signal, context.signal, session.ended.signal]);
  try {
    for (;;) {
      const changes = log.since(from);
      if (!changes) throw stale();
      const finalVersion = log.version;
      const updates = updatesFor(state, session, collector, changes);
      if (updates.length > 0) {
        await serve(context, collector, updates, finalVersion, 1, maxObjectUpdates);
        return undefined;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return '';
      await log.nextChange(remaining, stop);
      if (session.ended.signal.aborted) throw new SoapFault('NotAuthenticated', 'The session is not authenticated.');
      if (cancel.signal.aborted) throw new SoapFault('RequestCanceled', 'The request was canceled by the user.');
      context.signal.throwIfAborted();
    }
  } finally {
    delete collector.cancelWait;
  }
};
