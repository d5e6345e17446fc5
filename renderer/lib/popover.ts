export interface DismissOptions {
  close: () => void;
  /** Clicks inside this element do not close (e.g. the button that toggles the popover); default: the popover. */
  inside?: HTMLElement | undefined;
}

/**
 * Closes a popover (menu, chooser) when the user clicks outside it or presses Escape.
 * Put it on the popover itself, which exists only while open: <div use:dismiss={{ close }}>.
 */
export function dismiss(node: HTMLElement, options: DismissOptions): { update(next: DismissOptions): void; destroy(): void } {
  let current = options;
  const onPointerDown = (event: PointerEvent): void => {
    if (!(current.inside ?? node).contains(event.target as Node)) current.close();
  };
  const onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    current.close();
  };
  document.addEventListener('pointerdown', onPointerDown, true);
  document.addEventListener('keydown', onKeydown, true);
  return {
    update(next) {
      current = next;
    },
    destroy() {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('keydown', onKeydown, true);
    },
  };
}
