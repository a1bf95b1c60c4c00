/**
 * FO-12: the standby search serves scale-out. For every running unit of the lab, a scale-out
 * request like it picks an unused unit of its hardware and server count (or a composable set, or
 * one its business's policy allows), as the lab's readings show them — and "none" when the lab
 * offers none. Nothing in the lab changes.
 */
import { freshTable, managerOf } from './lib/search-act.ts';
import { judgeChoice, expectedStandby } from './lib/search-expect.ts';
import { bootVolumeOf } from './lib/search-lab.ts';
import { LAB_POLICIES } from './lib/search-policy.ts';
import { sampledLab, searchScenario } from './lib/search-scenario.ts';
import { othersUnchanged } from './lib/search-unchanged.ts';

export const scaleOut = searchScenario({
  id: 'fo-12-scale-out',
  title: 'a scale-out request picks an unused server matching hardware, server count and policy, or none',
  requirements: ['FO-12'],
  invariants: [othersUnchanged(() => ({ servers: [], volumes: [] }))],
  async run(ctx) {
    const view = managerOf(ctx);
    const { lab } = await sampledLab(ctx);
    const running = lab.units.filter((u) => bootVolumeOf(lab, u) !== null);
    const table = await freshTable(view, running[0]?.members[0] ?? '', ctx.signal);
    const kinds = new Set<string>();
    for (const u of running) {
      const lead = u.members[0] ?? u.id;
      const business = table.servers.find((r) => r.id === lead)?.business?.name ?? '';
      const expected = expectedStandby(lab, u, LAB_POLICIES[business] ?? null);
      kinds.add(expected.kind);
      const got = await view.selectScaleOut({ like: lead }, ctx.signal);
      const servers = got.kind === 'selected' ? got.servers : null;
      ctx.check(`scale-out like ${u.id} (${business || 'no business'})`, { kind: 'assertion', requirements: ['FO-12'] }, () => {
        const v = judgeChoice(expected, servers);
        return v === true ? true : `${v} (manager: ${got.reason})`;
      });
    }
    ctx.check('both a selection and "none" were asked for', { kind: 'assertion', requirements: ['FO-12'], required: false }, () => (kinds.has('none') && kinds.size > 1 ? true : `the lab offered only ${[...kinds].join(', ')}`));
  },
});
