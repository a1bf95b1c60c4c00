/**
 * PartitionControl over Redfish composition (the partition manager's service): ResourceBlocks of
 * type ComputerSystem are the physical servers, composed systems (SystemType Composed, with
 * `Links.ResourceBlocks`) the logical servers. Compose = POST to Systems with the blocks
 * (specific composition); dissolve = DELETE of the composed system. Both are read back: the
 * system and every block must show the new composition.
 */
import { CapabilityNotSupportedError, WriteNotConfirmedError, type WriteOptions } from '../../../capabilities/cluster-errors.ts';
import type { LogicalServerView, PartitionBlockView, PartitionControl, PartitionsView } from '../../../capabilities/partition-control.ts';
import { RedfishNotFoundError } from '../../errors.ts';
import { type JsonObject, lastSegment, linkList, linkOf, optString } from '../../json.ts';
import { type Device, deleteIfMatch, list, readMembers, requiredLink, sig, write } from './support.ts';

const CAP = 'PartitionControl';

export class RedfishPartitionControl implements PartitionControl {
  readonly kind = 'PartitionControl' as const;
  constructor(private readonly d: Device) {}

  async read(signal?: AbortSignal): Promise<PartitionsView> {
    const { blocks, systems } = await this.paths(signal);
    const [b, s] = await Promise.all([readMembers(this.d, blocks, signal), readMembers(this.d, systems, signal)]);
    return {
      blocks: b.filter((x) => (Array.isArray(x.body.ResourceBlockType) ? x.body.ResourceBlockType : []).includes('ComputerSystem')).map((x) => blockView(x.path, x.body)),
      logicalServers: s.filter((x) => x.body.SystemType === 'Composed').map((x) => systemView(x.path, x.body)),
    };
  }

  async compose(id: string, servers: readonly string[], opts: WriteOptions = {}): Promise<LogicalServerView> {
    const { blocks, systems } = await this.paths(opts.signal);
    const body = { Id: id, Name: id, Links: { ResourceBlocks: servers.map((s) => ({ '@odata.id': `${blocks}/${s}` })) } };
    const res = await write(this.d, `${systems} (compose ${id})`, null, () => this.d.client.post(systems, body, sig(opts.signal)));
    const location = res.headers.location ? this.d.client.toPath(res.headers.location) : `${systems}/${id}`;
    const now = await this.read(opts.signal);
    const made = now.logicalServers.find((l) => l.uri === location);
    const diff: string[] = [];
    if (!made) diff.push(`no composed system at ${location}`);
    else if (made.servers.join() !== servers.join()) diff.push(`it is made of ${list(made.servers)}, expected ${list(servers)}`);
    const stray = servers.filter((s) => now.blocks.find((b) => b.server === s)?.composedInto !== (made?.id ?? id));
    if (stray.length) diff.push(`resource blocks ${list(stray)} do not show the composition`);
    if (!made || diff.length) throw new WriteNotConfirmedError(this.d.name, location, diff.join('; '));
    return made;
  }

  async dissolve(id: string, opts: WriteOptions = {}): Promise<void> {
    const { systems } = await this.paths(opts.signal);
    const uri = `${systems}/${id}`;
    const before = (await this.read(opts.signal)).logicalServers.find((l) => l.id === id || l.uri === uri);
    const etag = opts.ifMatch ?? null;
    await write(this.d, uri, etag, () => deleteIfMatch(this.d, before?.uri ?? uri, etag, opts.signal));
    const now = await this.read(opts.signal);
    const still = now.logicalServers.some((l) => l.uri === (before?.uri ?? uri));
    const held = now.blocks.filter((b) => b.composedInto === id).map((b) => b.server);
    if (still || held.length) throw new WriteNotConfirmedError(this.d.name, uri, still ? 'the logical server is still listed after it was dissolved' : `resource blocks ${list(held)} still show it`);
  }

  private async paths(signal?: AbortSignal): Promise<{ blocks: string; systems: string }> {
    const cs = await requiredLink(this.d, CAP, 'CompositionService', signal);
    const body = await this.d.client.getJson(cs, sig(signal)).catch((e: unknown) => {
      if (e instanceof RedfishNotFoundError) throw new CapabilityNotSupportedError(CAP, this.d.name, `${cs} is not there`, { cause: e });
      throw e;
    });
    const blocks = linkOf(body.ResourceBlocks);
    if (!blocks) throw new CapabilityNotSupportedError(CAP, this.d.name, `${cs} has no ResourceBlocks`);
    return { blocks, systems: await requiredLink(this.d, CAP, 'Systems', signal) };
  }
}

function blockView(path: string, body: JsonObject): PartitionBlockView {
  const composed = optString(body, 'CompositionStatus.CompositionState') === 'Composed' || optString(body, 'CompositionStatus.CompositionState') === 'ComposedAndAvailable';
  const system = linkList(body, 'Links.ComputerSystems')[0];
  return { server: optString(body, 'Id') ?? lastSegment(path), uri: path, hardwareKind: optString(body, 'Oem.ClusterLab.HardwareKind'), composedInto: composed && system ? lastSegment(system) : null };
}

function systemView(path: string, body: JsonObject): LogicalServerView {
  return { id: optString(body, 'Id') ?? lastSegment(path), uri: path, servers: linkList(body, 'Links.ResourceBlocks').map(lastSegment), powerState: optString(body, 'PowerState') ?? 'Unknown' };
}
