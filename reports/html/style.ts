/** Inline stylesheet and colours of the HTML report (no external assets). */
import type { Outcome } from '../../lib/history/records.ts';

export const OUTCOME_COLOR: Record<Outcome | 'not-run', string> = {
  passed: '#1a7f37',
  skipped: '#6e7781',
  'budget-violation': '#bc4c00',
  'invariant-violation': '#8250df',
  failed: '#cf222e',
  'infra-error': '#9a6700',
  aborted: '#24292f',
  'not-run': '#afb8c1',
};

/** Colour of the "marginal" badge (also VERDICT_COLOR.marginal). */
export const MARGINAL_COLOR = '#bf8700';
/** Colour of the "shard I/N" badge: where a result came from, not a verdict. */
export const SHARD_COLOR = '#6e7781';

export const VERDICT_COLOR: Record<string, string> = {
  passed: '#1a7f37',
  pass: '#1a7f37',
  marginal: MARGINAL_COLOR,
  failed: '#cf222e',
  fail: '#cf222e',
  inconclusive: '#9a6700',
  'not-run': '#6e7781',
  'no-scenario': '#8c959f',
  unset: '#8c959f',
};

export const CSS = `
:root { --fg:#1f2328; --muted:#59636e; --border:#d1d9e0; --bg:#f6f8fa; --card:#fff; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color:var(--fg); background:var(--bg); }
main { max-width: 1320px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 18px; margin: 28px 0 10px; }
h3 { font-size: 16px; margin: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
header.run { display:flex; gap:20px; align-items:center; background:var(--card); border:1px solid var(--border); border-radius:10px; padding:16px 20px; }
.badge { display:inline-block; color:#fff; border-radius:6px; padding:2px 8px; font-weight:600; font-size:12px; white-space:nowrap; }
.badge.big { font-size:22px; padding:10px 18px; border-radius:8px; letter-spacing:.02em; text-transform:uppercase; }
.meta { display:grid; grid-template-columns: repeat(3, minmax(180px, auto)); gap:2px 28px; }
.meta div span:first-child { color:var(--muted); margin-right:6px; }
.banner { margin:14px 0 0; padding:12px 16px; border-radius:8px; background:#ffebe9; border:1px solid #ff8182; color:#82071e; font-weight:600; }
.banner.run-reason { white-space: pre-wrap; font-weight: 500; }
.counts { display:flex; flex-wrap:wrap; gap:8px; margin:14px 0 0; }
.count { background:var(--card); border:1px solid var(--border); border-left:6px solid; border-radius:8px; padding:6px 12px; min-width:110px; }
.count b { font-size:20px; display:block; }
table { border-collapse: collapse; background:var(--card); width:100%; }
th, td { border:1px solid var(--border); padding:5px 8px; text-align:left; vertical-align:top; }
th { background:#eef1f4; font-weight:600; }
td.num { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
.matrix { width:auto; }
.matrix th.sc { writing-mode: vertical-rl; transform: rotate(180deg); white-space:nowrap; font-weight:500; font-size:12px; padding:6px 4px; max-height:260px; }
.matrix td.cell { width:26px; min-width:26px; height:24px; padding:0; text-align:center; color:#fff; font-size:11px; }
.matrix td.req { white-space:nowrap; }
.card { background:var(--card); border:1px solid var(--border); border-radius:10px; margin:14px 0; padding:14px 18px; border-left:8px solid; }
.card .head { display:flex; gap:12px; align-items:baseline; flex-wrap:wrap; }
.card .reason { margin:8px 0 0; padding:6px 10px; background:#fff8c5; border-radius:6px; }
.card .reason.bad { background:#ffebe9; }
.card h4 { margin:14px 0 6px; font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
.timeline { width:100%; height:auto; display:block; border:1px solid var(--border); border-radius:6px; background:#fff; }
.note { font-size:12px; font-weight:400; }
p.note { margin:2px 0 6px; }
td .note { white-space:normal; display:inline-block; min-width:14em; text-align:left; }
.legend { display:flex; flex-wrap:wrap; gap:6px 14px; font-size:12px; color:var(--muted); margin:6px 0 0; }
.legend i { display:inline-block; width:12px; height:12px; border-radius:2px; vertical-align:-2px; margin-right:4px; }
.two { display:grid; grid-template-columns: 1fr 1fr; gap:16px; }
@media (max-width: 1000px) { .two { grid-template-columns: 1fr; } .meta { grid-template-columns: 1fr 1fr; } }
.ok { color:#1a7f37; font-weight:600; } .bad { color:#cf222e; font-weight:600; } .warn { color:#9a6700; font-weight:600; }
footer { margin-top:32px; color:var(--muted); font-size:12px; }
`;
