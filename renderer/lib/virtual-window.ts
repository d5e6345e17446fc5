/** Which rows of a long list are worth rendering: those in view, plus a margin each side. */
export interface RowRange {
  /** First row, inclusive. */
  start: number;
  /** Last row, exclusive. */
  end: number;
}

export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): RowRange {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return { start: Math.max(0, Math.min(first - overscan, total)), end: Math.min(total, first + count + overscan) };
}

/** The pages (of `pageSize` rows) a range of rows falls in. */
export function pagesOf(range: RowRange, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(range.start / pageSize); page <= Math.floor((range.end - 1) / pageSize); page += 1) pages.push(page);
  return pages;
}
