import { glyph, glyphHeight, glyphWidth } from './font';

export type Rgb = readonly [number, number, number];

const background: Rgb = [0, 0, 0];
const foreground: Rgb = [204, 204, 204];

/**
 * An 80×25 text console drawn in 8×16 cells (640×400 pixels), the way a VM's VGA text
 * console looks through VNC. Text is written like a terminal (CR, LF, backspace);
 * rows that changed are tracked so that incremental updates only send those.
 */
export class ConsoleScreen {
  readonly columns = 80;
  readonly rows = 25;
  readonly cellWidth = 8;
  readonly cellHeight = 16;
  readonly #cells: string[][];
  readonly #dirty = new Set<number>();
  readonly #listeners = new Set<() => void>();
  #x = 0;
  #y = 0;

  constructor() {
    this.#cells = Array.from({ length: this.rows }, () => Array.from({ length: this.columns }, () => ' '));
  }

  get width(): number {
    return this.columns * this.cellWidth;
  }

  get height(): number {
    return this.rows * this.cellHeight;
  }

  /** The text of one row, trailing blanks trimmed (tests read the screen this way). */
  line(row: number): string {
    return (this.#cells[row] ?? []).join('').trimEnd();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  write(text: string): void {
    this.#dirty.add(this.#y);
    for (let i = 0; i < text.length; i += 1) {
      const char = text[i] as string;
      if (char === '\x1b') {
        // Skip a CSI sequence (colours, cursor moves): this console does not draw them.
        if (text[i + 1] === '[') {
          i += 2;
          while (i < text.length && !/[A-Za-z]/.test(text[i] as string)) i += 1;
        }
      } else if (char === '\r') {
        this.#x = 0;
      } else if (char === '\n') {
        this.#newLine();
      } else if (char === '\b') {
        this.#x = Math.max(0, this.#x - 1);
      } else if (char >= ' ') {
        if (this.#x >= this.columns) {
          this.#x = 0;
          this.#newLine();
        }
        (this.#cells[this.#y] as string[])[this.#x] = char;
        this.#x += 1;
      }
    }
    this.#dirty.add(this.#y);
    for (const listener of this.#listeners) listener();
  }

  #newLine(): void {
    if (this.#y < this.rows - 1) {
      this.#y += 1;
    } else {
      this.#cells.shift();
      this.#cells.push(Array.from({ length: this.columns }, () => ' '));
      for (let row = 0; row < this.rows; row += 1) this.#dirty.add(row);
    }
    this.#dirty.add(this.#y);
  }

  /** Text rows changed since the last call. */
  takeDirtyRows(): number[] {
    const rows = [...this.#dirty].sort((a, b) => a - b);
    this.#dirty.clear();
    return rows;
  }

  /** The colour of one pixel. */
  pixel(x: number, y: number): Rgb {
    const column = Math.floor(x / this.cellWidth);
    const row = Math.floor(y / this.cellHeight);
    const inCellX = x % this.cellWidth;
    const inCellY = y % this.cellHeight;
    if (row === this.#y && column === this.#x && inCellY >= this.cellHeight - 2) return foreground;
    const char = this.#cells[row]?.[column] ?? ' ';
    if (char === ' ') return background;
    const gx = inCellX - 1;
    const gy = Math.floor((inCellY - 1) / 2);
    if (gx < 0 || gx >= glyphWidth || gy < 0 || gy >= glyphHeight) return background;
    const bits = glyph(char)[gy] as number;
    return (bits >> (glyphWidth - 1 - gx)) & 1 ? foreground : background;
  }
}
