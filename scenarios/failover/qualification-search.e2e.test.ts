/**
 * Suite qualification of the standby-search scenarios (issue 12 item 7): each search defect of the
 * reference failover manager makes `ftlab run` exit 1 with an invariant violation in the scenario
 * meant to catch it, and only there — the read-only search scenarios (FO-04 table, FO-12
 * scale-out) run beside it on the same defective manager and pass. Real runs of the real CLI on
 * the embedded lab; serial, each uses both cores. The healthy failover suite is qualified in
 * qualification-core.e2e.test.ts.
 *
 * `ignore-policy` shows through the default cluster's srv11 (gx1: wired like gx2 and px4, slower
 * and smaller than crm's policy allows): a manager that ignores the policy takes it, being the
 * least capable unused server, before the px4 spares a correct one takes. Its row names the exact
 * set of failing checks (history.jsonl), besides what the violation says.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FtlabRunResult, runFtlab } from '../../harness/testing/ftlab-run.ts';
import type { CheckRecord, HistoryRecord } from '../../lib/history/records.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Upper bound for one `ftlab run` (wall ms); a run that hangs is killed and the test fails. */
const RUN_DEADLINE_MS = 240_000;
/** Read-only scenarios every defect run includes: a search defect must leave them passing. */
const BYSTANDERS = ['fo-04-management-table', 'fo-12-scale-out'];
/** fo-09-policy's check of where the crm volume went, and its invariant over the history. */
const POLICY_MOVE = 'boot-crm moved to a server the policy allows';
const POLICY_STANDBY = "the standby satisfies the business's search policy";

interface ScenarioResult {
  id: string;
  outcome: string;
  reason: string;
}

function readResults(out: string): ScenarioResult[] {
  const raw = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { scenarios?: Array<Record<string, unknown>> };
  if (!Array.isArray(raw.scenarios)) throw new Error(`${out}/results.json: expected a "scenarios" array`);
  return raw.scenarios.map((s) => ({ id: String(s.id), outcome: String(s.outcome), reason: typeof s.reason === 'string' ? s.reason : '' }));
}

/** Every evaluated failing check but budgets (timing may fail them anywhere on a starved host), as "scenario: check", sorted. */
function failingChecks(out: string): string[] {
  const records = readFileSync(path.join(out, 'history.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as HistoryRecord);
  return records.filter((x): x is CheckRecord => x.type === 'check' && x.evaluated && !x.ok && x.kind !== 'budget').map((x) => `${x.scenario.id}: ${x.name}`).sort();
}

function describeRun(r: FtlabRunResult, results: ScenarioResult[] = []): string {
  return `exit ${r.code ?? r.signal}\n${results.map((s) => `  ${s.id}: ${s.outcome} ${s.reason}`).join('\n')}\n--- stderr (tail) ---\n${r.stderr.slice(-3000)}`;
}

function ftlabRun(t: ExecutionContext, args: string[]): Promise<FtlabRunResult> {
  return runFtlab(t, args, { cwd: ROOT, deadlineMs: RUN_DEADLINE_MS });
}

interface DefectCase {
  defect: string;
  scenario: string;
  /** What the violation must say (the invariant that caught it). */
  says: RegExp;
  /** When given: every evaluated failing check of the run but budgets, as "scenario: check", exactly. */
  failing?: string[];
}

const DEFECTS: DefectCase[] = [
  { defect: 'wrong-hardware', scenario: 'fo-05-same-hardware', says: /standby srv\d+ for srv\d+ breaks CPU model|boot-\w+ is seen by srv\d+; expected srv\d+ \(the only unused server/ },
  { defect: 'partial-on-no-standby', scenario: 'fo-05-no-standby', says: /LunMapping of array1 changed at t=|boot-\w+ is seen by no server; expected srv\d+ \(no standby qualifies/ },
  {
    defect: 'ignore-policy',
    scenario: 'fo-09-policy',
    says: /boot-crm is seen by srv11; the policy allows srv09, srv10$|standby srv11 for srv01 breaks the policy: CPU model Xeon Silver 4314 not in policy/,
    failing: [`fo-09-policy: ${POLICY_MOVE}`, `fo-09-policy: ${POLICY_STANDBY}`],
  },
  { defect: 'ignore-priority', scenario: 'fo-05-no-standby', says: /srv\d+ \(high, volume boot-\w+\) was preempted for srv\d+ \(low\)|boot-\w+ is seen by srv\d+; expected srv\d+ \(no standby qualifies/ },
];

for (const c of DEFECTS) {
  test.serial(`defect ${c.defect}: ftlab run exits 1 with an invariant violation in ${c.scenario} only`, async (t) => {
    t.timeout(RUN_DEADLINE_MS + 60_000);
    const r = await ftlabRun(t, [c.scenario, ...BYSTANDERS, '--defect', c.defect]);
    t.true(existsSync(path.join(r.out, 'results.json')), `no results.json\n${describeRun(r)}`);
    const results = readResults(r.out);
    t.is(r.code, 1, describeRun(r, results));
    const caught = results.find((s) => s.id === c.scenario);
    t.is(caught?.outcome, 'invariant-violation', describeRun(r, results));
    t.regex(caught?.reason ?? '', c.says, describeRun(r, results));
    for (const id of BYSTANDERS) t.is(results.find((s) => s.id === id)?.outcome, 'passed', `${id}\n${describeRun(r, results)}`);
    if (c.failing) t.deepEqual(failingChecks(r.out), [...c.failing].sort(), describeRun(r, results));
  });
}
