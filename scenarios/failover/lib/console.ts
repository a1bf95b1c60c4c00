/**
 * FO-07 on the standby's own console (H-03): the HBA BIOS line a fleet server prints when it boots
 * from the SAN names the volume behind its boot LUN (simulators/cluster/console/text.ts), so the
 * console tells — independently of the BMC's BootingFrom event and of the lab's masking — which
 * volume the standby booted. The line must name the volume the lab moved to it and arrive with
 * the BMC's event of the same boot. A member without a console in the inventory (or whose capture
 * could not be opened) leaves the other evidence to judge, with a warning.
 */
import type { BmcEvent, ConsoleCapture, ConsoleMatch } from '../../../drivers/capabilities/index.ts';
import { consoleAgreesWithEvent, consoleEvidence } from '../../../harness/runner/console-evidence.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { consoleEventToleranceMs } from '../../ft/lib/console.ts';
import { foBudgetParams } from './budget-params.ts';
import type { FoContext } from './define.ts';

export const CONSOLE_BOOT_CHECK = "the standby's console shows its SAN boot from the failed server's boot volume";
export const CONSOLE_AGREES_CHECK = "the standby's console SAN boot line arrives with its BMC's BootingFrom event";

const TOLERANCE_BASIS = "the fleet server's BMC sends BootingFrom at the instant its HBA BIOS prints the boot LUN; 1 s of harness time (at least 2 s SUT) allows for the delivery of either on a loaded host";

/** The HBA BIOS's verdict on the boot LUN: booting volume $1 from the SAN, or no boot LUN visible. */
export const HBA_BOOT_LINE = /^HBA BIOS: (?:boot LUN \d+ is volume (\S+) \(NAA [0-9a-f]+\) on \S+: booting from SAN|no boot LUN \d+ visible to .*)$/;

/** The standby's console capture, or null (with a warning) when the scenario must do without it. */
function consoleOf(fo: FoContext, standby: string): ConsoleCapture | null {
  const c = fo.cl.member(standby).caps.ConsoleCapture;
  try {
    if (c) c.tail(0);
  } catch (e) {
    fo.ctx.log.warn(`${standby}'s console is not captured (${errorMessage(e)}): FO-07 rests on the BMC and the lab alone`);
    return null;
  }
  if (!c) fo.ctx.log.warn(`the inventory names no console for ${standby}: FO-07 rests on the BMC and the lab alone`);
  return c ?? null;
}

/**
 * Wait (the fo.total budget's limit, SUT ms) for the standby's HBA BIOS boot line since `since`,
 * check it names `volume` (the one the lab moved to the standby), and that it arrived with `booted`
 * (the standby BMC's BootingFrom event), when there is one.
 */
export async function checkStandbyConsoleBoot(fo: FoContext, standby: string, volume: string | null, since: number, booted: BmcEvent | undefined): Promise<void> {
  const { ctx } = fo;
  const console = consoleOf(fo, standby);
  if (!console) return;
  const deadlineMs = ctx.budget('fo.total', foBudgetParams(ctx)).limit;
  const line: ConsoleMatch = await consoleEvidence(ctx, console, `the standby ${standby} prints its SAN boot on its console`, HBA_BOOT_LINE, deadlineMs, { since });
  const printed = HBA_BOOT_LINE.exec(line.line.text)?.[1] ?? null;
  ctx.check(CONSOLE_BOOT_CHECK, { kind: 'assertion', requirements: ['FO-07', 'H-03'] }, () =>
    printed !== null && printed === volume ? true : `${standby}'s console printed ${JSON.stringify(line.line.text)}; the lab moved ${volume ?? 'no volume'} to it`,
  );
  if (booted) consoleAgreesWithEvent(ctx, CONSOLE_AGREES_CHECK, line, booted, { toleranceMs: consoleEventToleranceMs(ctx), toleranceBasis: TOLERANCE_BASIS, requirements: ['FO-07', 'H-03'] });
}
