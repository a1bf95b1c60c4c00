/** Markdown helpers shared by compliance.md and the panels' sections. */
import type { RequirementVerdict } from './summary-types.ts';

/** Escape text for a Markdown table cell (also safe against raw HTML in renderers that allow it). */
export function md(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

export const VERDICT_LABEL: Record<RequirementVerdict, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  inconclusive: '⚠️ inconclusive',
  'not-run': '⬜ not run',
  'no-scenario': '⬜ no scenario',
};

