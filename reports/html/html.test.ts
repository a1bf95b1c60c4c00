import test from 'ava';
import type { FtSystemSnapshot, ModuleOpState } from '../../lib/domains/ft/state.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';
import { summarizeRun } from '../summarize.ts';
import { budget, HistoryBuilder } from '../testing/build.ts';
import { renderHtml } from './index.ts';

function page(records: readonly HistoryRecord[]): string {
  const run = summarizeRun(records);
  return renderHtml(records, run.summary, run.panels);
}

const XSS = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`;

function hostileHistory(): HistoryRecord[] {
  const h = new HistoryBuilder().begin({ runId: XSS, lab: { kind: 'file', file: XSS, defects: [XSS] }, requirements: { 'FT-01': XSS } });
  h.push({ type: 'device', t: 0, wall: 0, device: XSS, kind: 'ft', endpoints: { redfish: XSS }, protocols: {}, timeScale: 1 });
  h.at(1).scenario(XSS, XSS, ['FT-01'], 0, XSS);
  const ref = { id: XSS, iteration: 0 };
  h.at(2).push({ type: 'phase-begin', t: 2, wall: 2, scenario: ref, phase: XSS });
  h.at(3).push({ type: 'fault', t: 3, wall: 3, scenario: ref, device: XSS, fault: XSS, params: { x: XSS }, action: 'inject', ledgerId: 1, ok: true });
  h.at(4).push({
    type: 'event',
    capability: 'EventSource',
    t: 4,
    wall: 4,
    scenario: ref,
    device: XSS,
    event: { id: '1', messageId: `FtLab.1.0.${XSS}`, messageArgs: [XSS], message: XSS, severity: XSS, originOfCondition: XSS, eventTimestamp: XSS, receivedAt: 4, extra: {} },
  });
  h.at(5).push({ type: 'phase-end', t: 5, wall: 5, scenario: ref, phase: XSS, ok: false, error: XSS });
  h.at(6).push({ type: 'fault', t: 6, wall: 6, scenario: ref, device: XSS, fault: XSS, params: {}, action: 'undo', ledgerId: 1, ok: true });
  h.at(20).probe(ref, [XSS], [{ start: 8, end: 12, durationMs: 4 }]);
  h.push({
    type: 'probe',
    t: 20,
    wall: 20,
    scenario: ref,
    probe: XSS,
    target: XSS,
    intervalMs: 1,
    resolutionMs: 2,
    sent: 10,
    received: 9,
    rttMs: 0.5,
    gaps: [{ start: 14, end: 18, durationMs: 4, sentDuring: 3, outageMs: 3.5 }],
    repliedFrom: [XSS],
    startedAt: 10,
    stoppedAt: 20,
  });
  h.measure(ref, XSS, 5, XSS, 'fail', { ...budget(XSS, 4), source: XSS }, ['FT-01']);
  h.measure(ref, XSS, 3.5, 'ms', 'pass', { ...budget(XSS, 4), source: XSS }, ['FT-01']);
  const last = h.records[h.records.length - 1];
  if (last?.type === 'measurement') last.source = `probe ${XSS}`;
  h.push({ type: 'check', t: 20, wall: 20, scenario: ref, name: XSS, kind: 'invariant', required: true, evaluated: true, ok: false, detail: XSS, requirements: [] });
  h.end(ref, 'failed', XSS).runEnd('failed', 1);
  return h.records;
}

test('every history string is escaped: no markup from the history reaches the page', (t) => {
  const records = hostileHistory();
  const html = page(records);
  t.false(html.includes('<script'), 'no script element');
  t.false(html.includes('<img'), 'no injected element');
  t.false(/onerror=alert/.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')), 'handler text only appears escaped');
  t.true(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  // Attribute values cannot be broken out of: every quote from the history is encoded.
  for (const m of html.matchAll(/="([^"]*)"/g)) t.false((m[1] ?? '').includes('<'), `raw < inside an attribute: ${m[1]}`);
});

test('the page is self-contained: inline style and SVG, no scripts, no external assets', (t) => {
  const records = hostileHistory();
  const html = page(records);
  t.regex(html, /<style>/);
  t.notRegex(html, /<link|<script|src="|href="http|url\(http|@import/);
  t.regex(html, /<svg class="timeline"/);
});

test('a timeline shows phases, the fault window, event ticks with titles, probe gaps and module states', (t) => {
  const h = new HistoryBuilder().begin();
  const ref = { id: 'iso', iteration: 0 };
  h.at(0).scenario('iso', 'ft0', ['FT-01']);
  h.push({ type: 'phase-begin', t: 1, wall: 1, scenario: ref, phase: 'inject-and-wait' });
  h.push({ type: 'fault', t: 10, wall: 10, scenario: ref, device: 'ft0', fault: 'cpu-error', params: { module: 0 }, action: 'inject', ledgerId: 7, ok: true });
  h.push({
    type: 'event',
    capability: 'EventSource',
    t: 12,
    wall: 12,
    scenario: ref,
    device: 'ft0',
    event: { id: '1', messageId: 'FtLab.1.0.ModuleIsolated', messageArgs: ['Module0'], message: 'Module 0 isolated', severity: 'Critical', originOfCondition: null, eventTimestamp: '2026-01-01T00:00:00.012Z', receivedAt: 12, extra: {} },
  });
  const snapshot = (m0: ModuleOpState): FtSystemSnapshot => ({
    uri: '/s',
    powerState: 'On',
    state: 'Enabled',
    health: 'OK',
    activeModules: [1],
    redundancyHealth: null,
    modules: [
      { index: 0, uri: '/m0', state: 'x', health: null, opState: m0, ledOn: false, keptOut: false, counters: {}, faultyComponent: null },
      { index: 1, uri: '/m1', state: 'x', health: null, opState: 'Duplex', ledOn: false, keptOut: false, counters: {}, faultyComponent: null },
    ],
    nicActive: null,
    storagePathActive: null,
    memoryGiB: 16,
    hypervisorMode: false,
    bmcTime: null,
  });
  h.push({ type: 'sample', t: 5, wall: 5, scenario: ref, device: 'ft0', capability: 'FtState', state: snapshot('Duplex') });
  h.push({ type: 'sample', t: 15, wall: 15, scenario: ref, device: 'ft0', capability: 'FtState', state: snapshot('Isolated') });
  h.push({ type: 'phase-end', t: 30, wall: 30, scenario: ref, phase: 'inject-and-wait', ok: true });
  h.push({ type: 'fault', t: 40, wall: 40, scenario: ref, device: 'ft0', fault: 'cpu-error', params: { module: 0 }, action: 'undo', ledgerId: 7, ok: true });
  h.at(50).probe(ref, ['127.0.0.1:7000'], [{ start: 10.5, end: 14, durationMs: 3.5 }]);
  h.end(ref, 'passed', undefined, 50).runEnd('passed');
  const html = page(h.records);
  const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  t.regex(svg, /<title>inject-and-wait: /);
  t.regex(svg, /class="band"/);
  t.regex(svg, /<title>fault cpu-error #7 \{&quot;module&quot;:0\}: injected at 10 ms, undone at 40 ms<\/title>/);
  t.regex(svg, /<title>FtLab\.1\.0\.ModuleIsolated\(Module0\) at 12 ms[^<]*Module 0 isolated<\/title>/);
  t.regex(svg, />ModuleIsolated</);
  t.regex(svg, /<title>probe workload gap at 10\.5–14 ms: outage; [^<]*reply gap 3\.5 ms<\/title><rect [^>]*class="gap"/);
  // The event moves module 0 to Isolated at 12 ms, before the sample at 15 ms shows it; the partner runs simplex.
  t.regex(svg, /module 0: Isolated \(12–50 ms, from event ModuleIsolated\(Module0\)\)/);
  t.regex(svg, /module 1: Duplex \(5–12 ms, from a sample\)/);
  t.regex(svg, /module 1: Simplex \(12–50 ms, from event ModuleIsolated\(Module0\): partner left lockstep\)/);
  // Order on the x axis follows time: the fault starts left of the event tick.
  const faultX = Number(/<title>fault cpu-error[^<]*<\/title><rect x="([\d.]+)"/.exec(svg)?.[1]);
  const eventX = Number(/ModuleIsolated\(Module0\) at 12 ms[^<]*<\/title><line x1="([\d.]+)"/.exec(svg)?.[1]);
  t.true(faultX < eventX);
});

/** Two scenarios with a fault each, on a lab running ×10, one with a long-named probe and a measured outage. */
function probeHistory(): HistoryRecord[] {
  const h = new HistoryBuilder().begin({ lab: { kind: 'embedded', timeScale: 10 } });
  h.push({ type: 'device', t: 0, wall: 0, device: 'ft0', kind: 'ft', endpoints: {}, protocols: {}, timeScale: 10 });
  for (const id of ['first', 'second']) {
    const ref = { id, iteration: 0 };
    const t0 = id === 'first' ? 0 : 1000;
    h.at(t0).scenario(id, 'ft0', ['FT-01']);
    h.push({ type: 'fault', t: t0 + 10, wall: t0 + 10, scenario: ref, device: 'ft0', fault: 'pull module', params: { module: 1 }, action: 'inject', ledgerId: t0 + 1, ok: true });
    h.push({ type: 'fault', t: t0 + 500, wall: t0 + 500, scenario: ref, device: 'ft0', fault: 'pull module', params: { module: 1 }, action: 'undo', ledgerId: t0 + 1, ok: true });
    if (id === 'second') {
      const jitter = Array.from({ length: 40 }, (_, i) => ({ start: t0 + 20 + i * 10, end: t0 + 22 + i * 10, durationMs: 2, sentDuring: 1, outageMs: 1.5 }));
      h.push({
        type: 'probe',
        t: t0 + 600,
        wall: t0 + 600,
        scenario: ref,
        probe: 'workload during pull, insert and resync of module 1',
        target: '127.0.0.1:7000',
        intervalMs: 1,
        resolutionMs: 4,
        sent: 560,
        received: 500,
        rttMs: 0.7,
        gaps: [...jitter, { start: t0 + 300, end: t0 + 307, durationMs: 6.9, sentDuring: 6, outageMs: 6.112 }],
        repliedFrom: ['127.0.0.1:7000'],
        startedAt: t0 + 15,
        stoppedAt: t0 + 590,
      });
      h.at(t0 + 600).measure(ref, 'blackout-pause-probe', 61.12, 'ms', 'pass', budget('ft.blackout.pause.probe', 400), ['FT-08']);
      const m = h.records[h.records.length - 1];
      if (m?.type === 'measurement') {
        m.source = 'probe';
        m.resolution = 40;
      }
    }
    h.at(t0 + 700).end(ref, 'passed', undefined, 700);
  }
  h.runEnd('passed');
  return h.records;
}

test('every id in the page is unique and every url(#id) reference points to an id of its own timeline', (t) => {
  const records = probeHistory();
  const html = page(records);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);
  t.true(ids.length >= 4, 'two timelines, each with its svg and hatch pattern ids');
  t.deepEqual(ids, [...new Set(ids)], 'duplicate ids');
  for (const svg of html.match(/<svg class="timeline"[\s\S]*?<\/svg>/g) ?? []) {
    const own = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const refs = [...svg.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]);
    t.true(refs.length > 0, 'the fault bar uses the hatch pattern');
    for (const r of refs) t.true(own.has(r), `url(#${r}) points outside its timeline`);
  }
  t.notRegex(html, /url\(#hatch\)|id="hatch"/);
});

test('the probe lane: clipped label, one bar for the measured outage, jitter as a faint strip, a legend that says so', (t) => {
  const records = probeHistory();
  const html = page(records);
  const svg = /<svg class="timeline" id="tl2-svg"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  // Lane labels sit in the label column (150 px, text from x=8): about 0.56 em a character, 12 px
  // for lane names ("ll"), 10 px for the probe name below ("ls").
  const labels = [...svg.matchAll(/<text x="8" [^>]*class="(ll|ls)">([^<]*)<\/text>/g)];
  t.true(labels.length >= 5);
  for (const [, cls, text] of labels) t.true((text ?? '').length * 0.56 * (cls === 'll' ? 12 : 10) <= 150 - 8, `label too long for its column: ${text}`);
  t.regex(svg, /<title>probe workload during pull, insert and resync of module 1 → 127\.0\.0\.1:7000<\/title>/);
  t.regex(svg, /class="ls">workload during pull[^<]*…<\/text>/);
  t.is((svg.match(/class="gap"/g) ?? []).length, 1, 'only the gap above the resolution is a bar');
  t.is((svg.match(/class="jit"/g) ?? []).length, 40);
  t.regex(svg, /<title>[^<]*gap at 300–307 ms: outage; estimated outage 6\.112 ms harness ≈ 61\.12 ms SUT; reply gap 6\.9 ms harness ≈ 69 ms SUT; 6 probe\(s\) sent during the gap; measured as blackout-pause-probe<\/title>/);
  t.regex(svg, /class="gl"[^>]*>blackout-pause-probe 61\.1 ms SUT</);
  const card = /<section class="card" id="second@ft0#0"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  t.regex(card, /<div class="legend">[^]*probe outage: reply gap whose estimated outage exceeds the probe resolution \(4 ms harness = 40 ms SUT\)/);
  t.regex(card, /smaller reply gaps: probe jitter, not outages/);
  t.regex(card, /1 ms on this axis is 10 ms of SUT time/);
  // The budget row says what the value is: the estimated outage, its reply gap, the resolution and RTT.
  const row = /<tr><td><code>blackout-pause-probe<\/code>[\s\S]*?<\/tr>/.exec(card)?.[0] ?? '';
  t.regex(row, /61\.12 ms<br><span class="muted note">estimated outage; reply gap 69 ms, 6 probe\(s\) unanswered in it<\/span>/);
  t.regex(row, /±40 ms<br><span class="muted note">probe send interval p99; median RTT 7 ms \(0\.7 ms harness ×10\)<\/span>/);
  // The first scenario has no probe: its lane says so, and its legend does not explain probe marks.
  const first = /<section class="card" id="first@ft0#0"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  t.regex(first, /no workload probe/);
  t.notRegex(first, /probe outage/);
});

test('a probe with foreign traffic says so, with the senders; one without says nothing', (t) => {
  const h = new HistoryBuilder().begin().at(1).scenario('a', 'ft0', []);
  h.at(60).probe('a', ['127.0.0.1:7000'], [], 100, { foreign: 2, foreignFrom: ['127.0.0.9:7001', '<x>'] }).end('a', 'passed').runEnd('passed');
  const html = page(h.records);
  t.regex(html, /<strong>2 foreign datagram\(s\)<\/strong> from <code>127\.0\.0\.9:7001, &lt;x&gt;<\/code> \(not counted as answers\)/);
  const clean = new HistoryBuilder().begin().at(1).scenario('a', 'ft0', []).at(60).probe('a', ['127.0.0.1:7000'], [], 100, { foreign: 0, foreignFrom: [] }).end('a', 'passed').runEnd('passed');
  t.notRegex(page(clean.records), /foreign/);
});
