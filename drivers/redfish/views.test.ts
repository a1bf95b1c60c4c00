import test from 'ava';
import { RedfishProtocolError } from './errors.ts';
import { toBmcEvents } from './capabilities/event-source.ts';
import { toOpState } from './capabilities/ft-state.ts';
import { parseChassis, parseEventRecords, parseServiceRoot, parseSystem } from './views.ts';

test('a missing required property names the resource and the property', (t) => {
  t.throws(() => parseSystem({ PowerState: 'On' }, '/redfish/v1/Systems/x'), { instanceOf: RedfishProtocolError, message: '/redfish/v1/Systems/x Id: expected a string, found nothing' });
  t.throws(() => parseChassis([], '/redfish/v1/Chassis/1'), { instanceOf: RedfishProtocolError, message: '/redfish/v1/Chassis/1: expected a JSON object, found an array' });
});

test('system view: redundancy set, OEM ft state, memory; absent parts are null', (t) => {
  const v = parseSystem(
    {
      Id: 'ft0',
      PowerState: 'On',
      Status: { State: 'Enabled', Health: 'Warning' },
      MemorySummary: { TotalSystemMemoryGiB: 64 },
      Redundancy: [{ ActiveRedundancySet: [{ '@odata.id': '/redfish/v1/Chassis/Module0/' }], RedundancySet: [{ '@odata.id': '/redfish/v1/Chassis/Module0' }, { '@odata.id': '/redfish/v1/Chassis/Module1' }], Status: { Health: 'Warning' } }],
      Oem: { FtLab: { FtState: 'Simplex', ActiveModules: [0], HypervisorMode: false } },
    },
    '/redfish/v1/Systems/ft0',
  );
  t.deepEqual(v.redundancy?.activeSet, ['/redfish/v1/Chassis/Module0']);
  t.is(v.memoryGiB, 64);
  t.is(v.ftLab?.hypervisorMode, false);
  t.is(v.ethernetInterfaces, null);
  t.is(parseSystem({ Id: 'x' }, '/s').ftLab, null);
});

test('service root Oem.FtLab: workload ports as numbers or {Port}', (t) => {
  const r = parseServiceRoot({ Systems: { '@odata.id': '/redfish/v1/Systems' }, Oem: { FtLab: { Workload: { Udp: 7000, Tcp: { Port: 7001 } }, TimeScale: 20 } } });
  t.deepEqual(r.ftLab?.workload, { udp: 7000, tcp: 7001 });
  t.is(r.ftLab?.timeScale, 20);
  t.is(r.systems, '/redfish/v1/Systems');
});

test('event payloads: several records become several BmcEvents; a bare record is accepted', (t) => {
  const msg = {
    event: 'message',
    id: '17',
    data: JSON.stringify({
      Events: [
        { EventId: '17', EventTimestamp: '2026-01-01T00:00:00.123456+00:00', MessageId: 'ResourceEvent.1.4.ResourceStateChanged', MessageArgs: ['M1', 'UnavailableOffline'], MessageSeverity: 'OK', OriginOfCondition: { '@odata.id': '/redfish/v1/Chassis/Module1' }, EventGroupId: 4 },
        { MessageId: 'ResourceEvent.1.4.ResourceStatusChangedCritical', Severity: 'Critical', OriginOfCondition: '/redfish/v1/Chassis/Module1' },
      ],
    }),
  };
  const events = toBmcEvents(msg, 123, 'test');
  t.deepEqual(
    events.map((e) => [e.id, e.messageId, e.severity, e.originOfCondition, e.receivedAt]),
    [
      ['17', 'ResourceEvent.1.4.ResourceStateChanged', 'OK', '/redfish/v1/Chassis/Module1', 123],
      ['17:1', 'ResourceEvent.1.4.ResourceStatusChangedCritical', 'Critical', '/redfish/v1/Chassis/Module1', 123],
    ],
  );
  t.deepEqual(events[0]?.extra, { EventGroupId: 4, EventId: '17' });
  t.is(parseEventRecords({ MessageId: 'Base.1.0.X' }, 'w').length, 1);
  t.throws(() => parseEventRecords({ Name: 'x' }, 'SSE /s event 3'), { message: 'SSE /s event 3 Events: expected an Event payload with an Events array' });
});

test('OEM OpState words map onto the capability vocabulary', (t) => {
  t.is(toOpState('DUPLEX'), 'Duplex');
  t.is(toOpState('kept_out'), 'KeptOut');
  t.is(toOpState('Brownout'), 'Brownout');
  t.is(toOpState('SHOT'), 'Unknown');
  t.is(toOpState(null), 'Unknown');
});
