import test from 'ava';
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';
import { bmcNotAnswering, meaningOf } from './failure-of.ts';

const ev = (messageId: string, messageArgs: string[] = []): BmcEvent => ({
  id: '7', messageId, messageArgs, message: '', severity: 'Critical', originOfCondition: '/redfish/v1/Systems/srv01', eventTimestamp: '2026-12-06T10:00:00Z', receivedAt: 0, extra: {},
});

test('a hardware fault is a failure of the BMC\'s server with its fault type and the event as evidence', (t) => {
  t.deepEqual(meaningOf('srv01', ev('ClusterLab.1.0.HardwareFault', ['srv01', 'Cpu'])), {
    failure: { server: 'srv01', faultType: 'Cpu', evidence: { messageId: 'ClusterLab.1.0.HardwareFault', at: '2026-12-06T10:00:00Z' } },
  });
  t.like(meaningOf('srv03', ev('ClusterLab.2.1.HardwareFault', ['srv03', 'Memory'])), { failure: { server: 'srv03', faultType: 'Memory' } }, 'any registry version');
  t.is(meaningOf('srv01', ev('ClusterLab.1.0.HardwareFault', ['srv01'])), null, 'no fault type, no failure');
});

test('dumps: started, finished, and power off ends one; a repair names its fault; everything else means nothing here', (t) => {
  t.deepEqual(meaningOf('srv01', ev('ClusterLab.1.0.HardwareRepaired', ['srv01', 'Cpu'])), { repaired: 'Cpu' });
  t.deepEqual(meaningOf('srv01', ev('ClusterLab.1.0.DumpStarted', ['srv01'])), { dumping: true });
  t.deepEqual(meaningOf('srv01', ev('ClusterLab.1.0.DumpFinished', ['srv01'])), { dumping: false });
  t.deepEqual(meaningOf('srv01', ev('ResourceEvent.1.4.ResourcePoweredOff')), { dumping: false });
  for (const id of ['ResourceEvent.1.4.ResourcePoweredOn', 'ClusterLab.1.0.SystemCrashed', 'Other.1.0.HardwareFault']) t.is(meaningOf('srv01', ev(id, ['srv01', 'Cpu'])), null, id);
});

test('a silent BMC is its own failure type', (t) => {
  t.deepEqual(bmcNotAnswering('srv06', '2026-12-06T10:00:05Z'), { server: 'srv06', faultType: 'BmcNotAnswering', evidence: { messageId: 'FailoverManager.BmcNotAnswering', at: '2026-12-06T10:00:05Z' } });
});
