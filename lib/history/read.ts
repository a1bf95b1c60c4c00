/**
 * Reads history.jsonl back into typed records. The writer appends and flushes line by line, so
 * a crash can leave the last line cut short: that line (no trailing newline, not parsable) is
 * dropped and reported in `truncatedLine`. Any other bad line is an error naming FILE:LINE and
 * what was expected there. Records of a type this version does not know are skipped (the
 * contract grows by addition), but known types must carry the fields reports rely on. Records
 * of an older format (the run-begin's `version`) are upgraded to this one as they are read.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.ts';
import { HISTORY_VERSION, OUTCOME_ORDER, type HistoryRecord } from './records.ts';
import { upgradeV1 } from './upgrade-v1.ts';

export interface HistoryReadResult {
  records: HistoryRecord[];
  /** 1-based number of a cut-off last line that was dropped. */
  truncatedLine?: number;
  /** Records whose `type` this version does not know. */
  skippedUnknown: number;
}

type Shape = Record<string, 'string' | 'number' | 'boolean' | 'object' | 'array' | 'ref' | 'ref|null' | 'outcome'>;

const BASE: Shape = { t: 'number', wall: 'number' };

/** Fields the reports read, per record type (others may be present; these must be). */
const SHAPES: Record<HistoryRecord['type'], Shape> = {
  'run-begin': { version: 'number', runId: 'string', lab: 'object', budgets: 'array', plan: 'array', requirements: 'object' },
  device: { device: 'string', kind: 'string', endpoints: 'object' },
  'scenario-begin': { scenario: 'ref', title: 'string', requirements: 'array', roles: 'object' },
  'phase-begin': { scenario: 'ref', phase: 'string' },
  'phase-end': { scenario: 'ref', phase: 'string' },
  call: { scenario: 'ref|null', device: 'string', capability: 'string', method: 'string', ok: 'boolean' },
  fault: { scenario: 'ref|null', device: 'string', fault: 'string', action: 'string', ledgerId: 'number', ok: 'boolean' },
  event: { scenario: 'ref|null', device: 'string', capability: 'string', event: 'object' },
  sample: { scenario: 'ref|null', device: 'string', capability: 'string' },
  probe: { scenario: 'ref', probe: 'string', sent: 'number', received: 'number', gaps: 'array', repliedFrom: 'array' },
  'clock-offset': { device: 'string', offsetMs: 'number', uncertaintyMs: 'number' },
  measurement: { scenario: 'ref', name: 'string', value: 'number', unit: 'string', verdict: 'string' },
  check: { scenario: 'ref', name: 'string', kind: 'string', required: 'boolean', evaluated: 'boolean', ok: 'boolean' },
  'scenario-end': { scenario: 'ref', outcome: 'outcome', durationMs: 'number' },
  console: { scenario: 'ref|null', device: 'string', at: 'number', text: 'string' },
  log: { level: 'string', message: 'string' },
  'run-end': { outcome: 'outcome', exitCode: 'number' },
};

function isRecordType(v: string): v is HistoryRecord['type'] {
  return Object.hasOwn(SHAPES, v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRef(v: unknown): boolean {
  return isObject(v) && typeof v.id === 'string' && typeof v.iteration === 'number';
}

function fieldProblem(kind: Shape[string], v: unknown): string | null {
  switch (kind) {
    case 'string':
    case 'number':
    case 'boolean':
      if (kind === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === kind) return null;
      return `a ${kind}`;
    case 'object':
      return isObject(v) ? null : 'an object';
    case 'array':
      return Array.isArray(v) ? null : 'an array';
    case 'ref':
      return isRef(v) ? null : 'a scenario reference {"id": string, "iteration": number}';
    case 'ref|null':
      return v === null || v === undefined || isRef(v) ? null : 'null or a scenario reference {"id": string, "iteration": number}';
    case 'outcome':
      return typeof v === 'string' && (OUTCOME_ORDER as readonly string[]).includes(v) ? null : `one of ${OUTCOME_ORDER.join(', ')}`;
  }
}

/** Parse history text; `name` is used in error locations (normally the file path). */
export function parseHistory(text: string, name: string): HistoryReadResult {
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  const records: HistoryRecord[] = [];
  let truncatedLine: number | undefined;
  let skippedUnknown = 0;
  let version = HISTORY_VERSION;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const where = `${name}:${lineNo}`;
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (isLast && !endsWithNewline) {
        truncatedLine = lineNo;
        break;
      }
      throw new ConfigError(where, 'a complete JSON object per line (history record)', { cause: e, found: line });
    }
    if (!isObject(value)) throw new ConfigError(where, 'a JSON object (history record)', { found: value });
    if (value.type === 'run-begin' && typeof value.version === 'number') version = value.version;
    const rec = version === 1 ? upgradeV1(value) : value;
    const type = rec.type;
    if (typeof type !== 'string') throw new ConfigError(`${where}: type`, 'a string naming the record type', { found: type });
    if (!isRecordType(type)) {
      skippedUnknown++;
      continue;
    }
    for (const [field, kind] of Object.entries({ ...BASE, ...SHAPES[type] })) {
      const problem = fieldProblem(kind, rec[field]);
      if (problem) throw new ConfigError(`${where}: ${type}.${field}`, `${problem}`, { found: rec[field] });
    }
    if (type === 'run-begin' && (rec.version as number) > HISTORY_VERSION) {
      throw new ConfigError(`${where}: run-begin.version`, `a history version this ftlab reads (<= ${HISTORY_VERSION})`, {
        found: rec.version,
      });
    }
    records.push(rec as unknown as HistoryRecord);
  }
  return truncatedLine === undefined ? { records, skippedUnknown } : { records, truncatedLine, skippedUnknown };
}

export async function readHistoryFile(file: string): Promise<HistoryReadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, 'a readable history.jsonl file', { cause: e });
  }
  return parseHistory(text, file);
}

export async function readHistory(file: string): Promise<HistoryRecord[]> {
  return (await readHistoryFile(file)).records;
}
