import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ServiceType } from './errors';
import { serviceLabels } from './errors';
import type { Microversion } from './microversions';
import { toSearchParams, type QueryInput } from './query';
import type { OpenstackSession } from './session';

export interface ListRequest {
  service: ServiceType;
  /** Relative to the service root, e.g. "/servers/detail". */
  path: string;
  /** The key of the array in the answer ("servers", "ports", "images" …). */
  resourceKey: string;
  query?: QueryInput;
  /**
   * How the service pages: `marker` (limit + marker, following the next link the service
   * gives: Nova, Neutron, Cinder, Glance, Keystone), `offset` (limit + offset: Nova server
   * groups) or `none` (the whole list in one answer: aggregates, availability zones, Placement).
   */
  paging?: 'marker' | 'offset' | 'none';
  pageSize?: number;
  /** Overrides the negotiated microversion for this list. */
  microversion?: Microversion;
}

export interface Page<T> {
  items: T[];
  /** The server's clock when it answered (Unix ms), for changes-since polling. */
  serverTime?: number;
}

interface Link {
  rel?: string;
  href?: string;
}

/**
 * Where the next page is, as the query of the next request. Every service says it its own way:
 * Nova, Cinder and Neutron `<key>_links: [{rel: "next", href}]`, Glance `next: "/v2/images?…"`
 * (relative to its root), Keystone `links: {next}`. Only the link's query is used: the path
 * stays ours, so a proxy or a path prefix the service does not know about cannot mislead us.
 */
export function nextPageQuery(body: Record<string, unknown>, resourceKey: string): URLSearchParams | undefined {
  const links = body[`${resourceKey}_links`];
  let href: unknown;
  if (Array.isArray(links)) href = (links as Link[]).find((link) => link.rel === 'next')?.href;
  else if (typeof body.next === 'string') href = body.next;
  else if (typeof body.links === 'object' && body.links !== null) href = (body.links as { next?: unknown }).next;
  if (typeof href !== 'string' || !href) return undefined;
  return new URL(href, 'http://relative.invalid').searchParams;
}

/**
 * The one pager: every page of a list, in order, as the service gives them. Stops when the
 * service gives no next link; refuses a next link that does not move forward.
 */
export async function* listPages<T>(session: OpenstackSession, request: ListRequest, signal: AbortSignal): AsyncGenerator<Page<T>> {
  const paging = request.paging ?? 'marker';
  const limit = request.pageSize ?? session.tuning.pageSize;
  let query = toSearchParams(request.query);
  if (paging !== 'none') query.set('limit', String(limit));
  let offset = 0;
  const seenMarkers = new Set<string>();
  for (;;) {
    const answer = await session.call<Record<string, unknown>>(request.service, {
      path: request.path,
      query,
      signal,
      ...(request.microversion ? { microversion: request.microversion } : {}),
    });
    const body = answer.body ?? {};
    const items = body[request.resourceKey];
    if (!Array.isArray(items)) {
      throw new SkydeckFailure(
        'bad-response',
        `${serviceLabels[request.service]} answered GET ${request.path} without a "${request.resourceKey}" list.`,
        {
          retryable: true,
        },
      );
    }
    yield answer.serverTime === undefined ? { items: items as T[] } : { items: items as T[], serverTime: answer.serverTime };
    if (paging === 'none') return;
    if (paging === 'offset') {
      if (items.length < limit) return;
      offset += items.length;
      query = new URLSearchParams(query);
      query.set('offset', String(offset));
      continue;
    }
    const next = nextPageQuery(body, request.resourceKey);
    if (!next || items.length === 0) return;
    const marker = next.get('marker') ?? '';
    if (seenMarkers.has(marker)) {
      throw new SkydeckFailure(
        'bad-response',
        `${serviceLabels[request.service]} sent the same page twice while listing ${request.path} (marker ${marker}).`,
      );
    }
    seenMarkers.add(marker);
    query = next;
  }
}

/** Every item of a list, for the short ones (flavors, hypervisors, networks). */
export async function listAll<T>(session: OpenstackSession, request: ListRequest, signal: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  for await (const page of listPages<T>(session, request, signal)) all.push(...page.items);
  return all;
}
