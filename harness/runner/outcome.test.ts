/** classifyError: a capability the device turns out to lack is a skip with the device's reason, even when wrapped. */
import test from 'ava';
import { CapabilityNotSupportedError, ChangeRefusedError, WriteNotConfirmedError } from '../../drivers/capabilities/cluster-errors.ts';
import { FtlabError } from '../../lib/errors.ts';
import { classifyError } from './outcome.ts';

const ctx = { aborted: false, infraPhases: new Set<string>() };

test('CapabilityNotSupportedError → skipped with its reason, also as a cause', (t) => {
  const e = new CapabilityNotSupportedError('ZoneControl', 'array1', 'Fabric /redfish/v1/Fabrics/SAN has no Zones');
  t.deepEqual(classifyError(e, ctx), { outcome: 'skipped', reason: 'array1 does not support ZoneControl: Fabric /redfish/v1/Fabrics/SAN has no Zones' });
  t.is(classifyError(new FtlabError('zoning step', { cause: e }), ctx).outcome, 'skipped');
});

test('a write the device shows otherwise fails the scenario; a refused change is the lab\'s trouble', (t) => {
  t.is(classifyError(new WriteNotConfirmedError('array1', '/redfish/v1/Storage/array1/Volumes/v', 'still reachable'), ctx).outcome, 'failed');
  t.is(classifyError(new ChangeRefusedError('sw1', 'port 1', 409, null, 'commit failed'), ctx).outcome, 'infra-error');
});
