/**
 * The one-role shorthand: a scenario whose single role holds one device gets the scenario's
 * context and that device's role context as one object (`ctx.caps`, `ctx.sample(...)`,
 * `ctx.fault(...)` beside `ctx.phase(...)`, `ctx.measure(...)`), so its steps stay short.
 */
import type { CapabilityName } from '../drivers/capabilities/index.ts';
import type { RoleContext, ScenarioContext, SoloContext } from './scenario.ts';

export function soloContext<N extends CapabilityName>(ctx: ScenarioContext, roleName: string): SoloContext<N> {
  const r = ctx.role(roleName) as RoleContext<N>;
  const role: RoleContext<N> = {
    roleName: r.roleName,
    device: r.device,
    kind: r.kind,
    caps: r.caps,
    timeScale: r.timeScale,
    fault: (...a) => r.fault(...a),
    events: (...a) => r.events(...a),
    waitForEvent: (...a) => r.waitForEvent(...a),
    sample: (capability) => r.sample(capability),
    waitForState: (capability, phase, deadlineMs, pred) => r.waitForState(capability, phase, deadlineMs, pred),
    startProbe: (...a) => r.startProbe(...a),
    clockOffset: () => r.clockOffset(),
  };
  return Object.assign(Object.create(ctx) as ScenarioContext, role);
}
