import { badRequest, type SimRequest } from './http';

/** limit and marker of a list request, with the service's own cap. */
export function pageParams(request: SimRequest, maxLimit: number | undefined): { limit?: number; marker?: string } {
  const params = request.url.searchParams;
  const raw = params.get('limit');
  let limit: number | undefined;
  if (raw !== null) {
    limit = Number(raw);
    if (!Number.isInteger(limit) || limit < 0) throw badRequest(`Limit must be an integer 0 or greater and not '${raw}'`);
  }
  if (maxLimit !== undefined) limit = limit ? Math.min(limit, maxLimit) : maxLimit;
  const marker = params.get('marker') ?? undefined;
  const result: { limit?: number; marker?: string } = {};
  if (limit) result.limit = limit;
  if (marker) result.marker = marker;
  return result;
}

/** The rows after the marker, at most `limit` of them. An unknown marker is a 400 or 404 as the service says. */
export function slicePage<T extends { id: string }>(
  rows: readonly T[],
  page: { limit?: number; marker?: string },
  unknownMarker: (marker: string) => Error = (marker) => badRequest(`marker [${marker}] not found`),
): T[] {
  let start = 0;
  if (page.marker) {
    const index = rows.findIndex((row) => row.id === page.marker);
    if (index < 0) throw unknownMarker(page.marker);
    start = index + 1;
  }
  return rows.slice(start, page.limit ? start + page.limit : undefined);
}

/** Python's urlencode of a request's parameters, in the given order. */
const encode = (entries: Array<[string, string]>): string => new URLSearchParams(entries).toString();

/**
 * Nova and Cinder: a next link when the page is full, carrying the request's parameters
 * (Nova sorts them) with the last id as marker.
 */
export function collectionLinks(
  request: SimRequest,
  items: readonly { id: string }[],
  limit: number | undefined,
  options: { sortParams: boolean; idOf?: (item: { id: string }) => string },
): Array<{ rel: string; href: string }> {
  if (!limit || items.length !== limit) return [];
  const last = items[items.length - 1] as { id: string };
  const entries = [...request.url.searchParams.entries()].filter(([key]) => key !== 'marker');
  if (options.sortParams) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  entries.push(['marker', options.idOf ? options.idOf(last) : last.id]);
  return [{ rel: 'next', href: `${request.url.origin}${request.url.pathname}?${encode(entries)}` }];
}

/** Neutron: next when the page is full, previous whenever a limit was given and the page is not the first short one. */
export function neutronLinks(
  request: SimRequest,
  items: readonly { id: string }[],
  limit: number | undefined,
): Array<{ rel: string; href: string }> {
  if (!limit) return [];
  const base = `${request.url.origin}${request.url.pathname}`;
  const entries = [...request.url.searchParams.entries()].filter(([key]) => key !== 'marker' && key !== 'page_reverse');
  const links: Array<{ rel: string; href: string }> = [];
  if (items.length >= limit) {
    const next: Array<[string, string]> = [...entries];
    if (items.length) next.push(['marker', (items[items.length - 1] as { id: string }).id]);
    links.push({ rel: 'next', href: `${base}?${encode(next)}` });
  }
  const previous: Array<[string, string]> = [...entries];
  if (items.length) previous.push(['marker', (items[0] as { id: string }).id]);
  previous.push(['page_reverse', 'True']);
  links.push({ rel: 'previous', href: `${base}?${encode(previous)}` });
  return links;
}

/** Glance: `first` and, when the page was full, `next`, both relative to its root. */
export function glanceLinks(request: SimRequest, items: readonly { id: string }[], limit: number): { first: string; next?: string } {
  const entries = [...request.url.searchParams.entries()].filter(([key]) => key !== 'marker');
  const query = encode(entries);
  const links: { first: string; next?: string } = { first: query ? `/v2/images?${query}` : '/v2/images' };
  if (items.length > 0 && items.length === limit) {
    links.next = `/v2/images?${encode([...entries, ['marker', (items[items.length - 1] as { id: string }).id]])}`;
  }
  return links;
}
