import type { ExecutionContext } from 'ava';
import { FakeClock, systemClock, type Clock } from '../../../lib/clock.ts';
import { RedfishError } from '../errors.ts';
import { RedfishService, type RedfishServiceOptions } from '../service.ts';
import { basic } from './client.ts';

export const ADMIN = basic('admin', 'admin-pw-1');
export const OPERATOR = basic('op', 'operator-pw-1');
export const READONLY = basic('ro', 'readonly-pw-1');

export interface Lab {
  svc: RedfishService;
  url: string;
  clock: Clock;
  system: { power: string; assetTag: string | null; led: string; bootTarget: string; resets: string[] };
}

/** A service with three accounts and one ComputerSystem, listening on 127.0.0.1:0; closed on teardown. */
export async function startLab(t: ExecutionContext, opts: { clock?: Clock } & Partial<RedfishServiceOptions> = {}): Promise<Lab> {
  const clock = opts.clock ?? systemClock;
  const svc = new RedfishService({
    product: 'test product',
    vendor: 'ftlab',
    ...opts,
    clock,
    accounts: [
      { user: 'admin', password: 'admin-pw-1', role: 'Administrator' },
      { user: 'op', password: 'operator-pw-1', role: 'Operator' },
      { user: 'ro', password: 'readonly-pw-1', role: 'ReadOnly' },
    ],
  });
  const system = { power: 'On', assetTag: 'A1' as string | null, led: 'Off', bootTarget: 'None', resets: [] as string[] };
  svc.collection('/redfish/v1/Systems', { type: '#ComputerSystemCollection.ComputerSystemCollection', name: 'Computer System Collection' });
  svc.resource('/redfish/v1/Systems/1', {
    type: '#ComputerSystem.v1_20_0.ComputerSystem',
    get: () => ({
      Id: '1',
      Name: 'System',
      PowerState: system.power,
      AssetTag: system.assetTag,
      IndicatorLED: system.led,
      Boot: { BootSourceOverrideTarget: system.bootTarget, BootSourceOverrideEnabled: 'Disabled' },
      Status: { State: 'Enabled', Health: 'OK' },
    }),
    patch: {
      writable: {
        AssetTag: { type: 'string', nullable: true, maxLength: 32 },
        IndicatorLED: { type: 'string', enum: ['Lit', 'Blinking', 'Off'] },
        Boot: { type: 'object', properties: { BootSourceOverrideTarget: { type: 'string', enum: ['None', 'Pxe', 'Hdd'] } } },
      },
      apply: (c) => {
        if ('AssetTag' in c) system.assetTag = c.AssetTag as string | null;
        if (typeof c.IndicatorLED === 'string') system.led = c.IndicatorLED;
        const boot = c.Boot as { BootSourceOverrideTarget?: string } | undefined;
        if (boot?.BootSourceOverrideTarget) system.bootTarget = boot.BootSourceOverrideTarget;
      },
    },
  });
  svc.action('/redfish/v1/Systems/1', '#ComputerSystem.Reset', {
    parameters: { ResetType: { type: 'string', allowable: ['On', 'ForceOff', 'ForceRestart'], required: true } },
    handler: (p) => {
      const type = p.ResetType as string;
      if (type === 'ForceRestart' && system.power === 'Off') throw new RedfishError(409, 'Base.1.22.ResourceInStandby');
      system.resets.push(type);
      system.power = type === 'ForceOff' ? 'Off' : 'On';
      svc.events.emit({
        MessageId: type === 'ForceOff' ? 'ResourceEvent.1.4.ResourcePoweredOff' : 'ResourceEvent.1.4.ResourcePoweredOn',
        MessageArgs: ['/redfish/v1/Systems/1'],
        OriginOfCondition: '/redfish/v1/Systems/1',
      });
    },
  });
  const handle = await svc.listen();
  t.teardown(() => handle.close());
  return { svc, url: handle.url, clock, system };
}

export function fakeClock(): FakeClock {
  return new FakeClock(0, Date.UTC(2026, 10, 22, 10, 0, 0));
}
