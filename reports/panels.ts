/** Every report panel, in page order. A panel appears when its `appliesTo` says the run concerns it. */
import { failoverPanel } from './failover/panel.ts';
import { ftPanel } from './ft/panel.ts';
import { panelRunner, type PanelRunner } from './panel-run.ts';

export const PANELS: readonly PanelRunner[] = [panelRunner(ftPanel), panelRunner(failoverPanel)];
