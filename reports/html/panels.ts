/** The report panels' sections of the page; a failing panel shows an error section in its place. */
import type { PanelError, PanelResult } from '../panel-run.ts';
import type { LaneSource } from '../timeline.ts';
import { esc } from './escape.ts';

export function panelErrorSection(title: string, error: PanelError): string {
  return `<section class="panel-error"><h2>${esc(title)}</h2><p class="bad"><b>This section could not be rendered.</b> ${esc(error.message)}</p></section>`;
}

export function panelSection(result: PanelResult): string {
  if (result.error) return panelErrorSection(result.title, result.error);
  try {
    return result.html();
  } catch (e) {
    return panelErrorSection(result.title, result.fail('html', e));
  }
}

/** The lane contributors of the panels, and a way to tell which failed while drawing one timeline. */
export function laneSources(panels: readonly PanelResult[]): { sources: LaneSource[]; failuresSoFar(): number } {
  return {
    sources: panels.filter((p) => p.error === null).map((p) => (scenario) => p.lanes(scenario)),
    failuresSoFar: () => panels.reduce((n, p) => n + p.failures.length, 0),
  };
}
