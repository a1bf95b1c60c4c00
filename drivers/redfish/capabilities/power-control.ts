/**
 * PowerControl over Redfish: System PowerState and `#ComputerSystem.Reset` (ResetType checked
 * against what the system advertises before posting). A request resolves once the BMC accepted
 * it; `waitForPowerState` turns "accepted but nothing happened" into a SUT failure, never a hang.
 */
import type { PowerAction, PowerControl, PowerState } from '../../capabilities/power-control.ts';
import { type Clock, systemClock } from '../../../lib/clock.ts';
import { waitFor, withDeadline } from '../../../lib/deadline.ts';
import { DeadlineError } from '../../../lib/errors.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { PowerStateNotReachedError } from '../errors.ts';

const KNOWN: readonly PowerState[] = ['On', 'Off', 'PoweringOn', 'PoweringOff', 'Paused', 'Unknown'];

export function toPowerState(v: string | null): PowerState {
  return KNOWN.find((k) => k === v) ?? 'Unknown';
}

/** The state an action should end in: On/ForceRestart/PowerCycle → On, ForceOff/GracefulShutdown → Off. */
export function expectedPowerState(action: PowerAction): PowerState {
  return action === 'ForceOff' || action === 'GracefulShutdown' ? 'Off' : 'On';
}

export class RedfishPowerControl implements PowerControl {
  readonly kind = 'PowerControl' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async state(signal?: AbortSignal): Promise<PowerState> {
    const sys = await this.discovery.system(signal ? { signal } : {});
    return toPowerState(sys.powerState);
  }

  async request(action: PowerAction, signal?: AbortSignal): Promise<void> {
    const sig = signal ? { signal } : {};
    const path = await this.discovery.systemPath(sig);
    await this.client.postAction(path, '#ComputerSystem.Reset', { ResetType: action }, sig);
  }
}

export interface WaitForPowerOptions {
  /** How long to wait for the state (ms of the given clock). */
  budgetMs: number;
  /** The action that was accepted, for the message (e.g. "ForceOff"). */
  action: string;
  clock?: Clock;
  intervalMs?: number;
  signal?: AbortSignal;
}

/**
 * Poll PowerState until it equals `expected`. Past the budget: PowerStateNotReachedError
 * ("ForceOff accepted but PowerState still On after 5 s"). An abort of `signal` propagates as is.
 */
export async function waitForPowerState(power: PowerControl, expected: PowerState, opts: WaitForPowerOptions): Promise<void> {
  const phase = `wait for PowerState ${expected} after ${opts.action}`;
  let last: PowerState | null = null;
  try {
    await waitFor(
      phase,
      opts.budgetMs,
      async (signal) => {
        last = await power.state(signal);
        return last === expected ? true : undefined;
      },
      {
        clock: opts.clock ?? systemClock,
        intervalMs: opts.intervalMs ?? 250,
        ...(opts.signal ? { parent: opts.signal } : {}),
        describeLast: () => `PowerState ${last ?? 'never read'}`,
      },
    );
  } catch (e) {
    if (e instanceof DeadlineError && e.phase === phase && !opts.signal?.aborted) {
      // No read finished within the budget (a slow BMC): one more, bounded read to say where it stayed.
      const actual =
        last ??
        (await withDeadline(`${phase}: final read`, Math.min(opts.budgetMs, 5000), (signal) => power.state(signal), {
          clock: opts.clock ?? systemClock,
          ...(opts.signal ? { parent: opts.signal } : {}),
        }).catch(() => 'Unknown'));
      throw new PowerStateNotReachedError(opts.action, expected, actual, opts.budgetMs, { cause: e });
    }
    throw e;
  }
}

/** Request `action` and wait for the state it should lead to (see expectedPowerState). */
export async function requestAndWait(power: PowerControl, action: PowerAction, opts: Omit<WaitForPowerOptions, 'action'>): Promise<void> {
  await power.request(action, opts.signal);
  await waitForPowerState(power, expectedPowerState(action), { ...opts, action });
}
