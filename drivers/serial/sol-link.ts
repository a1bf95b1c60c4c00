/**
 * A console over IPMI Serial-over-LAN (drivers/ipmi/sol.ts) as a byte link: its own RMCP+
 * session to the BMC with the device's IPMI account, SOL activated on it. Closing deactivates
 * SOL and closes the session. Errors name the endpoint (`sol://HOST:PORT`): the login failing,
 * SOL busy on another session, disabled, lost mid-run.
 */
import { IpmiSession, type IpmiSessionOptions } from '../ipmi/session.ts';
import { SolClient, type SolOptions } from '../ipmi/sol.ts';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import type { ByteLink, LinkHandlers } from './link.ts';

export interface SolConsoleOptions {
  /** The BMC's IPMI endpoint and account (as the device's `ipmi:` endpoint gives them). */
  session: IpmiSessionOptions;
  sol?: SolOptions;
}

export function solEndpoint(o: SolConsoleOptions): string {
  const host = o.session.host.includes(':') ? `[${o.session.host}]` : o.session.host;
  return `sol://${host}:${o.session.port ?? 623}`;
}

export async function openSolConsole(o: SolConsoleOptions, h: LinkHandlers): Promise<ByteLink> {
  const endpoint = solEndpoint(o);
  const session = new IpmiSession(o.session);
  let sol: SolClient;
  try {
    sol = await SolClient.activate(session, { onData: (d) => h.onData(d), onEnd: (e) => h.onEnd(e) }, o.sol);
  } catch (e) {
    await session.close();
    if (e instanceof InfraError) throw e;
    throw new InfraError(`console ${endpoint}: cannot start SOL: ${errorMessage(e)}`, { cause: e });
  }
  return {
    endpoint,
    write: (data) => sol.write(data),
    sendBreak: () => sol.sendBreak(),
    close: async () => {
      await sol.close();
      await session.close();
    },
  };
}
