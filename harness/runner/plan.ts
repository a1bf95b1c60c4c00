/**
 * The run plan: a testcase per scenario, binding and iteration. A binding gives every role of a
 * scenario its devices: those of the role's kind, carrying its tags, whose `scenarios` globs allow
 * the scenario, each device in at most one role. A scenario with a single one-device role runs on
 * every such device (one binding each); any other scenario gets one binding, filled in role order
 * (roles of "at least N" last, as they take every device left) with devices that offer the role's
 * needs first. A scenario the lab cannot fill is still planned
 * (binding null) and ends as skipped with the reason.
 *
 * A role of kind `cluster` targets a cluster of the inventory (inventory/clusters.ts): the
 * scenario gets one binding per cluster whose tags and scenarios filters allow it; the role holds
 * every device of the cluster, and the scenario's other roles are filled from that cluster's
 * devices only. A lab without a cluster skips it with the reason.
 */
import type { CapabilityName } from '../../drivers/capabilities/index.ts';
import { type BoundDevice, offeredNames, offers } from '../devices/device.ts';
import { allowedBy } from '../glob.ts';
import { CLUSTER_KIND, CLUSTER_SLOTS, clusterMembers } from '../inventory/clusters.ts';
import type { ClusterConfig } from '../inventory/types.ts';
import type { RoleSpec, ScenarioDef } from '../scenario.ts';

export interface Binding {
  /** Role → its devices, in the scenario's role order. */
  roles: Record<string, BoundDevice[]>;
  /** The device name when one role holds one device, else "role=dev[,dev] role=dev"; a cluster's name first. */
  label: string;
  /** The cluster a role of kind cluster targets: its grouping of the devices (slots, businesses). */
  cluster?: { role: string; config: ClusterConfig };
}

export interface Testcase {
  def: ScenarioDef;
  binding: Binding | null;
  iteration: number;
  /** Why there is no binding, when binding is null. */
  noBindingReason?: string;
}

type Bound = { binding: Binding } | { reason: string };

export function planTestcases(defs: readonly ScenarioDef[], devices: readonly BoundDevice[], repeat: number, clusters: readonly ClusterConfig[] = []): Testcase[] {
  const out: Testcase[] = [];
  for (const def of defs) {
    const bound = clusterBindings(def, devices, clusters) ?? bindingsFor(def, devices);
    for (let iteration = 0; iteration < repeat; iteration++) {
      for (const b of bound) out.push('binding' in b ? { def, binding: b.binding, iteration } : { def, binding: null, iteration, noBindingReason: b.reason });
    }
  }
  return out;
}

/** Every device of a binding, once each. */
export function bindingDevices(b: Binding): BoundDevice[] {
  return [...new Set(Object.values(b.roles).flat())];
}

/** Capabilities a role needs that its device cannot provide, as "NAME on device D (role R)". */
export function missingNeeds(def: ScenarioDef, b: Binding): string[] {
  const out: string[] = [];
  for (const [role, spec] of Object.entries(def.roles)) {
    for (const d of b.roles[role] ?? []) {
      const missing = spec.needs.filter((n) => !offers(d, n));
      if (missing.length) out.push(`${missing.join(', ')} on device "${d.name}"${soleRole(def) ? '' : ` (role ${role})`} (it has: ${offeredNames(d).join(', ') || 'none'})`);
    }
  }
  return out;
}

function soleRole(def: ScenarioDef): boolean {
  const specs = Object.values(def.roles);
  return specs.length === 1 && (specs[0]?.count ?? 1) === 1 && specs[0]?.min === undefined;
}

function candidates(def: ScenarioDef, spec: RoleSpec, devices: readonly BoundDevice[]): BoundDevice[] {
  return devices.filter((d) => d.kind === spec.kind && (spec.tags ?? []).every((t) => d.tags.includes(t)) && allowedBy(def.id, d.scenarios));
}

function noneReason(def: ScenarioDef, role: string, spec: RoleSpec, devices: readonly BoundDevice[], where = 'the lab'): string {
  const ofKind = devices.filter((d) => d.kind === spec.kind);
  const tags = spec.tags?.length ? ` tagged ${spec.tags.join(', ')}` : '';
  const what = `device of kind "${spec.kind}"${tags}`;
  const forRole = soleRole(def) ? '' : ` for role "${role}"`;
  if (ofKind.length === 0) return `${where} has no ${what}${forRole}`;
  return `no ${what} runs it${forRole} (kind, tags and scenarios filters of ${ofKind.map((d) => d.name).join(', ')})`;
}

function bindingsFor(def: ScenarioDef, devices: readonly BoundDevice[]): Bound[] {
  const entries = Object.entries(def.roles);
  const [first] = entries;
  if (soleRole(def) && first) {
    const [role, spec] = first;
    const found = candidates(def, spec, devices);
    if (found.length === 0) return [{ reason: noneReason(def, role, spec, devices) }];
    return found.map((d) => ({ binding: { roles: { [role]: [d] }, label: d.name } }));
  }
  return [bindOnce(def, devices)];
}

/** Whether the embedded lab must start its cluster for these scenarios: a role targets a cluster or one of its device kinds. */
export function selectionNeedsCluster(defs: readonly ScenarioDef[]): boolean {
  const kinds = new Set<string>([CLUSTER_KIND, ...Object.values(CLUSTER_SLOTS).map((s) => s.kind)]);
  return defs.some((def) => Object.values(def.roles).some((r) => kinds.has(r.kind)));
}

/** Of `clusters` (embedded lab specs), those whose scenarios filter lets one of `defs` that needs a cluster run on them. */
export function clustersNeeded<C extends { scenarios?: string[] }>(defs: readonly ScenarioDef[], clusters: readonly C[]): C[] {
  const needy = defs.filter((d) => selectionNeedsCluster([d]));
  return clusters.filter((c) => needy.some((d) => allowedBy(d.id, c.scenarios)));
}

/** The bindings of a scenario with a role of kind cluster; null when it has none. */
function clusterBindings(def: ScenarioDef, devices: readonly BoundDevice[], clusters: readonly ClusterConfig[]): Bound[] | null {
  const roles = Object.entries(def.roles).filter(([, r]) => r.kind === CLUSTER_KIND);
  const [first] = roles;
  if (!first) return null;
  const [role, spec] = first;
  const forRole = Object.keys(def.roles).length > 1 ? ` for role "${role}"` : '';
  if (roles.length > 1) return [{ reason: `roles ${roles.map(([r]) => `"${r}"`).join(', ')} are all of kind cluster; a scenario targets one cluster` }];
  if (spec.count !== undefined || spec.min !== undefined) return [{ reason: `role "${role}" of kind cluster takes one whole cluster; count/min do not apply` }];
  if (clusters.length === 0) return [{ reason: `the lab has no cluster${forRole}` }];
  const allowed = clusters.filter((c) => (spec.tags ?? []).every((t) => c.tags.includes(t)) && allowedBy(def.id, c.scenarios));
  const tags = spec.tags?.length ? ` tagged ${spec.tags.join(', ')}` : '';
  if (allowed.length === 0) return [{ reason: `no cluster${tags} runs it${forRole} (tags and scenarios filters of ${clusters.map((c) => c.name).join(', ')})` }];
  const out = allowed.map((c) => bindCluster(def, role, c, devices));
  const bound = out.filter((b) => 'binding' in b);
  return bound.length ? bound : [{ reason: out.map((b) => ('reason' in b ? b.reason : '')).join('; ') }];
}

function bindCluster(def: ScenarioDef, role: string, c: ClusterConfig, devices: readonly BoundDevice[]): Bound {
  const byName = new Map(devices.map((d) => [d.name, d]));
  const members = clusterMembers(c).map((n) => byName.get(n));
  const missing = clusterMembers(c).filter((_, i) => !members[i]);
  if (missing.length) return { reason: `cluster ${c.name}: device(s) ${missing.join(', ')} are not in the lab` };
  const inCluster = members.filter((d): d is BoundDevice => d !== undefined);
  const { [role]: _cluster, ...others } = def.roles;
  const rest = bindOnce(def, inCluster, others, `cluster ${c.name}`);
  if ('reason' in rest) return rest;
  const roles = Object.fromEntries(Object.keys(def.roles).map((r) => [r, r === role ? inCluster : (rest.binding.roles[r] ?? [])]));
  const label = [c.name, ...Object.entries(rest.binding.roles).map(([r, ds]) => `${r}=${ds.map((d) => d.name).join(',')}`)].join(' ');
  return { binding: { roles, label, cluster: { role, config: c } } };
}

/** Fill `roles` (default: all of the scenario's) from `devices`; `where` names the pool in reasons. */
function bindOnce(def: ScenarioDef, devices: readonly BoundDevice[], roles: ScenarioDef['roles'] = def.roles, where = 'the lab'): Bound {
  const used = new Set<BoundDevice>();
  const filled: Record<string, BoundDevice[]> = {};
  // Roles of "at least N" take every device left, so they are filled after the fixed-size ones.
  const order = Object.entries(roles).sort(([, a], [, b]) => Number(a.min !== undefined) - Number(b.min !== undefined));
  for (const [role, spec] of order) {
    const capable = (d: BoundDevice): number => (spec.needs.every((n: CapabilityName) => d.caps[n]) ? 0 : 1);
    const pool = candidates(def, spec, devices)
      .filter((d) => !used.has(d))
      .sort((a, b) => capable(a) - capable(b));
    const want = spec.count ?? spec.min ?? 1;
    if (pool.length < want) {
      if (pool.length === 0 && candidates(def, spec, devices).length === 0) return { reason: noneReason(def, role, spec, devices, where) };
      return { reason: `role "${role}" needs ${spec.count === undefined ? 'at least ' : ''}${want} device(s) of kind "${spec.kind}"; ${where} has ${pool.length} free for it` };
    }
    const take = spec.count ?? (spec.min === undefined ? 1 : Math.min(spec.max ?? Number.POSITIVE_INFINITY, pool.length));
    const chosen = pool.slice(0, take);
    filled[role] = chosen;
    for (const d of chosen) used.add(d);
  }
  const bound = Object.fromEntries(Object.keys(roles).map((r) => [r, filled[r] ?? []]));
  return { binding: { roles: bound, label: labelOf(bound) } };
}

export function labelOf(roles: Record<string, BoundDevice[]>): string {
  const entries = Object.entries(roles);
  const [first] = entries;
  if (entries.length === 1 && first && first[1].length === 1 && first[1][0]) return first[1][0].name;
  return entries.map(([role, ds]) => `${role}=${ds.map((d) => d.name).join(',')}`).join(' ');
}
