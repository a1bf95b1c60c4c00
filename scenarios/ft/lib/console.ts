/**
 * The ft server's console as evidence: the exact lines its kernel and drivers print (documented
 * with the emulator in simulators/ft/console-text.ts), each after the kernel's uptime stamp
 * `[    12.345678] `, and how close a console line and the BMC's event of the same happening must
 * arrive.
 */
import type { BmcEvent, ConsoleCapture, ConsoleMatch } from '../../../drivers/capabilities/index.ts';
import { consoleAgreesWithEvent, consoleEvidence, type EvidenceContext } from '../../../harness/runner/console-evidence.ts';

/**
 * How far apart (SUT ms) a console line and the BMC event of the same model change may arrive:
 * both are sent at that instant, so only their delivery separates them — and delivery is host
 * time: 1 s of harness time (a loaded host delays either), at least 2 s SUT.
 */
export function consoleEventToleranceMs(ctx: { readonly timeScale: number }): number {
  return Math.max(2_000, 1_000 * ctx.timeScale);
}
const TOLERANCE_BASIS = 'the console line and the BMC event are sent at the same instant; 1 s of harness time (at least 2 s SUT) allows for the delivery of either on a loaded host';

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A whole console line: the uptime stamp, then exactly `text`. */
export function exactLine(text: string): RegExp {
  return new RegExp(`^\\[\\s*\\d+\\.\\d{6}\\] ${escape(text)}$`);
}

export const CONSOLE_LINES = {
  aerFatal: (device: string): RegExp => new RegExp(`^\\[\\s*\\d+\\.\\d{6}\\] pcieport: AER: Uncorrected \\(Fatal\\) error received: ${escape(device)} \\(module [01]\\)$`),
  /** The panic naming the device whose fatal error brought the system down. */
  panic: (device: string): RegExp => new RegExp(`^\\[\\s*\\d+\\.\\d{6}\\] Kernel panic - not syncing: .*\\b${escape(device)}\\b`),
  bondLinkDown: (iface: string): RegExp => exactLine(`bonding: bond0: link status definitely down for interface ${iface}, disabling it`),
  bondActive: (iface: string): RegExp => exactLine(`bonding: bond0: making interface ${iface} the new active one`),
  backInLockstep: /^\[\s*\d+\.\d{6}\] ftsrv: module [01] back in lockstep, system duplex$/,
};

export interface ConsoleCtx extends EvidenceContext {
  readonly caps: { ConsoleCapture: ConsoleCapture };
}

/** Wait (phase `phase`, `deadlineMs` SUT) for the console line matching `pattern` since `since` (harness ms). */
export function onConsole(ctx: ConsoleCtx, phase: string, pattern: RegExp, deadlineMs: number, since: number): Promise<ConsoleMatch> {
  return consoleEvidence(ctx, ctx.caps.ConsoleCapture, phase, pattern, deadlineMs, { since });
}

/** Check that `line` and `event` tell of the same happening at the same time. */
export function agreesInTime(ctx: ConsoleCtx, name: string, line: ConsoleMatch, event: BmcEvent, requirements: string[]): boolean {
  return consoleAgreesWithEvent(ctx, name, line, event, { toleranceMs: consoleEventToleranceMs(ctx), toleranceBasis: TOLERANCE_BASIS, requirements });
}
