/**
 * A small in-process ft device for runner tests, with real semantics where the runner looks:
 * module states that change on injected faults and come back on undo, events delivered
 * asynchronously to subscribers, a real UDP echo "workload" that can stall, a BMC clock, and
 * switches to make undo fail or the transport refuse. Not a simulator of the ft server (that is
 * simulators/ft, reached over the network); only what runner semantics need.
 */
import dgram from 'node:dgram';
import type {
  BmcEvent,
  CapabilityMap,
  ClusterCapabilityName,
  EventSubscription,
  FtSystemSnapshot,
  ModuleIndex,
  ModuleOpState,
  PowerAction,
  PowerState,
} from '../../drivers/capabilities/index.ts';
import { InfraError } from '../../lib/errors.ts';
import type { BoundDevice } from '../devices/device.ts';

export interface FakeFtOptions {
  name?: string;
  timeScale?: number;
  scenarios?: string[];
  /** Inventory kind (default "ft") and tags, for binding tests. */
  kind?: string;
  tags?: string[];
  /** Capabilities to leave out (to test unmet needs). */
  without?: Array<keyof CapabilityMap>;
}

export class FakeFtDevice {
  readonly modules: ModuleOpState[] = ['Duplex', 'Duplex'];
  power: PowerState = 'On';
  /** When true, insertModule (the undo of pullModule) fails. */
  failInsert = false;
  /** The system's asset tag (SystemSettings). */
  assetTag = '';
  /** When true, every capability call fails like a refused connection. */
  refuse = false;
  readonly calls: string[] = [];
  private readonly subscribers = new Set<(e: BmcEvent) => void>();
  private eventSeq = 0;
  private echo: dgram.Socket | null = null;
  private stalled = false;

  constructor(readonly opts: FakeFtOptions = {}) {}

  async start(): Promise<void> {
    const sock = dgram.createSocket('udp4');
    sock.on('message', (msg, r) => {
      if (!this.stalled && this.power === 'On') sock.send(msg, r.port, r.address);
    });
    await new Promise<void>((res) => sock.bind(0, '127.0.0.1', () => res()));
    this.echo = sock;
  }

  async stop(): Promise<void> {
    this.echo?.close();
    this.echo = null;
  }

  stall(on: boolean): void {
    this.stalled = on;
  }

  private guard(call: string): void {
    this.calls.push(call);
    if (this.refuse) {
      const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
      throw new InfraError(`${call}: connection refused`, { cause });
    }
  }

  private emit(messageId: string, args: string[]): void {
    const e: BmcEvent = {
      id: String(++this.eventSeq),
      messageId,
      messageArgs: args,
      message: `${messageId} ${args.join(' ')}`,
      severity: 'Warning',
      originOfCondition: null,
      eventTimestamp: new Date().toISOString(),
      receivedAt: performance.now(),
      extra: {},
    };
    setImmediate(() => {
      for (const s of this.subscribers) s(e);
    });
  }

  snapshot(): FtSystemSnapshot {
    return {
      uri: '/redfish/v1/Systems/fake',
      powerState: this.power,
      state: 'Enabled',
      health: 'OK',
      activeModules: this.modules.flatMap((m, i) => (m === 'Duplex' ? [i] : [])),
      redundancyHealth: this.modules.every((m) => m === 'Duplex') ? 'OK' : 'Warning',
      modules: this.modules.map((opState, index) => ({
        index,
        uri: `/redfish/v1/Chassis/Module${index}`,
        state: opState === 'Absent' ? 'Absent' : 'Enabled',
        health: 'OK',
        opState,
        ledOn: false,
        keptOut: false,
        counters: {},
        faultyComponent: null,
      })),
      nicActive: null,
      storagePathActive: null,
      assetTag: this.assetTag,
      memoryGiB: 64,
      hypervisorMode: false,
      bmcTime: new Date().toISOString(),
    };
  }

  capabilities(): Partial<CapabilityMap> {
    const caps: Omit<CapabilityMap, ClusterCapabilityName | 'FailoverManagerView' | 'ConsoleCapture' | 'BmcCertificate'> = {
      PowerControl: {
        kind: 'PowerControl',
        state: async () => (this.guard('power.state'), this.power),
        request: async (action: PowerAction) => {
          this.guard(`power.request ${action}`);
          this.power = action === 'On' ? 'On' : action === 'ForceOff' || action === 'GracefulShutdown' ? 'Off' : this.power;
        },
      },
      SystemHealth: { kind: 'SystemHealth', read: async () => (this.guard('health'), { powerState: this.power, state: 'Enabled', health: 'OK' }) },
      SystemSettings: {
        kind: 'SystemSettings',
        assetTag: async () => (this.guard('assetTag'), this.assetTag),
        setAssetTag: async (tag: string) => {
          this.guard(`setAssetTag ${tag}`);
          this.assetTag = tag;
        },
      },
      FtState: { kind: 'FtState', snapshot: async () => (this.guard('snapshot'), this.snapshot()) },
      EventSource: {
        kind: 'EventSource',
        subscribe: (_filter, onEvent): EventSubscription => {
          this.subscribers.add(onEvent);
          return { lastEventId: null, ready: Promise.resolve(), close: async () => void this.subscribers.delete(onEvent) };
        },
      },
      LogReader: { kind: 'LogReader', logs: async () => ['Event'], entries: async () => [], clear: async () => undefined },
      BusinessLocator: { kind: 'BusinessLocator', businesses: () => [], locate: async (business) => ({ reachable: false, business, reason: 'an ft server runs no cluster business' }) },
      FtLabFaultInjection: {
        kind: 'FtLabFaultInjection',
        injectError: async (p) => {
          this.guard(`injectError ${p.module} ${p.subsystem} ${p.kind}`);
          this.modules[p.module] = 'Isolated';
          this.emit('FtServer.1.0.ModuleIsolated', [String(p.module), p.subsystem]);
        },
        pullModule: async (m: ModuleIndex) => {
          this.guard(`pullModule ${m}`);
          this.modules[m] = 'Absent';
          this.emit('FtServer.1.0.ModuleRemoved', [String(m)]);
        },
        insertModule: async (m: ModuleIndex) => {
          this.guard(`insertModule ${m}`);
          if (this.failInsert) throw new Error(`module ${m} did not seat`);
          this.modules[m] = 'Duplex';
          this.emit('FtServer.1.0.ModuleInserted', [String(m)]);
        },
        pcieFatalError: async (d: string) => this.guard(`pcieFatalError ${d}`),
        setLink: async (iface: string, up: boolean) => this.guard(`setLink ${iface} ${up}`),
        clearErrorHistory: async (m: ModuleIndex) => this.guard(`clearErrorHistory ${m}`),
        resetModule: async (m: ModuleIndex, type: string) => (this.guard(`resetModule ${m} ${type}`), { status: 204, task: null }),
        setErrorLimits: async (m: ModuleIndex) => this.guard(`setErrorLimits ${m}`),
        setFaultPolicy: async (m: ModuleIndex) => this.guard(`setFaultPolicy ${m}`),
        pcieDevices: async () => [],
      },
      WorkloadLocator: {
        kind: 'WorkloadLocator',
        endpoint: async () => ({ host: '127.0.0.1', udpPort: (this.echo?.address().port ?? 0) as number, tcpPort: 0 }),
      },
      SensorReader: { kind: 'SensorReader', read: async () => [] },
      BmcClock: { kind: 'BmcClock', wallTime: async () => Date.now() + 1000, timeScale: async () => this.opts.timeScale ?? 1 },
    };
    for (const w of this.opts.without ?? []) delete (caps as Partial<CapabilityMap>)[w];
    return caps;
  }

  bound(): BoundDevice {
    const caps = this.capabilities();
    return {
      name: this.opts.name ?? 'fake0',
      kind: this.opts.kind ?? 'ft',
      caps,
      protocols: Object.fromEntries(Object.keys(caps).map((k) => [k, 'fake'])),
      endpoints: { fake: 'in-process' },
      ...(this.opts.scenarios ? { scenarios: this.opts.scenarios } : {}),
      tags: this.opts.tags ?? [],
      timeScale: this.opts.timeScale ?? 1,
      close: async () => undefined,
    };
  }
}
