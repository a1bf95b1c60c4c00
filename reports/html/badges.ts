/** Coloured badges for outcomes and verdicts (shared by the page and the panels' sections). */
import type { Outcome } from '../../lib/history/records.ts';
import { esc } from './escape.ts';
import { OUTCOME_COLOR, VERDICT_COLOR } from './style.ts';

export function badge(text: string, color: string, big = false): string {
  return `<span class="badge${big ? ' big' : ''}" style="background:${color}">${esc(text)}</span>`;
}

export function outcomeBadge(o: Outcome, big = false): string {
  return badge(o, OUTCOME_COLOR[o], big);
}

export function verdictBadge(v: string): string {
  return badge(v, VERDICT_COLOR[v] ?? '#8c959f');
}

