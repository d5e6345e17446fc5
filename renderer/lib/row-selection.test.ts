import { describe, expect, it } from 'vitest';
import { clickSpan, noSelection, selectAfterClick, type RowClick, type RowSelection } from './row-selection';

const ids = Array.from({ length: 20 }, (_, index) => `vm-${index}`);
const click = (index: number, modifiers: Partial<Pick<RowClick, 'shift' | 'toggle'>> = {}): RowClick => ({
  index,
  id: ids[index] as string,
  shift: false,
  toggle: false,
  ...modifiers,
});
const apply = (selection: RowSelection, one: RowClick): RowSelection => {
  const span = clickSpan(selection, one);
  return selectAfterClick(selection, one, ids.slice(span.start, span.end));
};
const selected = (selection: RowSelection): string[] => [...selection.ids].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));

describe('row selection', () => {
  it('a click selects one row; ctrl-click adds and removes rows', () => {
    let selection = apply(noSelection, click(3));
    expect(selected(selection)).toEqual(['vm-3']);
    selection = apply(selection, click(7, { toggle: true }));
    expect(selected(selection)).toEqual(['vm-3', 'vm-7']);
    selection = apply(selection, click(3, { toggle: true }));
    expect(selected(selection)).toEqual(['vm-7']);
  });

  it('shift-click selects the span from the anchor, either way, and ctrl+shift adds a span', () => {
    let selection = apply(noSelection, click(5));
    selection = apply(selection, click(8, { shift: true }));
    expect(selected(selection)).toEqual(['vm-5', 'vm-6', 'vm-7', 'vm-8']);
    selection = apply(selection, click(3, { shift: true }));
    expect(selected(selection)).toEqual(['vm-3', 'vm-4', 'vm-5']);
    selection = apply(selection, click(12, { toggle: true }));
    selection = apply(selection, click(14, { shift: true, toggle: true }));
    expect(selected(selection)).toEqual(['vm-3', 'vm-4', 'vm-5', 'vm-12', 'vm-13', 'vm-14']);
  });

  it('shift-click without an anchor selects just the row', () => {
    expect(selected(apply(noSelection, click(9, { shift: true })))).toEqual(['vm-9']);
  });
});
