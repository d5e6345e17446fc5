/** Plain-text tables for people; `--json` output is printed with printJson. */
export function printTable(
  rows: readonly Record<string, string>[],
  columns: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
): void {
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  out.write(`${line(columns.map((c) => c.toUpperCase()))}\n`);
  for (const row of rows) out.write(`${line(columns.map((c) => row[c] ?? ''))}\n`);
}

export function printJson(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}
