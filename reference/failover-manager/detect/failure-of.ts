/**
 * What a server BMC's event means to the manager (FO-01), pure: a hardware fault is a Failure
 * with its fault type; dump start and end say whether a dump is being written (the fence waits
 * for it); a repair ends the server's failed status; a BMC that stops answering is the failure type BMC_NOT_ANSWERING (the fault action
 * table says whether that fails over). Message ids are matched by registry prefix and key, any version.
 */
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';
import type { Failure } from '../plan/types.ts';

export const BMC_NOT_ANSWERING = 'BmcNotAnswering';

export type EventMeaning = { failure: Failure } | { dumping: boolean } | { repaired: string } | null;

function keyOf(messageId: string): { prefix: string; key: string } {
  const parts = messageId.split('.');
  return { prefix: parts[0] ?? '', key: parts[parts.length - 1] ?? '' };
}

export function meaningOf(server: string, e: BmcEvent): EventMeaning {
  const { prefix, key } = keyOf(e.messageId);
  const at = e.eventTimestamp || new Date().toISOString();
  if (prefix === 'ClusterLab' && key === 'HardwareFault') {
    const fault = e.messageArgs[1];
    if (!fault) return null;
    return { failure: { server, faultType: fault, evidence: { messageId: e.messageId, at } } };
  }
  if (prefix === 'ClusterLab' && key === 'HardwareRepaired') return e.messageArgs[1] ? { repaired: e.messageArgs[1] } : null;
  if (prefix === 'ClusterLab' && key === 'DumpStarted') return { dumping: true };
  if (prefix === 'ClusterLab' && key === 'DumpFinished') return { dumping: false };
  if (prefix === 'ResourceEvent' && key === 'ResourcePoweredOff') return { dumping: false };
  return null;
}

export function bmcNotAnswering(server: string, at: string): Failure {
  return { server, faultType: BMC_NOT_ANSWERING, evidence: { messageId: `FailoverManager.${BMC_NOT_ANSWERING}`, at } };
}
