import test from 'ava';
import { failoverLegend, failoverSvg } from './svg.ts';
import type { FoLane } from './types.ts';

const lane = (kind: string, start: number): FoLane => ({ kind, label: kind, segments: [{ start, end: 100, label: 'On', tone: 'on', detail: 'power On', source: 'sample' }], ticks: [] });

test('the timeline scales to its container: no pixel width, a view box', (t) => {
  const svg = failoverSvg([lane('power', 10)], 100, 1, 'fo1');
  t.regex(svg, /^<svg class="fo-timeline" [^>]*width="100%" viewBox="0 0 1320 \d+"/);
  t.notRegex(svg, /<svg[^>]* height="/);
});

test('a sampled lane before its first reading is "not yet observed" (hatched grey, legend); the faults lane is not', (t) => {
  const svg = failoverSvg([lane('faults', 50), lane('power', 10)], 100, 1, 'fo1');
  t.is(svg.match(/fill="url\(#fo1-unknown\)"/g)?.length, 1);
  t.regex(svg, /<title>not yet observed: the first reading of this lane was asked for at 10 ms<\/title><rect x="220" y="\d+" width="108\.4"/);
  t.regex(failoverLegend([lane('power', 10)]), /not yet observed \(before the first reading\)/);
  t.notRegex(failoverLegend([lane('power', 0), lane('faults', 50)]), /not yet observed/);
  const bands = svg.match(/<rect [^>]*class="band"\/>/g) ?? [];
  t.is(bands.length, 2);
  t.true(bands.every((b) => b.includes('fill="#f6f8fa"')), 'the band has its own fill: never the SVG default black');
});
