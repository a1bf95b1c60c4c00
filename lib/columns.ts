/** Plain-text tables for the console: each column padded to its widest cell. */
import { at } from './checked.ts';

/** The width of each column of `rows`: its widest cell, at most `maxWidth`. */
export function columnWidths(rows: readonly (readonly string[])[], maxWidth = Number.POSITIVE_INFINITY): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.min(maxWidth, Math.max(widths[i] ?? 0, cell.length));
    });
  }
  return widths;
}

/**
 * One row as a line, cells `separator` apart (two spaces by default): every cell but the last padded
 * to its column's width (from columnWidths over rows that include this one), a longer cell cut to
 * the width with "…". The last cell is left whole.
 */
export function alignRow(row: readonly string[], widths: readonly number[], separator = '  '): string {
  return row.map((cell, i) => (i === row.length - 1 ? cell : fit(cell, at(widths, i, 'table: width of column')))).join(separator);
}

function fit(cell: string, width: number): string {
  return cell.length > width ? `${cell.slice(0, width - 1)}…` : cell.padEnd(width);
}
