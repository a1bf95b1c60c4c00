/**
 * What makes runs mergeable (`ftlab merge`): one ftlab version, one history schema, one selection
 * (suite, patterns, grep, repeat), one lab setting, the same budgets (by content hash), each run
 * given once, and shards of one N that are all there. Each refusal is a ConfigError naming the
 * input folder and the run-begin field, what was expected (from the first input) and what was found.
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors.ts';
import { type RunBegin, type Shard, shardLabel } from './records.ts';

export interface MergeSource {
  /** The input folder as the user named it (used in messages). */
  dir: string;
  begin: RunBegin;
}

/** Key-sorted JSON: equal content gives equal text whatever the key order. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/** Content hash of the budgets a run judged against (its budget records and availability model). */
export function budgetsHash(begin: RunBegin): string {
  return createHash('sha256')
    .update(canonicalJson({ budgets: begin.budgets, availability: begin.availability ?? null }))
    .digest('hex')
    .slice(0, 16);
}

function refuse(src: MergeSource, field: string, expectation: string, found: unknown): never {
  throw new ConfigError(`${src.dir}: run-begin.${field}`, expectation, { found });
}

function sameField(ref: MergeSource, src: MergeSource, field: string, what: string, pick: (b: RunBegin) => unknown): void {
  const want = canonicalJson(pick(ref.begin) ?? null);
  const got = pick(src.begin) ?? null;
  if (canonicalJson(got) !== want) refuse(src, field, `the same ${what} as ${ref.dir} (${want})`, got);
}

function sameBudgets(ref: MergeSource, src: MergeSource): void {
  const want = budgetsHash(ref.begin);
  const got = budgetsHash(src.begin);
  if (got === want) return;
  const theirs = new Map(src.begin.budgets.map((b) => [b.id, canonicalJson(b)]));
  const ids = new Set([...ref.begin.budgets.map((b) => b.id), ...theirs.keys()]);
  const differing = [...ids].find((id) => theirs.get(id) !== canonicalJson(ref.begin.budgets.find((b) => b.id === id)));
  const which = differing !== undefined ? `; budget ${differing} differs` : '; the availability model differs';
  refuse(src, 'budgets', `the same budgets as ${ref.dir} (content hash ${want})${which}`, `content hash ${got}`);
}

function sameRunSetting(ref: MergeSource, src: MergeSource): void {
  sameField(ref, src, 'version', 'history schema version', (b) => b.version);
  sameField(ref, src, 'ftlabVersion', 'ftlab version', (b) => b.ftlabVersion);
  sameField(ref, src, 'suite', 'suite', (b) => b.suite);
  if (ref.begin.selection && src.begin.selection) sameField(ref, src, 'selection', 'selection', (b) => b.selection);
  sameField(ref, src, 'repeat', 'repeat count', (b) => b.repeat);
  sameField(ref, src, 'lab.kind', 'kind of lab', (b) => b.lab.kind);
  if (ref.begin.lab.kind === 'embedded') {
    sameField(ref, src, 'lab.timeScale', 'embedded lab time scale', (b) => b.lab.timeScale);
    sameField(ref, src, 'lab.defects', 'embedded lab defects', (b) => b.lab.defects ?? []);
  }
  sameBudgets(ref, src);
}

function checkShards(sources: readonly MergeSource[], allowMissing: boolean): Shard[] {
  const sharded = sources.filter((s) => s.begin.shard !== undefined);
  const first = sharded[0];
  if (first === undefined || first.begin.shard === undefined) return [];
  const total = first.begin.shard.total;
  const seen = new Map<number, MergeSource>();
  for (const src of sharded) {
    const shard = src.begin.shard as Shard;
    if (shard.total !== total) refuse(src, 'shard', `a shard of ${total} like ${first.dir} (${shardLabel(first.begin.shard)})`, shardLabel(shard));
    const other = seen.get(shard.index);
    if (other) refuse(src, 'shard', `a shard no other input ran (${other.dir} ran ${shardLabel(shard)} too)`, shardLabel(shard));
    seen.set(shard.index, src);
  }
  const missing = Array.from({ length: total }, (_, i) => ({ index: i + 1, total })).filter((s) => !seen.has(s.index));
  // A whole run among the inputs covers every shard (its testcases then repeat theirs).
  if (sharded.length < sources.length) return [];
  if (missing.length > 0 && !allowMissing) {
    throw new ConfigError(
      'the merge inputs',
      `every shard of ${total} (missing: ${missing.map(shardLabel).join(', ')}; --allow-missing-shards merges without them)`,
      { found: [...seen.values()].map((s) => `${s.dir}: ${shardLabel(s.begin.shard as Shard)}`) },
    );
  }
  return missing;
}

/** Refuse inputs that are not parts of one run; returns the shards missing (only with allowMissing). */
export function checkMergeable(sources: readonly MergeSource[], opts: { allowMissingShards?: boolean } = {}): Shard[] {
  const [ref] = sources;
  if (ref === undefined) throw new ConfigError('ftlab merge', 'at least one input folder');
  const byRun = new Map<string, MergeSource>();
  for (const src of sources) {
    const other = byRun.get(src.begin.runId);
    if (other) refuse(src, 'runId', `a run given once (the run in ${other.dir} has this id)`, src.begin.runId);
    byRun.set(src.begin.runId, src);
    if (src !== ref) sameRunSetting(ref, src);
  }
  return checkShards(sources, opts.allowMissingShards === true);
}
