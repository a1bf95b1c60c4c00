import test from 'ava';
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';
import { judgeFence } from './checks.ts';

let n = 0;
function ev(key: string, ...args: string[]): BmcEvent {
  n++;
  return { id: String(n), messageId: `ClusterLab.1.0.${key}`, messageArgs: ['srv01', ...args], message: '', severity: 'OK', originOfCondition: '/redfish/v1/Systems/srv01', eventTimestamp: `2026-12-06T00:00:${String(n).padStart(2, '0')}.000Z`, receivedAt: n, extra: {} };
}
const off = (): BmcEvent => ({ ...ev('x'), messageId: 'ResourceEvent.1.4.ResourcePoweredOff', messageArgs: ['/redfish/v1/Systems/srv01'] });

test('FO-03: graceful, then ForceOff holds; a graceful shutdown that works needs no ForceOff', (t) => {
  t.true(judgeFence('srv01', [ev('HardwareFault', 'Cpu'), ev('ResetRequested', 'GracefulShutdown'), ev('ResetRequested', 'ForceOff'), off()], false));
  t.true(judgeFence('srv01', [ev('ResetRequested', 'GracefulShutdown'), off()], false));
});

test('FO-03: no graceful request, or ForceOff first, is a violation naming the requests', (t) => {
  t.is(judgeFence('srv01', [ev('ResetRequested', 'ForceOff'), off()], false), "srv01's BMC accepted no GracefulShutdown (requests: ForceOff)");
  t.is(judgeFence('srv01', [ev('ResetRequested', 'ForceOff'), ev('ResetRequested', 'GracefulShutdown')], false), 'ForceOff came before the GracefulShutdown (requests: ForceOff, GracefulShutdown)');
});

test('FO-03 with a dump: ForceOff only after DumpFinished; a dump cut short is a violation', (t) => {
  t.true(judgeFence('srv01', [ev('DumpStarted'), ev('ResetRequested', 'GracefulShutdown'), ev('DumpFinished'), ev('ResetRequested', 'ForceOff'), off()], true));
  t.true(judgeFence('srv01', [ev('DumpStarted'), ev('ResetRequested', 'GracefulShutdown'), ev('DumpFinished'), off()], true));
  const early = [ev('DumpStarted'), ev('ResetRequested', 'GracefulShutdown'), ev('ResetRequested', 'ForceOff'), off(), ev('DumpFinished')];
  t.regex(String(judgeFence('srv01', early, true)), /^ForceOff at 2026-12-06T00:00:\d\d\.000Z while srv01 was still writing its dump \(DumpFinished at /);
  t.regex(String(judgeFence('srv01', [ev('DumpStarted'), ev('ResetRequested', 'GracefulShutdown'), ev('ResetRequested', 'ForceOff'), off()], true)), /^srv01 never finished its dump \(ForceOff at /);
});
