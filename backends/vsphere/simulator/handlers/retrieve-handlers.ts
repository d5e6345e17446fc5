import { randomUUID } from 'node:crypto';
import { escapeXml, leaf } from '../../soap/envelope';
import { child, childrenNamed, moRefKey, moRefOf, numberAt, textAt, type MoRef, type XmlNode } from '../../soap/xml-node';
import { isA } from '../model/entities';
import type { SimFilter, SimSession, SimState } from '../sim-state';
import { SoapFault } from '../soap/soap-io';
import { valueXml } from '../soap/value-xml';
import { notFound, type CallContext, type Handler } from './call-context';
import { propertiesOf } from './object-properties';
import { viewContents } from './view-handlers';

export type FilterSpec = Pick<SimFilter, 'propSets' | 'objectSets'>;
export type PathChoice = string[] | 'all';

export function parseFilterSpec(node: XmlNode): FilterSpec {
  return {
    propSets: childrenNamed(node, 'propSet').map((set) => ({
      type: textAt(set, 'type') ?? '',
      all: textAt(set, 'all') === 'true',
      paths: childrenNamed(set, 'pathSet').map((p) => p.text),
    })),
    objectSets: childrenNamed(node, 'objectSet').map((set) => {
      const obj = moRefOf(child(set, 'obj'));
      if (!obj) throw new SoapFault('InvalidArgument', 'An object spec names no object.', { invalidProperty: 'obj' });
      const viaView = childrenNamed(set, 'selectSet').some((s) => textAt(s, 'path') === 'view' && textAt(s, 'type') === 'ContainerView');
      return { obj, skip: textAt(set, 'skip') === 'true', viaView };
    }),
  };
}

/**
 * The objects a spec selects: its objects, and through a ContainerView what the view shows.
 * A named object that does not exist is a fault, unless `lenient` (filters outlive objects).
 */
export function resolveObjects(state: SimState, session: SimSession, spec: FilterSpec, lenient = false): MoRef[] {
  const result: MoRef[] = [];
  for (const set of spec.objectSets) {
    if (set.viaView) {
      const view = session.views.get(set.obj.value);
      if (!view) {
        if (lenient) continue;
        throw notFound(set.obj);
      }
      if (!set.skip) result.push(set.obj);
      result.push(...viewContents(state, view));
    } else if (!set.skip) {
      if (!state.inventory.get(set.obj) && !propertiesOf(state, session, set.obj, new Date())) {
        if (lenient) continue;
        throw notFound(set.obj);
      }
      result.push(set.obj);
    }
  }
  return result;
}

/** The property paths a spec asks of one object (the union over the property specs of its types). */
export function pathsFor(spec: FilterSpec, ref: MoRef): PathChoice | undefined {
  let paths: Set<string> | undefined;
  for (const set of spec.propSets) {
    if (!isA(ref.type, set.type)) continue;
    if (set.all) return 'all';
    paths ??= new Set();
    for (const path of set.paths) paths.add(path);
  }
  return paths ? [...paths] : undefined;
}

/** One ObjectContent as XML, or '' when the object is gone. Asking for a property the type lacks is a fault. */
export function objectContentXml(
  state: SimState,
  session: SimSession,
  ref: MoRef,
  choice: PathChoice,
  now: Date,
  element = 'objects',
): string {
  const reader = propertiesOf(state, session, ref, now);
  if (!reader) return '';
  const paths = choice === 'all' ? reader.names() : choice;
  let xml = `<${element}><obj type="${ref.type}">${escapeXml(ref.value)}</obj>`;
  for (const path of paths) {
    if (!reader.has(path)) throw new SoapFault('InvalidProperty', `${ref.type} has no property ${path}`, { name: path });
    const value = reader.read(path);
    if (value !== undefined) xml += `<propSet><name>${escapeXml(path)}</name>${valueXml('val', value, true)}</propSet>`;
  }
  return `${xml}</${element}>`;
}

interface Selection {
  refs: MoRef[];
  paths: Map<string, PathChoice>;
}

function select(state: SimState, session: SimSession, specs: readonly FilterSpec[]): Selection {
  const refs: MoRef[] = [];
  const paths = new Map<string, PathChoice>();
  for (const spec of specs) {
    for (const ref of resolveObjects(state, session, spec)) {
      const choice = pathsFor(spec, ref);
      const key = moRefKey(ref);
      if (!choice || paths.has(key)) continue;
      paths.set(key, choice);
      refs.push(ref);
    }
  }
  return { refs, paths };
}

async function writePage(context: CallContext, selection: Selection, pageSize: number): Promise<void> {
  const { state, session, writer } = context;
  if (selection.refs.length === 0) return;
  const page = pageSize > 0 ? selection.refs.slice(0, pageSize) : selection.refs;
  const rest = pageSize > 0 ? selection.refs.slice(pageSize) : [];
  let token = '';
  if (rest.length > 0) {
    token = randomUUID();
    session.retrievals.set(token, { refs: rest, paths: selection.paths as Map<string, string[] | 'all'>, pageSize });
  }
  await writer.write(`<returnval>${leaf('token', token || undefined)}`);
  const now = new Date();
  for (const ref of page) {
    context.signal.throwIfAborted();
    await writer.write(objectContentXml(state, session, ref, selection.paths.get(moRefKey(ref)) as PathChoice, now));
  }
  await writer.write('</returnval>');
}

function pageSizeOf(state: SimState, options: XmlNode | undefined): number {
  const asked = numberAt(options, 'maxObjects') ?? 0;
  const limit = state.knobs.pageSize;
  if (asked > 0 && limit > 0) return Math.min(asked, limit);
  return asked > 0 ? asked : limit;
}

export const retrievePropertiesEx: Handler = async (context) => {
  const { state, session, request } = context;
  const specs = childrenNamed(request.args, 'specSet').map(parseFilterSpec);
  await writePage(context, select(state, session, specs), pageSizeOf(state, child(request.args, 'options')));
  return undefined;
};

export const continueRetrievePropertiesEx: Handler = async (context) => {
  const token = textAt(child(context.request.args, 'token')) ?? '';
  const retrieval = context.session.retrievals.get(token);
  if (!retrieval) throw new SoapFault('InvalidArgument', `Unknown or finished retrieval token ${token}`, { invalidProperty: 'token' });
  context.session.retrievals.delete(token);
  await writePage(context, retrieval, retrieval.pageSize);
  return undefined;
};

export const cancelRetrievePropertiesEx: Handler = ({ session, request }) => {
  session.retrievals.delete(textAt(child(request.args, 'token')) ?? '');
  return '';
};

/** The old, unpaged RetrieveProperties: every ObjectContent as a returnval. */
export const retrieveProperties: Handler = async (context) => {
  const { state, session, request, writer } = context;
  const selection = select(state, session, childrenNamed(request.args, 'specSet').map(parseFilterSpec));
  const now = new Date();
  for (const ref of selection.refs)
    await writer.write(objectContentXml(state, session, ref, selection.paths.get(moRefKey(ref)) as PathChoice, now, 'returnval'));
  return undefined;
};
