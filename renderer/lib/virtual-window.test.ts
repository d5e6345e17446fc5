import { describe, expect, it } from 'vitest';
import { pagesOf, visibleRows } from './virtual-window';

describe('visibleRows', () => {
  it('covers the rows in view plus the overscan, within the list', () => {
    expect(visibleRows(0, 280, 28, 50_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRows(28_000, 280, 28, 50_000, 5)).toEqual({ start: 995, end: 1016 });
    expect(visibleRows(50_000 * 28, 280, 28, 50_000, 5)).toEqual({ start: 49_995, end: 50_000 });
  });

  it('is empty for an empty list and never negative for an elastic overscroll', () => {
    expect(visibleRows(0, 500, 28, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRows(-40, 56, 28, 10, 0)).toEqual({ start: 0, end: 3 });
  });
});

describe('pagesOf', () => {
  it('names every page a range touches', () => {
    expect(pagesOf({ start: 0, end: 16 }, 200)).toEqual([0]);
    expect(pagesOf({ start: 190, end: 420 }, 200)).toEqual([0, 1, 2]);
    expect(pagesOf({ start: 400, end: 400 }, 200)).toEqual([]);
  });
});
