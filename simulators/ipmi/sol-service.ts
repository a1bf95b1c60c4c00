/**
 * The BMC's one SOL payload instance (instance 1): who holds it, its settings, activation and
 * deactivation (by the owner, by another session, or because the owner's session ended), and
 * the SOL packets of the owner's session. Packets of other sessions are dropped.
 */
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { SolPacket } from '../../drivers/ipmi/codec/sol.ts';
import { SolActivation } from './sol-activation.ts';
import { defaultSolSettings, retryPolicy, type SolSettings } from './sol-config.ts';
import type { SolConsole } from './sol-console.ts';
import type { ServerSession, SessionTable } from './session-table.ts';

/** Characters per SOL packet, both ways; the payload sizes Activate Payload reports add the 4-byte header. */
export const SOL_MAX_DATA = 200;

export type ActivateResult = 'activated' | 'already-active' | 'disabled' | 'no-console';

export class SolService {
  settings: SolSettings = defaultSolSettings();
  private owner: { session: ServerSession; activation: SolActivation } | undefined;
  private readonly stopFollowing: () => void;

  constructor(
    private readonly o: {
      console: SolConsole | undefined;
      sessions: SessionTable;
      clock: Clock;
      log: Logger;
      /** Send a SOL payload in `s` to its console. */
      send(s: ServerSession, p: SolPacket): void;
    },
  ) {
    this.stopFollowing = o.sessions.onEnded((s) => {
      if (this.owner?.session !== s) return;
      o.log.info(`SOL deactivated: session 0x${s.managedId.toString(16)} ended`);
      this.end(false);
    });
  }

  /** Whether the host has a console to serve (else the payload reads as disabled). */
  get available(): boolean {
    return this.o.console !== undefined;
  }

  /** The session holding the payload, if any. */
  get ownerSession(): ServerSession | undefined {
    return this.owner?.session;
  }

  activate(session: ServerSession): ActivateResult {
    if (!this.o.console) return 'no-console';
    if (!this.settings.enabled) return 'disabled';
    if (this.owner) return 'already-active';
    const activation = new SolActivation(
      { send: (p) => this.o.send(session, p), clock: this.o.clock, log: this.o.log, retry: () => retryPolicy(this.settings), maxData: SOL_MAX_DATA },
      this.o.console,
    );
    this.owner = { session, activation };
    this.o.log.info(`SOL activated by session 0x${session.managedId.toString(16)}`);
    return 'activated';
  }

  /** Deactivate (false when it was not active); another session's deactivation tells the owner. */
  deactivate(by: ServerSession): boolean {
    if (!this.owner) return false;
    this.o.log.info(`SOL deactivated by session 0x${by.managedId.toString(16)}`);
    this.end(this.owner.session !== by);
    return true;
  }

  onPacket(session: ServerSession, p: SolPacket): SolPacket | undefined {
    return this.owner?.session === session ? this.owner.activation.onPacket(p) : undefined;
  }

  close(): void {
    this.stopFollowing();
    this.end(false);
  }

  private end(notify: boolean): void {
    const o = this.owner;
    this.owner = undefined;
    o?.activation.close(notify);
  }
}
