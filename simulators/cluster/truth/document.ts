/**
 * The cluster's ground truth as one JSON document (tests and benchmarks only, never the harness's
 * verdict source): every recorded data corruption, which system runs which boot volume, which
 * system answers for each business, each device's fault state, and a timeline of the changes a
 * failover's true phases are measured from. Read from the model as it is.
 */
import type { ClusterModel } from '../model/cluster.ts';
import type { ClusterEvent } from '../model/events.ts';
import type { Corruption } from '../model/truth.ts';

export interface SystemTruth {
  Id: string;
  Members: string[];
  PowerState: string;
  BootState: string;
  /** The boot volume its OS runs (or boots, or crashed) from. */
  Volume: string | null;
  /** SUT epoch ms its OS came up, while it runs. */
  RunningSince: number | null;
  Dumping: boolean;
}

export interface ServerTruth {
  Id: string;
  System: string;
  Faults: string[];
  /** False while its BMC (Redfish and IPMI) does not answer. */
  BmcAnswering: boolean;
}

export interface TruthDocument {
  Cluster: string;
  TimeScale: number;
  /** SUT epoch ms now. */
  Now: number;
  Defects: string[];
  Corruptions: Corruption[];
  Systems: SystemTruth[];
  Businesses: Array<{ Id: string; Volume: string; AnsweredBy: string | null }>;
  Servers: ServerTruth[];
  /** Faults, power, boot states, dumps and business reachability as they happened (SUT epoch ms `at`), oldest first. */
  Timeline: ClusterEvent[];
}

/** `runningSince` is on the monotonic clock; the document speaks SUT epoch ms. */
function epoch(model: ClusterModel, monotonic: number | null): number | null {
  return monotonic === null ? null : model.clock.wallNow() - (model.clock.now() - monotonic);
}

export function truthDocument(model: ClusterModel, timeScale: number): TruthDocument {
  return structuredClone({
    Cluster: model.config.name,
    TimeScale: timeScale,
    Now: model.clock.wallNow(),
    Defects: [...model.defects],
    Corruptions: model.truth.corruptions,
    Systems: [...model.systems.values()].map((s) => ({
      Id: s.id,
      Members: [...s.members],
      PowerState: s.power,
      BootState: s.boot,
      Volume: s.volume,
      RunningSince: epoch(model, s.runningSince),
      Dumping: s.dumping,
    })),
    Businesses: model.config.businesses.map((b) => ({ Id: b.id, Volume: b.volume, AnsweredBy: model.businesses.answerer(b.id) })),
    Servers: [...model.servers.values()].map((s) => ({ Id: s.spec.id, System: model.systemOf(s.spec.id).id, Faults: [...s.faults], BmcAnswering: s.bmcAnswering })),
    Timeline: model.truth.timeline,
  });
}
