/**
 * Turns model events into Redfish events (redfish-model.md §1.4): each transition becomes one
 * or more messages sharing an EventGroupId, stamped with the transition's SUT time. It also
 * drives the resync Task (subtasks Diagnostics, BrownoutCopy, BlackoutCopy).
 */
import type { RedfishService, Severity, TaskHandle } from '../redfish/index.ts';
import { formatTimestamp } from '../redfish/index.ts';
import type { FtModel } from './model.ts';
import { ftlabId } from './registry.ts';
import type { ModelEvent, ModuleIndex } from './types.ts';
import { ENCLOSURE, SYSTEM, VOLUME, errorCountProperty, ethUri, moduleUri, pcieUri } from './uris.ts';

interface Msg {
  id: string;
  args?: Array<string | number>;
  origin: string;
  severity?: Severity;
}

const RE = (key: string): string => `ResourceEvent.1.4.${key}`;
const PLATFORM = (key: string): string => `Platform.1.3.${key}`;

/** Share of the parent task's PercentComplete per phase. */
const WEIGHT = { Diagnostics: 10, Brownout: 80, Blackout: 10 } as const;

export class FtEventPublisher {
  private readonly tasks = new Map<number, TaskHandle>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly svc: RedfishService,
    private readonly model: FtModel,
  ) {
    this.unsubscribe = model.on((e) => this.publish(e));
  }

  /** The Task of resync `id` (for Chassis.Reset On → 202). */
  task(resyncId: number): TaskHandle | undefined {
    return this.tasks.get(resyncId);
  }

  close(): void {
    this.unsubscribe();
  }

  private send(e: ModelEvent, msgs: Msg[]): void {
    if (msgs.length === 0) return;
    const group = this.svc.events.newGroupId();
    const EventTimestamp = formatTimestamp(this.model.eventTime(e.at));
    for (const m of msgs) {
      this.svc.events.emit({
        MessageId: m.id,
        MessageArgs: (m.args ?? []).map(String),
        OriginOfCondition: m.origin,
        EventGroupId: group,
        EventTimestamp,
        ...(m.severity ? { Severity: m.severity } : {}),
      });
    }
  }

  private publish(e: ModelEvent): void {
    this.send(e, this.messagesFor(e));
    this.driveTask(e);
  }

  private messagesFor(e: ModelEvent): Msg[] {
    const mod = (m: ModuleIndex): string => moduleUri(m);
    switch (e.type) {
      case 'ErrorDetected':
        return [{ id: RE('ResourceErrorsDetected'), args: [errorCountProperty(e.subsystem), e.kind], origin: mod(e.module) }];
      case 'SubsystemIsolated':
        return [
          { id: RE('ResourceStatusChangedCritical'), args: [mod(e.module), 'Critical'], origin: mod(e.module) },
          { id: RE('ResourceStateChanged'), args: [mod(e.module), e.subsystem === 'Cpu' ? 'UnavailableOffline' : 'Enabled'], origin: mod(e.module) },
          { id: ftlabId('ModuleIsolated'), args: [e.module, e.subsystem, e.component ? `${e.reason} in ${e.component}` : e.reason], origin: mod(e.module) },
          ...(e.subsystem === 'Io' ? [{ id: RE('ResourceStatusChangedWarning'), args: [SYSTEM, 'Warning'], origin: SYSTEM }] : []),
        ];
      case 'RedundancyLost':
        return [{ id: RE('ResourceStatusChangedWarning'), args: [SYSTEM, 'Warning'], origin: SYSTEM }];
      case 'RedundancyRestored':
        return [{ id: RE('ResourceStatusChangedOK'), args: [SYSTEM, 'OK'], origin: SYSTEM }];
      case 'ModuleKeptOut':
        return [
          { id: RE('ResourceErrorThresholdExceeded'), args: [errorCountProperty(e.subsystem), e.threshold], origin: mod(e.module) },
          { id: ftlabId('ModuleKeptOut'), args: [e.module, e.subsystem, e.count, e.windowSeconds], origin: mod(e.module) },
          { id: RE('ResourceStatusChangedCritical'), args: [mod(e.module), 'Critical'], origin: mod(e.module) },
        ];
      case 'TransientReintegrating':
        return [{ id: ftlabId('TransientFaultReintegrating'), args: [e.module, e.subsystem], origin: mod(e.module) }];
      case 'DiagnosticsStarted':
        return [{ id: RE('ResourceStateChanged'), args: [mod(e.module), 'InTest'], origin: mod(e.module) }];
      case 'DiagnosticsPassed':
        return [{ id: RE('ResourceSelfTestCompleted'), origin: mod(e.module) }];
      case 'IoReintegrated':
        return [
          { id: ftlabId('IoSubsystemReintegrated'), args: [e.module], origin: mod(e.module) },
          { id: RE('ResourceStatusChangedOK'), args: [mod(e.module), 'OK'], origin: mod(e.module) },
        ];
      case 'ResyncStarted':
        return [{ id: ftlabId('ResyncStarted'), args: [e.module], origin: mod(e.module) }];
      case 'BrownoutStarted':
        return [{ id: RE('ResourceStateChanged'), args: [mod(e.module), 'Starting'], origin: mod(e.module) }];
      case 'BrownoutPassCompleted':
        return [{ id: ftlabId('BrownoutPassCompleted'), args: [e.module, e.pass, round3(e.dirtyMiB)], origin: mod(e.module) }];
      case 'BlackoutStarted':
        return [{ id: ftlabId('BlackoutStarted'), args: [e.module], origin: mod(e.module) }];
      case 'BlackoutCompleted':
        return [{ id: ftlabId('BlackoutCompleted'), args: [e.module, round3(e.pauseMs)], origin: mod(e.module) }];
      case 'DuplexRestored':
        return [
          { id: ftlabId('DuplexRestored'), origin: SYSTEM },
          { id: RE('ResourceStateChanged'), args: [mod(e.module), 'Enabled'], origin: mod(e.module) },
          { id: RE('ResourceStatusChangedOK'), args: [mod(e.module), 'OK'], origin: mod(e.module) },
        ];
      case 'ResyncAborted':
        return [{ id: ftlabId('ResyncAborted'), args: [e.module, e.reason], origin: mod(e.module) }];
      case 'ModuleRemoved':
        return [
          { id: ftlabId('ModuleRemoved'), args: [e.module], origin: mod(e.module) },
          { id: RE('ResourceStateChanged'), args: [mod(e.module), 'Absent'], origin: mod(e.module) },
        ];
      case 'ModuleInserted':
        return [{ id: ftlabId('ModuleInserted'), args: [e.module], origin: mod(e.module) }];
      case 'ModulePowerChanged':
        return [{ id: RE(e.on ? 'ResourcePoweredOn' : 'ResourcePoweredOff'), args: [mod(e.module)], origin: mod(e.module) }];
      case 'ErrorHistoryCleared': {
        const v = this.model.module(e.module);
        return (e.subsystem ? [e.subsystem] : (['Cpu', 'Io'] as const)).map((s) => ({
          id: RE('ResourceErrorThresholdCleared'),
          args: [errorCountProperty(s), v.counters[s].threshold],
          origin: mod(e.module),
        }));
      }
      case 'LinkChanged':
        return [
          {
            id: `NetworkDevice.1.1.${e.linkUp ? 'ConnectionEstablished' : 'ConnectionDropped'}`,
            args: [e.iface, '0', '0'],
            origin: e.iface.includes('NIC') ? ethUri(e.iface) : pcieUri(e.module, e.iface),
          },
        ];
      case 'IoFailoverStarted':
      case 'IoMemberLost':
        return [];
      case 'IoFailoverCompleted':
        return e.kind === 'Nic'
          ? [{ id: ftlabId('NicTeamFailover'), args: [e.team, e.from ?? 'none', e.to], origin: ethUri(e.team) }]
          : [{ id: ftlabId('PathFailover'), args: [e.team, e.from ?? 'none', e.to], origin: VOLUME }];
      case 'IoPathsExhausted':
        return [{ id: ftlabId('IoPathsLost'), args: [e.team], origin: e.kind === 'Nic' ? ethUri(e.team) : VOLUME }];
      case 'PCIeFatalError':
        return [{ id: PLATFORM('PCIeUncorrectableError'), args: [e.device], origin: pcieUri(e.module, e.device) }];
      case 'DeviceSurpriseRemoved':
        return [
          { id: PLATFORM('DeviceMissing'), args: [e.device], origin: pcieUri(e.module, e.device) },
          { id: RE('ResourceStateChanged'), args: [pcieUri(e.module, e.device), 'UnavailableOffline'], origin: pcieUri(e.module, e.device) },
        ];
      case 'SystemCrashed':
        return [
          { id: PLATFORM('OperatingSystemCrash'), origin: SYSTEM },
          { id: ftlabId('SystemCrashed'), args: [e.reason], origin: SYSTEM },
        ];
      case 'SystemPowerChanged': {
        const key = { On: 'ResourcePoweredOn', Off: 'ResourcePoweredOff', PoweringOn: 'ResourcePoweringOn', PoweringOff: 'ResourcePoweringOff' }[e.state];
        return [{ id: RE(key), args: [SYSTEM], origin: SYSTEM }];
      }
      case 'WorkloadStallStarted':
      case 'WorkloadStallEnded':
        return [];
      case 'LedChanged':
        return [{ id: RE('ResourceChanged'), origin: e.module === 0 || e.module === 1 ? mod(e.module) : ENCLOSURE }];
    }
  }

  /** Resync → Task "Reintegrate ModuleN" with its subtasks. */
  private driveTask(e: ModelEvent): void {
    switch (e.type) {
      case 'ResyncStarted': {
        const task = this.svc.tasks.create({
          name: `Reintegrate Module${e.module}`,
          subtasks: ['Diagnostics', 'BrownoutCopy', 'BlackoutCopy'],
          onCancel: () => this.model.cancelResync(e.module),
        });
        this.tasks.set(e.resync, task);
        task.start();
        task.subtask('Diagnostics').start();
        return;
      }
      case 'BrownoutStarted': {
        const t = this.tasks.get(e.resync);
        if (!t) return;
        t.subtask('Diagnostics').complete();
        t.subtask('BrownoutCopy').start();
        t.progress(WEIGHT.Diagnostics);
        return;
      }
      case 'BrownoutPassCompleted': {
        const t = this.tasks.get(e.resync);
        if (!t) return;
        t.subtask('BrownoutCopy').progress(e.percent);
        t.progress(WEIGHT.Diagnostics + (WEIGHT.Brownout * e.percent) / 100);
        return;
      }
      case 'BlackoutStarted': {
        const t = this.tasks.get(e.resync);
        if (!t) return;
        t.subtask('Diagnostics').complete();
        t.subtask('BrownoutCopy').complete();
        t.subtask('BlackoutCopy').start();
        t.progress(WEIGHT.Diagnostics + WEIGHT.Brownout);
        return;
      }
      case 'BlackoutCompleted':
        this.tasks.get(e.resync)?.subtask('BlackoutCopy').complete();
        return;
      case 'DuplexRestored':
        this.tasks.get(e.resync)?.complete();
        this.tasks.delete(e.resync);
        return;
      case 'ResyncAborted': {
        const t = this.tasks.get(e.resync);
        this.tasks.delete(e.resync);
        if (!t || t.isFinal()) return;
        for (const s of t.subtasks()) if (s.state === 'Running') s.fail(e.reason);
        if (t.state !== 'Cancelling') t.fail(`resync of Module${e.module} aborted: ${e.reason}`);
        return;
      }
      default:
        return;
    }
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
