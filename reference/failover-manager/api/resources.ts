/**
 * The API's resources (Redfish-style JSON, read-only): the manager's root with links, the
 * management table, every decision with its steps and timings, the event log, the config.
 */
import type { ManagementTable } from '../plan/types.ts';
import type { Journal } from '../process/journal.ts';

export const ROOT = '/redfish/v1';
export const FM = `${ROOT}/Oem/FailoverManager`;
export const SCALE_OUT = `${FM}/Actions/FailoverManager.SelectScaleOut`;
export const EVENTS_SSE = `${FM}/Events/SSE`;

export interface ApiState {
  table(): ManagementTable | null;
  journal: Journal;
  config(): unknown;
  /** Lab time runs this many times faster than real time (the deadlines are lab time; the journal's times are real). */
  timeScale: number;
  /** FO-12: the chosen server for a hardware request (throws ConfigError when the request is malformed). */
  scaleOut(request: unknown): Promise<unknown>;
}

type Json = Record<string, unknown>;

const ref = (id: string): Json => ({ '@odata.id': id });

function serviceRoot(): Json {
  return { '@odata.id': ROOT, '@odata.type': '#ServiceRoot.v1_15_0.ServiceRoot', Id: 'RootService', Name: 'Reference failover manager', Oem: { FailoverManager: ref(FM) } };
}

function manager(s: ApiState): Json {
  return {
    '@odata.id': FM,
    Id: 'FailoverManager',
    Name: 'Reference N+1 failover manager',
    TimeScale: s.timeScale,
    ManagementTable: ref(`${FM}/ManagementTable`),
    Decisions: ref(`${FM}/Decisions`),
    Events: ref(`${FM}/Events`),
    Config: ref(`${FM}/Config`),
    Actions: { '#FailoverManager.SelectScaleOut': { target: SCALE_OUT } },
  };
}

function collection(id: string, members: unknown[]): Json {
  return { '@odata.id': id, Id: id.split('/').pop(), 'Members@odata.count': members.length, Members: members };
}

/** The GET resources by path; undefined for a path that is not one. */
export function resourceAt(path: string, s: ApiState): Json | undefined {
  const routes: Record<string, () => Json> = {
    [ROOT]: serviceRoot,
    [FM]: () => manager(s),
    [`${FM}/ManagementTable`]: () => {
      const t = s.table();
      return { '@odata.id': `${FM}/ManagementTable`, Id: 'ManagementTable', BuiltAt: t?.builtAt ?? null, Table: t };
    },
    [`${FM}/Decisions`]: () => collection(`${FM}/Decisions`, s.journal.decisions),
    [`${FM}/Events`]: () => ({ ...collection(`${FM}/Events`, s.journal.events), ServerSentEventUri: EVENTS_SSE }),
    [`${FM}/Config`]: () => ({ '@odata.id': `${FM}/Config`, Id: 'Config', Config: s.config() }),
  };
  return routes[path.replace(/\/$/, '') || '/']?.();
}
