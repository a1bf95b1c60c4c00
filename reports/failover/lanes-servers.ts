/**
 * The two servers' lanes: power from their SystemHealth samples (a change placed at the BMC's own
 * ResourcePoweredOn/Off timestamp when it sent one), their BMC events as ticks, and the VLANs of
 * their switch ports (from their inventory's LLDP neighbours).
 */
import { series } from '../../lib/domains/failover/series.ts';
import { eventFields } from '../event-fields.ts';
import { eventInWindow, type LaneContext } from './lanes-san.ts';
import { segmentsOf, type Reading } from './track.ts';
import type { FoLane, FoTick, Tone } from './types.ts';

const POWER_TONE: Readonly<Record<string, Tone>> = { On: 'on', Off: 'off', PoweringOn: 'transition', PoweringOff: 'transition' };

function eventTicks(ctx: LaneContext, device: string): FoTick[] {
  return ctx.records.flatMap((r) => {
    if (r.type !== 'event' || r.device !== device) return [];
    const e = eventFields(r);
    return [{ at: r.t - ctx.t0, label: e.messageId.split('.').at(-1) ?? e.messageId, detail: `${device}: ${e.messageId} at ${e.eventTimestamp} (received): ${e.message}` }];
  });
}

export function powerLane(ctx: LaneContext, server: string, role: string): FoLane {
  const readings: Reading[] = series(ctx.records, 'SystemHealth', server).map((s) => ({
    t: s.t,
    readStart: s.readStart,
    key: s.state.powerState,
    label: s.state.powerState,
    tone: POWER_TONE[s.state.powerState] ?? 'other',
    detail: `${server} power ${s.state.powerState}`,
  }));
  const powered = eventInWindow(ctx, server, (e) => /\.ResourcePowered(On|Off)$/.test(e.event.messageId));
  return { kind: 'power', label: `${server} power (${role})`, segments: segmentsOf(readings, { ...ctx, instant: powered }), ticks: eventTicks(ctx, server) };
}

/** The switch ports of `server` from its inventory samples: [switch, port]. */
function portsOf(ctx: LaneContext, server: string): Array<[string, string]> {
  const last = series(ctx.records, 'ServerInventory', server).at(-1);
  return (last?.state.nics ?? []).flatMap((n) => (n.switchPort ? [[n.switchPort.chassisId, n.switchPort.portId] as [string, string]] : []));
}

export function vlanLanes(ctx: LaneContext): FoLane[] {
  const all = series(ctx.records, 'VlanControl');
  return [ctx.pair.failed, ctx.pair.standby].flatMap((server) =>
    portsOf(ctx, server).map(([sw, port]) => {
      const readings = all
        .filter((s) => s.device === sw || s.state.switch === sw)
        .map((s): Reading => {
          const p = s.state.ports.find((x) => x.port === port);
          const label = p ? `untagged ${p.untagged ?? '–'}${p.tagged.length ? ` tagged ${p.tagged.join(',')}` : ''}${p.linkUp ? '' : ' (link down)'}` : 'no such port';
          return { t: s.t, readStart: s.readStart, key: label, label, tone: server === ctx.pair.failed ? 'failed' : 'standby', detail: `${sw}/${port} (${server}): ${label}` };
        });
      return { kind: 'VLAN', label: `VLAN ${sw}/${port} (${server})`, segments: segmentsOf(readings, ctx), ticks: [] };
    }),
  );
}
