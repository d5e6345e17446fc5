import { SkydeckFailure } from '../../common/errors/skydeck-error';
import { element, leaf, ref } from './soap/envelope';
import { failureFromFault, faultTypeOf } from './soap/fault';
import type { VimSession } from './session';
import { child, childrenNamed, moRefKey, moRefOf, textAt, type MoRef, type XmlNode } from './soap/xml-node';

/** What to read of one managed object type. Paths name properties ("runtime.powerState"). */
export interface PropertySet {
  type: string;
  paths: readonly string[];
}

/** One object's retrieved properties, keyed by path. */
export interface ObjectContent {
  ref: MoRef;
  props: Map<string, XmlNode>;
}

export type UpdateKind = 'enter' | 'modify' | 'leave';

export interface ObjectUpdate {
  kind: UpdateKind;
  ref: MoRef;
  /** For enter: every property; for modify: the changed ones (absent value = removed). */
  changes: Map<string, XmlNode | undefined>;
}

export function propSetXml(sets: readonly PropertySet[]): string {
  return sets
    .map((set) => element('propSet', leaf('type', set.type) + leaf('all', false) + set.paths.map((p) => leaf('pathSet', p)).join('')))
    .join('');
}

/** Every object a ContainerView shows (the view itself skipped). */
export function viewObjectSetXml(view: MoRef): string {
  const traversal = element(
    'selectSet',
    leaf('name', 'view') + leaf('type', 'ContainerView') + leaf('path', 'view') + leaf('skip', false),
    'TraversalSpec',
  );
  return element('objectSet', ref('obj', view) + leaf('skip', true) + traversal);
}

export function objectSetsXml(refs: readonly MoRef[]): string {
  return refs.map((r) => element('objectSet', ref('obj', r) + leaf('skip', false))).join('');
}

export function filterSpecXml(name: string, sets: readonly PropertySet[], objectSets: string): string {
  return element(name, propSetXml(sets) + objectSets);
}

/**
 * An ObjectContent element. A property the server could not read for lack of a session
 * (vcsim reports NotAuthenticated there, not as a fault) fails the whole call; other
 * missing properties (NoPermission on one object) are just absent.
 */
export function decodeObjectContent(node: XmlNode, where: string): ObjectContent {
  const objectRef = moRefOf(child(node, 'obj'));
  if (!objectRef) throw new SkydeckFailure('bad-response', `${where}: an object without a reference in the answer.`, { retryable: true });
  const props = new Map<string, XmlNode>();
  for (const prop of node.children) {
    if (prop.name === 'propSet') {
      const name = textAt(prop, 'name');
      const value = child(prop, 'val');
      if (name !== undefined && value) props.set(name, value);
    } else if (prop.name === 'missingSet') {
      const fault = child(child(prop, 'fault'), 'fault');
      if (fault && faultTypeOf(fault) === 'NotAuthenticated') throw failureFromFault('NotAuthenticated', fault, undefined, where);
    }
  }
  return { ref: objectRef, props };
}

export function decodeObjectUpdate(node: XmlNode, where: string): ObjectUpdate {
  const objectRef = moRefOf(child(node, 'obj'));
  const kind = textAt(node, 'kind');
  if (!objectRef || (kind !== 'enter' && kind !== 'modify' && kind !== 'leave')) {
    throw new SkydeckFailure('bad-response', `${where}: an update without object or kind.`, { retryable: true });
  }
  const changes = new Map<string, XmlNode | undefined>();
  for (const change of childrenNamed(node, 'changeSet')) {
    const name = textAt(change, 'name');
    if (name === undefined) continue;
    const op = textAt(change, 'op');
    changes.set(name, op === 'remove' || op === 'indirectRemove' ? undefined : child(change, 'val'));
  }
  for (const missing of childrenNamed(node, 'missingSet')) {
    const fault = child(child(missing, 'fault'), 'fault');
    if (fault && faultTypeOf(fault) === 'NotAuthenticated') throw failureFromFault('NotAuthenticated', fault, undefined, where);
  }
  return { kind, ref: objectRef, changes };
}

type Page = AsyncGenerator<XmlNode, XmlNode>;

/**
 * RetrievePropertiesEx, then ContinueRetrievePropertiesEx for as long as the server hands
 * out a token (real vCenters page at about 100 objects; vcsim answers in one piece).
 * Each page is read as a stream and its objects yielded as they are parsed. The token
 * comes first in a page, so the next page is asked for at once and travels while this
 * one is still being read: at most two pages are in flight.
 */
export async function* retrievePages(
  session: VimSession,
  specSet: string,
  signal: AbortSignal,
  options: { maxObjects?: number } = {},
): AsyncGenerator<ObjectContent> {
  const collector = session.content.propertyCollector;
  const where = `${session.host} (RetrievePropertiesEx)`;
  const optionsXml = element('options', leaf('maxObjects', options.maxObjects));
  const request = (method: string, args: string): Page => session.stream({ method, target: collector, args }, ['returnval', '*'], signal);
  let page: Page | undefined = request('RetrievePropertiesEx', specSet + optionsXml);
  let prefetched: { page: Page; first: Promise<IteratorResult<XmlNode, XmlNode>> } | undefined;
  try {
    while (page) {
      let next = prefetched ? await prefetched.first : await page.next();
      prefetched = undefined;
      while (!next.done) {
        const item = next.value;
        if (item.name === 'token') {
          const following = request('ContinueRetrievePropertiesEx', leaf('token', item.text));
          prefetched = { page: following, first: following.next() };
          prefetched.first.catch(() => undefined);
        } else if (item.name === 'objects') {
          yield decodeObjectContent(item, where);
        }
        next = await page.next();
      }
      page = prefetched?.page;
    }
  } finally {
    if (prefetched) await prefetched.page.return(undefined as never).catch(() => undefined);
  }
}

/** Reads a few known objects whole (tasks, the performance manager). */
export async function retrieveObjects(
  session: VimSession,
  refs: readonly MoRef[],
  sets: readonly PropertySet[],
  signal: AbortSignal,
): Promise<ObjectContent[]> {
  if (refs.length === 0) return [];
  return session.run(signal, async () => {
    const results: ObjectContent[] = [];
    for await (const content of retrievePages(session, filterSpecXml('specSet', sets, objectSetsXml(refs)), signal)) results.push(content);
    return results;
  });
}

/** The session's ContainerView over the whole inventory (root folder, recursive), created once per login. */
export function inventoryView(session: VimSession, signal: AbortSignal): Promise<MoRef> {
  return session.scoped('inventory-view', async () => {
    const answer = await session.callOnce(
      {
        method: 'CreateContainerView',
        target: session.content.viewManager,
        args: ref('container', session.content.rootFolder) + leaf('recursive', true),
      },
      signal,
    );
    const view = moRefOf(child(answer, 'returnval'));
    if (!view) throw new SkydeckFailure('bad-response', `${session.host}: CreateContainerView returned no view.`, { retryable: true });
    return view;
  });
}

/**
 * Everything a set of property sets selects through the inventory view, as a stream.
 * When the session is lost part-way (a re-login invalidates the view and any paging
 * token), the retrieval starts over on a new view and skips what it already delivered.
 * Recovery may take two steps (the view is gone, then the session turns out gone too).
 */
export async function* retrieveFromView(
  session: VimSession,
  sets: readonly PropertySet[],
  signal: AbortSignal,
): AsyncGenerator<ObjectContent> {
  const delivered = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const epoch = session.epoch;
    try {
      const view = await inventoryView(session, signal);
      for await (const content of retrievePages(session, filterSpecXml('specSet', sets, viewObjectSetXml(view)), signal)) {
        const key = moRefKey(content.ref);
        if (delivered.has(key)) continue;
        delivered.add(key);
        yield content;
      }
      return;
    } catch (error) {
      if (attempt >= 2 || !(await session.recover(error, epoch, signal))) throw error;
    }
  }
}
