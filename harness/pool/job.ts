/**
 * What travels through the pool: a job (one testcase: scenario × binding × iteration of a run, or,
 * with `alternatives`, scenario × iteration on whichever of its bindings a worker can lease first),
 * a bench's registration, a worker's heartbeat and a job's result. Decoders check the shape: the
 * store is shared, and a malformed entry is named, not trusted.
 */
import { InfraError } from '../../lib/errors.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';
import type { ClusterConfig } from '../inventory/types.ts';

/** A binding a job may run on: its label and every device it drives. */
export interface Alternative {
  binding: string;
  benches: string[];
}

export interface Job {
  runId: string;
  id: string;
  scenario: string;
  iteration: number;
  /**
   * The binding label the worker runs (the testcase of its plan with this label). For a job with
   * alternatives: its first one while queued (so a reader that knows no alternatives sees a valid
   * fixed job), the one leased once taken.
   */
  binding: string;
  /** Every device the testcase drives: the benches its lease holds (as `binding`). */
  benches: string[];
  /**
   * `run --any-bench`: the field, in the pool's alternatives hash, of every binding it may run on
   * (an Alternative[]; the run's jobs that may run on the same bindings share it, so the queue stays
   * small); the take script leases the first one free.
   */
  alternatives?: string;
  /** 0 the first time; 1 when re-queued after its worker died. */
  attempt: number;
  /** Workers that died running it. */
  diedOn?: string[];
}

/** A bench as a worker registers it: a device of its inventory, or a cluster (holding its members). */
export interface BenchInfo {
  kind: string;
  tags: string[];
  scenarios?: string[];
  endpoints: Record<string, string>;
  protocols: Record<string, string>;
  timeScale: number;
  /** For a cluster: its configuration (members by slot). */
  cluster?: ClusterConfig;
}

export interface WorkerBeat {
  host: string;
  pid: number;
  startedWall: number;
  beatWall: number;
  /** The job it runs and its lease, if any. */
  job?: string;
  token?: number;
}

/** A worker's result: the testcase's history records; or the reaper's reason when no worker finished it. */
export type JobResult = { worker: string; token: number; records: HistoryRecord[] } | { lost: string };

export interface RunningEntry {
  job: string;
  holder: string;
  token: number;
}

function fail(what: string, text: string, detail: string): never {
  throw new InfraError(`bench pool: malformed ${what} (${detail}): ${text.slice(0, 200)}`);
}

function parse(what: string, text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    fail(what, text, 'not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(what, text, 'expected an object');
  return v as Record<string, unknown>;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function decodeJob(text: string): Job {
  const o = parse('job', text);
  for (const k of ['runId', 'id', 'scenario', 'binding'] as const) if (typeof o[k] !== 'string') fail('job', text, `${k} must be a string`);
  for (const k of ['iteration', 'attempt'] as const) if (!Number.isInteger(o[k])) fail('job', text, `${k} must be an integer`);
  if (!isStrings(o.benches) || o.benches.length === 0) fail('job', text, 'benches must be a non-empty list of names');
  if (o.diedOn !== undefined && !isStrings(o.diedOn)) fail('job', text, 'diedOn must be a list of names');
  if (o.alternatives !== undefined && typeof o.alternatives !== 'string') fail('job', text, 'alternatives must name an entry of the alternatives hash');
  return o as unknown as Job;
}

/** An entry of the alternatives hash: the bindings a job may run on. */
export function decodeAlternatives(text: string): Alternative[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    fail('alternatives', text, 'not JSON');
  }
  if (!isAlternatives(v)) fail('alternatives', text, 'expected a non-empty list of {binding, benches}');
  return v;
}

function isAlternatives(v: unknown): v is Alternative[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  return v.every((a: unknown) => typeof a === 'object' && a !== null && typeof (a as Alternative).binding === 'string' && isStrings((a as Alternative).benches) && (a as Alternative).benches.length > 0);
}

/** The job's binding as a person reads it: its label, or, queued with alternatives (`all`: the pool's alternatives hash, decoded), how many it may take. */
export function bindingOf(job: Job, all: ReadonlyMap<string, readonly Alternative[]>): string {
  if (job.alternatives === undefined) return job.binding;
  const alts = all.get(job.alternatives);
  if (!alts) return `any (alternatives ${job.alternatives} withdrawn)`;
  const shown = alts.slice(0, 3).map((a) => a.binding).join(' | ');
  return `any of ${alts.length}: ${shown}${alts.length > 3 ? ' | …' : ''}`;
}

export function decodeResult(text: string): JobResult {
  const o = parse('result', text);
  if (typeof o.lost === 'string') return { lost: o.lost };
  if (typeof o.worker !== 'string' || typeof o.token !== 'number' || !Array.isArray(o.records)) fail('result', text, 'expected worker, token and records');
  return o as unknown as JobResult;
}

export function decodeRunning(text: string): RunningEntry {
  const o = parse('running entry', text);
  if (typeof o.job !== 'string' || typeof o.holder !== 'string' || typeof o.token !== 'number') fail('running entry', text, 'expected job, holder and token');
  return o as unknown as RunningEntry;
}

export function decodeBench(text: string): BenchInfo {
  const o = parse('bench', text);
  if (typeof o.kind !== 'string' || !isStrings(o.tags)) fail('bench', text, 'expected kind and tags');
  return o as unknown as BenchInfo;
}

export function decodeBeat(text: string): WorkerBeat {
  const o = parse('worker heartbeat', text);
  if (typeof o.host !== 'string' || typeof o.beatWall !== 'number') fail('worker heartbeat', text, 'expected host and beatWall');
  return o as unknown as WorkerBeat;
}
