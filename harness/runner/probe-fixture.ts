/**
 * The workload heartbeat probe as a fixture: started against a device's workload, stopped by the
 * scenario (`handle.stop()`) or, at the latest, by the testcase's teardown; either way its result
 * is recorded once in the history.
 */
import type { WorkloadEndpoint } from '../../drivers/capabilities/index.ts';
import { type Clock, systemClock } from '../../lib/clock.ts';
import type { ProbeRecord, ScenarioRef } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import type { HistoryWriter } from '../history/writer.ts';
import { type HeartbeatHandle, startThreadedHeartbeat } from '../probe/threaded.ts';
import { type HeartbeatResult, UdpHeartbeatProbe } from '../probe/udp-heartbeat.ts';
import type { ProbeHandle, ProbeOptions } from '../scenario.ts';
import type { FixtureStack } from './fixtures.ts';

export interface ProbeFixtureDeps {
  name: string;
  endpoint: WorkloadEndpoint;
  opts: ProbeOptions;
  scenario: ScenarioRef;
  history: HistoryWriter;
  clock: Clock;
  log: Logger;
  deadlineAt: number;
  fixtures: FixtureStack;
}

export async function startProbeFixture(d: ProbeFixtureDeps): Promise<ProbeHandle> {
  const probeOpts = {
    host: d.endpoint.host,
    port: d.endpoint.udpPort,
    maxDurationMs: Math.max(1, d.deadlineAt - d.clock.now()),
    ...(d.opts.intervalMs !== undefined ? { intervalMs: d.opts.intervalMs } : {}),
    ...(d.opts.gapThresholdMs !== undefined ? { gapThresholdMs: d.opts.gapThresholdMs } : {}),
    ...(d.opts.sourceAddress !== undefined ? { sourceAddress: d.opts.sourceAddress } : {}),
  };
  let record: Promise<ProbeRecord> | undefined;
  let probe: HeartbeatHandle | undefined;
  const stop = (): Promise<ProbeRecord> => {
    if (!probe) throw new Error(`probe "${d.name}" was never started`);
    record ??= recordProbe(d, probe.stop());
    return record;
  };
  await d.fixtures.push(
    `probe ${d.name}`,
    async () => {
      probe = await startHeartbeat(d, probeOpts);
    },
    async () => {
      if (probe) await stop();
    },
  );
  return { stop };
}

type HeartbeatOptions = Parameters<typeof startThreadedHeartbeat>[0];

async function startHeartbeat(d: ProbeFixtureDeps, opts: HeartbeatOptions): Promise<HeartbeatHandle> {
  if (d.clock !== systemClock) return UdpHeartbeatProbe.start({ ...opts, clock: d.clock });
  // On its own thread, so the harness's own work cannot delay sends or answer timestamps.
  try {
    return await startThreadedHeartbeat(opts);
  } catch (e) {
    d.log.warn(`heartbeat probe: no worker thread (${(e as Error).message}); probing on the main thread`, { component: 'probe' });
    return UdpHeartbeatProbe.start({ ...opts, clock: d.clock });
  }
}

async function recordProbe(d: ProbeFixtureDeps, result: Promise<HeartbeatResult>): Promise<ProbeRecord> {
  const r = await result;
  if (r.foreign > 0) {
    d.log.warn(
      `probe "${d.name}": ${r.foreign} datagram(s) that were not answers of the workload ${r.target} (other senders, other nonces or repeats), from ${r.foreignFrom.join(', ')}; not counted as answers`,
      { component: 'probe' },
    );
  }
  const h = d.history;
  return h.append<ProbeRecord>({
    type: 'probe',
    scenario: d.scenario,
    probe: d.name,
    target: r.target,
    intervalMs: r.intervalMs,
    resolutionMs: r.resolutionMs,
    sent: r.sent,
    received: r.received,
    gaps: r.gaps.map((g) => ({ ...g, start: h.sinceStart(g.start), end: h.sinceStart(g.end) })),
    ...(r.rttMs === undefined ? {} : { rttMs: r.rttMs }),
    repliedFrom: r.repliedFrom,
    foreign: r.foreign,
    foreignFrom: r.foreignFrom,
    ...(r.echoedBy.length ? { echoedBy: r.echoedBy } : {}),
    startedAt: h.sinceStart(r.startedAt),
    stoppedAt: h.sinceStart(r.stoppedAt),
  });
}
