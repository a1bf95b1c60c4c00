/** results.json: the summary itself, pretty-printed with a trailing newline (stable key order). */
import type { RunSummary } from './summary-types.ts';

export function renderJson(summary: RunSummary): string {
  return `${JSON.stringify(summary, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
