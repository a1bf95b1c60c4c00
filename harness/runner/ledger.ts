/**
 * The fault ledger: every injection registers its undo before it is applied; undos run in
 * reverse order at the end of the scenario, whatever happened (success, failure, deadline,
 * SIGINT). An undo that fails (or does not finish in time) is an infrastructure error.
 */
import type { Clock } from '../../lib/clock.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { FaultRecord, ScenarioRef } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import type { HistorySink } from '../history/writer.ts';

interface Entry {
  id: number;
  /** The device the fault is injected on. */
  device: string;
  name: string;
  params: Record<string, unknown>;
  undo: () => Promise<void>;
  undone: boolean;
}

export interface UndoFailure {
  device: string;
  fault: string;
  ledgerId: number;
  error: string;
}

let nextLedgerId = 1;

export class FaultLedger {
  private readonly entries: Entry[] = [];

  constructor(
    private readonly opts: {
      history: HistorySink;
      scenario: ScenarioRef | null;
      clock: Clock;
      log: Logger;
      /**
       * Asked before each injection and each undo (a bench pool's fencing check): throws when the
       * device may no longer be driven; nothing is injected (or undone) then.
       */
      fence?: (device: string, what: string) => Promise<void>;
    },
  ) {}

  /** Faults registered and not yet undone. */
  pending(): string[] {
    return this.entries.filter((e) => !e.undone).map((e) => e.name);
  }

  /** Register `undo` of a fault on `device`, then run `inject`. If inject throws, the undo still runs at the end. */
  async apply(device: string, name: string, params: Record<string, unknown>, inject: () => Promise<void>, undo: () => Promise<void>): Promise<void> {
    await this.opts.fence?.(device, `fault "${name}"`);
    const entry: Entry = { id: nextLedgerId++, device, name, params, undo, undone: false };
    this.entries.push(entry);
    this.record(entry, 'register', true);
    try {
      await inject();
    } catch (e) {
      this.record(entry, 'inject', false, errorMessage(e));
      throw e;
    }
    this.record(entry, 'inject', true);
  }

  /**
   * Run every pending undo, newest first, each within `perUndoMs` (wall ms, not tied to the
   * scenario's signal, which may already be aborted). Returns the undos that failed.
   */
  async undoAll(perUndoMs: number): Promise<UndoFailure[]> {
    const failures: UndoFailure[] = [];
    for (const entry of [...this.entries].reverse()) {
      if (entry.undone) continue;
      entry.undone = true;
      try {
        await this.opts.fence?.(entry.device, `undo of fault "${entry.name}"`);
        await withDeadline(`undo fault "${entry.name}"`, perUndoMs, () => entry.undo(), { clock: this.opts.clock });
        this.record(entry, 'undo', true);
      } catch (e) {
        const error = errorMessage(e);
        this.record(entry, 'undo', false, error);
        this.opts.log.error(`could not undo fault "${entry.name}" on ${entry.device}: ${error}`, { component: 'ledger', device: entry.device });
        failures.push({ device: entry.device, fault: entry.name, ledgerId: entry.id, error });
      }
    }
    return failures;
  }

  private record(entry: Entry, action: FaultRecord['action'], ok: boolean, error?: string): void {
    this.opts.history.append<FaultRecord>({
      type: 'fault',
      scenario: this.opts.scenario,
      device: entry.device,
      fault: entry.name,
      params: entry.params,
      action,
      ledgerId: entry.id,
      ok,
      ...(error !== undefined ? { error } : {}),
    });
  }
}
