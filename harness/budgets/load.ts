/**
 * Budgets as data: budgets/*.yaml, each budget with its limit (a number, or a formula over
 * system parameters such as memoryGiB), unit, marginal band and the source of the number.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import type { AvailabilityModel, BudgetRecord } from '../../lib/history/records.ts';
import { checkSchema } from '../config/schema-check.ts';
import { YamlSource } from '../config/yaml-file.ts';
import { evaluateFormula, type Expr, FormulaError, formulaParams, parseFormula } from './formula.ts';
import { BUDGET_FILE_SCHEMA } from './schema.ts';

export interface BudgetDef {
  id: string;
  title?: string;
  limit?: number;
  limitFormula?: string;
  formula?: Expr;
  /** Parameter names the limit depends on. */
  params: string[];
  unit: string;
  marginalBand: number;
  source: string;
  requirements: string[];
  /** `file:line` it was defined at, for messages. */
  definedAt: string;
}

interface RawBudget {
  id: string;
  title?: string;
  limit?: number;
  limitFormula?: string;
  params?: string[];
  unit: string;
  marginalBand: number;
  source: string;
  requirements: string[];
}

interface RawFile {
  budgets: RawBudget[];
  availability?: AvailabilityModel;
}

export class BudgetBook {
  private readonly byId = new Map<string, BudgetDef>();
  availability?: AvailabilityModel;

  constructor(defs: BudgetDef[] = [], availability?: AvailabilityModel) {
    for (const d of defs) this.byId.set(d.id, d);
    if (availability) this.availability = availability;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  def(id: string): BudgetDef | undefined {
    return this.byId.get(id);
  }

  /** The budget with its limit resolved for `params`; ConfigError if unknown or a parameter is missing. */
  resolve(id: string, params: Record<string, number> = {}): BudgetRecord {
    const d = this.byId.get(id);
    if (!d) throw new ConfigError(`budget "${id}"`, `no such budget in budgets/*.yaml (known: ${this.ids().join(', ') || 'none'})`);
    const limit = limitOf(d);
    if (limit.kind === 'fixed') return { ...recordBase(d), limit: limit.value };
    return { ...recordBase(d), limit: evaluateLimit(d, limit, params), limitFormula: limit.text, params: paramsUsed(d, params) };
  }

  /** Every budget as recorded in run-begin: fixed limits as numbers, formulas with limit NaN→0 and the formula. */
  records(): BudgetRecord[] {
    return [...this.byId.values()].map((d) => {
      const limit = limitOf(d);
      return limit.kind === 'fixed' ? { ...recordBase(d), limit: limit.value } : { ...recordBase(d), limit: 0, limitFormula: limit.text };
    });
  }
}

type Limit = { kind: 'fixed'; value: number } | { kind: 'formula'; formula: Expr; text: string };

/** A budget's limit: a number or a formula. loadBudgetFile gives each budget exactly one. */
function limitOf(d: BudgetDef): Limit {
  if (d.formula && d.limitFormula !== undefined) return { kind: 'formula', formula: d.formula, text: d.limitFormula };
  if (d.limit !== undefined && !d.formula) return { kind: 'fixed', value: d.limit };
  throw new ConfigError(d.definedAt, 'expected exactly one of "limit" (a number) or "limitFormula" (an expression over params)');
}

function recordBase(d: BudgetDef): Omit<BudgetRecord, 'limit'> {
  return { id: d.id, unit: d.unit, marginalBand: d.marginalBand, source: d.source, requirement: [...d.requirements] };
}

function evaluateLimit(d: BudgetDef, limit: { formula: Expr; text: string }, params: Record<string, number>): number {
  let value: number;
  try {
    value = evaluateFormula(limit.formula, params);
  } catch (e) {
    throw new ConfigError(`${d.definedAt}: limitFormula`, `cannot evaluate "${limit.text}": ${errorMessage(e)}`, { cause: e });
  }
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError(`${d.definedAt}: limitFormula`, `"${limit.text}" must give a positive limit`, { found: value });
  }
  return value;
}

/** The values of the parameters the budget's formula depends on, of those given. */
function paramsUsed(d: BudgetDef, params: Record<string, number>): Record<string, number> {
  const used: Record<string, number> = {};
  for (const p of d.params) {
    const v = params[p];
    if (v !== undefined) used[p] = v;
  }
  return used;
}

/** Load one budgets file (validated against the schema, then semantic checks). */
export function loadBudgetFile(file: string): { defs: BudgetDef[]; availability?: AvailabilityModel } {
  const src = YamlSource.read(file);
  checkSchema(src, BUDGET_FILE_SCHEMA);
  const raw = src.data as RawFile;
  const seen = new Set<string>();
  const defs = raw.budgets.map((b, i): BudgetDef => {
    const at = ['budgets', i];
    if (seen.has(b.id)) throw src.error([...at, 'id'], `duplicate budget id "${b.id}"`);
    seen.add(b.id);
    if ((b.limit === undefined) === (b.limitFormula === undefined)) {
      throw src.error(at, 'expected exactly one of "limit" (a number) or "limitFormula" (an expression over params)');
    }
    const def: BudgetDef = {
      id: b.id,
      params: b.params ?? [],
      unit: b.unit,
      marginalBand: b.marginalBand,
      source: b.source,
      requirements: b.requirements,
      definedAt: src.where(at),
    };
    if (b.title) def.title = b.title;
    if (b.limit !== undefined) def.limit = b.limit;
    if (b.limitFormula !== undefined) {
      let expr: Expr;
      try {
        expr = parseFormula(b.limitFormula);
      } catch (e) {
        if (e instanceof FormulaError) throw src.error([...at, 'limitFormula'], `invalid formula: ${e.message}`, { value: b.limitFormula });
        throw e;
      }
      const used = [...formulaParams(expr)];
      if (b.params) {
        const undeclared = used.filter((p) => !b.params?.includes(p));
        if (undeclared.length) throw src.error([...at, 'limitFormula'], `uses parameter(s) not listed in params: ${undeclared.join(', ')}`);
      }
      def.limitFormula = b.limitFormula;
      def.formula = expr;
      def.params = b.params ?? used;
    }
    return def;
  });
  return raw.availability ? { defs, availability: raw.availability } : { defs };
}

/**
 * Load every *.yaml / *.yml in `dir`. The directory must exist and hold at least one budgets
 * file: a mistyped `--budgets` must stop the run before it starts, not after every measurement
 * was judged against nothing. `option` names the flag that gave `dir`, for the message.
 */
export function loadBudgets(dir: string, option?: string): BudgetBook {
  const where = option ? `${option} ${dir}` : dir;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? errorMessage(e);
    throw new ConfigError(where, `expected a directory of budget files (*.yaml) (${code === 'ENOENT' ? 'it does not exist' : code === 'ENOTDIR' ? 'it is not a directory' : code})`, { cause: e });
  }
  if (names.length === 0) throw new ConfigError(where, 'expected a directory of budget files (*.yaml); it holds none');
  const all: BudgetDef[] = [];
  let availability: AvailabilityModel | undefined;
  const definedAt = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const loaded = loadBudgetFile(file);
    for (const d of loaded.defs) {
      const prev = definedAt.get(d.id);
      if (prev) throw new ConfigError(d.definedAt, `budget id "${d.id}" is already defined at ${prev}`);
      definedAt.set(d.id, d.definedAt);
      all.push(d);
    }
    if (loaded.availability) {
      if (availability) throw new ConfigError(`${file}: availability`, 'the availability model may be defined in one budgets file only');
      availability = loaded.availability;
    }
  }
  return new BudgetBook(all, availability);
}
