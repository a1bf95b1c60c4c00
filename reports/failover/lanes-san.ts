/**
 * The failover's storage and network lanes from the cluster samples: the masking of each moved
 * boot volume (which server's WWPNs, host group and LUN hold it), the active zoning of each
 * fabric and the fabric logins as far as they concern the two servers, and the VLANs of their
 * switch ports.
 */
import type { EventRecord, HistoryRecord } from '../../lib/history/records.ts';
import { eventInstant } from '../../lib/domains/failover/event-time.ts';
import { activeZones, type VolumeMasking } from '../../lib/domains/failover/samples.ts';
import { series, type Sampled } from '../../lib/domains/failover/series.ts';
import { ofPair, serversOf, toneOf, type FailoverPair } from './roles.ts';
import { segmentsOf, type ChangeInstant, type Reading } from './track.ts';
import type { FoLane } from './types.ts';

export interface LaneContext {
  /** The testcase's records, and every record of the run (clock offsets). */
  records: readonly HistoryRecord[];
  all: readonly HistoryRecord[];
  t0: number;
  endMs: number;
  pair: FailoverPair;
}

const reading = <S>(s: Sampled<S>, key: string, r: Omit<Reading, 't' | 'readStart' | 'key'>): Reading => ({ t: s.t, readStart: s.readStart, key, ...r });

/** The first event of `device` after the window opened that `pred` accepts, placed by its own timestamp inside the window. */
export function eventInWindow(ctx: LaneContext, device: string, pred: (e: EventRecord) => boolean): ChangeInstant {
  return (prev, cur) => {
    const e = ctx.records.find((r): r is EventRecord => r.type === 'event' && r.device === device && r.t > prev.readStart && pred(r));
    const at = e ? eventInstant(ctx.all, e) : null;
    return e && at !== null && at >= prev.readStart && at <= cur.t ? { at, what: `${device}'s event ${e.event.messageId.split('.').at(-1) ?? ''} at ${e.event.eventTimestamp}` } : null;
  };
}

function maskingReading(ctx: LaneContext, s: Sampled<{ volumes: VolumeMasking[] }>, volume: string): Reading {
  const v = s.state.volumes.find((x) => x.volume === volume);
  const paths = v?.paths ?? [];
  const holders = serversOf(ctx.pair, paths.map((p) => p.initiator));
  const luns = [...new Set(paths.map((p) => p.lun))].join(',');
  const groups = [...new Set(paths.map((p) => p.hostGroup))].join(', ');
  const label = holders.length ? `${holders.join(' + ')} LUN ${luns} (${groups})` : 'unmapped';
  const detail = paths.length ? paths.map((p) => `${p.initiator} (${ctx.pair.owner.get(p.initiator) ?? '?'}) LUN ${p.lun} host group ${p.hostGroup} connection ${p.connection}`).join('; ') : `${volume} mapped to no WWPN`;
  return reading(s, JSON.stringify(paths), { label, tone: toneOf(ctx.pair, holders, 'both'), detail: `${volume}: ${detail}` });
}

export function maskingLanes(ctx: LaneContext, volumes: ReadonlyArray<{ array: string; volume: string }>): FoLane[] {
  return volumes.map(({ array, volume }) => {
    const readings = series(ctx.records, 'LunMapping', array).map((s) => maskingReading(ctx, s, volume));
    const about = (e: EventRecord): boolean => /\/(Connections|EndpointGroups)\//.test(e.event.originOfCondition ?? '');
    return { kind: 'masking', label: `${volume} on ${array}`, segments: segmentsOf(readings, { ...ctx, instant: eventInWindow(ctx, array, about) }), ticks: [] };
  });
}

export function zoningLanes(ctx: LaneContext): FoLane[] {
  const fabrics = [...new Set(series(ctx.records, 'ZoneControl').map((s) => s.device))];
  return fabrics.map((fabric) => {
    const readings = series(ctx.records, 'ZoneControl', fabric).map((s) => {
      const zones = Object.entries(activeZones(s.state))
        .map(([zone, members]) => ({ zone, servers: ofPair(ctx.pair, serversOf(ctx.pair, members)) }))
        .filter((z) => z.servers.length > 0);
      const label = zones.map((z) => `${z.zone}: ${z.servers.join(' + ')}`).join('; ') || 'neither zoned';
      return reading(s, label, { label, tone: toneOf(ctx.pair, zones.flatMap((z) => z.servers)), detail: `${fabric} active zone set ${s.state.activeZoneSet ?? 'none'}: ${label}` });
    });
    return { kind: 'zoning', label: `zoning ${fabric}`, segments: segmentsOf(readings, ctx), ticks: [] };
  });
}

export function loginLanes(ctx: LaneContext): FoLane[] {
  const ss = series(ctx.records, 'FabricLogins');
  const fabrics = [...new Set(ss.flatMap((s) => s.state.fabrics.map((f) => f.fabric)))].sort();
  return fabrics.map((fabric) => {
    // Each switch reports the fabrics it serves: only its readings say who is logged in to this one.
    const readings = ss.filter((s) => s.state.fabrics.some((f) => f.fabric === fabric)).map((s) => {
      const servers = ofPair(ctx.pair, serversOf(ctx.pair, s.state.fabrics.find((f) => f.fabric === fabric)?.wwpns ?? []));
      const label = servers.join(' + ') || 'neither logged in';
      return reading(s, label, { label, tone: toneOf(ctx.pair, servers), detail: `fabric ${fabric} (${s.device}): ${label}` });
    });
    return { kind: 'logins', label: `logins fabric ${fabric}`, segments: segmentsOf(readings, ctx), ticks: [] };
  });
}
