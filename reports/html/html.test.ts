import test from 'ava';
import type { FtSystemSnapshot, ModuleOpState } from '../../drivers/capabilities/system-state.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';
import { summarize } from '../summarize.ts';
import { budget, HistoryBuilder } from '../testing/build.ts';
import { renderHtml } from './index.ts';

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
    t: 4,
    wall: 4,
    scenario: ref,
    device: XSS,
    event: { id: '1', messageId: `FtLab.1.0.${XSS}`, messageArgs: [XSS], message: XSS, severity: XSS, originOfCondition: XSS, eventTimestamp: XSS, receivedAt: 4, extra: {} },
  });
  h.at(5).push({ type: 'phase-end', t: 5, wall: 5, scenario: ref, phase: XSS, ok: false, error: XSS });
  h.at(6).push({ type: 'fault', t: 6, wall: 6, scenario: ref, device: XSS, fault: XSS, params: {}, action: 'undo', ledgerId: 1, ok: true });
  h.at(20).probe(ref, [XSS], [{ start: 8, end: 12, durationMs: 4 }]);
  h.measure(ref, XSS, 5, XSS, 'fail', { ...budget(XSS, 4), source: XSS }, ['FT-01']);
  h.push({ type: 'check', t: 20, wall: 20, scenario: ref, name: XSS, kind: 'invariant', required: true, evaluated: true, ok: false, detail: XSS, requirements: [] });
  h.end(ref, 'failed', XSS).runEnd('failed', 1);
  return h.records;
}

test('every history string is escaped: no markup from the history reaches the page', (t) => {
  const records = hostileHistory();
  const html = renderHtml(records, summarize(records));
  t.false(html.includes('<script'), 'no script element');
  t.false(html.includes('<img'), 'no injected element');
  t.false(/onerror=alert/.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')), 'handler text only appears escaped');
  t.true(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  // Attribute values cannot be broken out of: every quote from the history is encoded.
  for (const m of html.matchAll(/="([^"]*)"/g)) t.false((m[1] ?? '').includes('<'), `raw < inside an attribute: ${m[1]}`);
});

test('the page is self-contained: inline style and SVG, no scripts, no external assets', (t) => {
  const records = hostileHistory();
  const html = renderHtml(records, summarize(records));
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
  h.push({ type: 'sample', t: 5, wall: 5, scenario: ref, device: 'ft0', system: snapshot('Duplex') });
  h.push({ type: 'sample', t: 15, wall: 15, scenario: ref, device: 'ft0', system: snapshot('Isolated') });
  h.push({ type: 'phase-end', t: 30, wall: 30, scenario: ref, phase: 'inject-and-wait', ok: true });
  h.push({ type: 'fault', t: 40, wall: 40, scenario: ref, device: 'ft0', fault: 'cpu-error', params: { module: 0 }, action: 'undo', ledgerId: 7, ok: true });
  h.at(50).probe(ref, ['127.0.0.1:7000'], [{ start: 10.5, end: 14, durationMs: 3.5 }]);
  h.end(ref, 'passed', undefined, 50).runEnd('passed');
  const html = renderHtml(h.records, summarize(h.records));
  const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  t.regex(svg, /<title>inject-and-wait: /);
  t.regex(svg, /class="band"/);
  t.regex(svg, /<title>fault cpu-error #7 \{&quot;module&quot;:0\}: injected at 10 ms, undone at 40 ms<\/title>/);
  t.regex(svg, /<title>FtLab\.1\.0\.ModuleIsolated at 12 ms[^<]*Module 0 isolated<\/title>/);
  t.regex(svg, />ModuleIsolated</);
  t.regex(svg, /<title>probe gap 3\.5 ms \(10\.5–14 ms\)<\/title><rect [^>]*class="gap"/);
  t.regex(svg, /module 0: Isolated \(15–50 ms\)/);
  t.regex(svg, /module 1: Duplex \(5–50 ms\)/);
  // Order on the x axis follows time: the fault starts left of the event tick.
  const faultX = Number(/<title>fault cpu-error[^<]*<\/title><rect x="([\d.]+)"/.exec(svg)?.[1]);
  const eventX = Number(/ModuleIsolated at 12 ms[^<]*<\/title><line x1="([\d.]+)"/.exec(svg)?.[1]);
  t.true(faultX < eventX);
});
