/**
 * The resync Task of one module over Redfish (redfish-model.md §1.8): the TaskService's Tasks
 * whose Name names the module's chassis (Id, e.g. "Reintegrate Module1"), the newest of them. A
 * finished task never changes, so it is read once, with the TaskService's DateTime right after it
 * (the BMC's clock bounds its EndTime); each read costs the Tasks collection and the tasks still
 * running.
 */
import type { ResyncTaskRead, ResyncTaskView } from '../../../lib/domains/ft/resync-task.ts';
import { isFinalTaskState } from '../../../lib/domains/ft/resync-task.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { asObject, isObject, lastSegment, optLink, optNumber, optString, reqString } from '../json.ts';

export function parseTask(json: unknown, path: string): ResyncTaskView {
  const o = asObject(json, path);
  const messages = Array.isArray(o.Messages) ? o.Messages.filter(isObject).map((m) => (typeof m.MessageId === 'string' ? m.MessageId : '')) : [];
  return {
    uri: path,
    name: reqString(o, 'Name', path),
    state: reqString(o, 'TaskState', path),
    status: optString(o, 'TaskStatus'),
    percent: optNumber(o, 'PercentComplete'),
    startTime: optString(o, 'StartTime'),
    endTime: optString(o, 'EndTime'),
    messages,
    seenBy: null,
  };
}

/** Whether a task's Name says it re-integrates (resynchronises) the chassis `chassisId`. */
export function namesModule(name: string, chassisId: string): boolean {
  const words = name.split(/[^A-Za-z0-9]+/);
  return words.includes(chassisId) && /reintegrat|resync|synchroni/i.test(name);
}

export class RedfishResyncTasks {
  private readonly finished = new Map<string, ResyncTaskView>();
  private tasksPath: string | null | undefined;
  private servicePath: string | null = null;
  /** Chassis Id per module index (module chassis do not change while the BMC runs). */
  private readonly chassisIds = new Map<number, string>();

  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async read(module: number, signal?: AbortSignal): Promise<ResyncTaskRead> {
    const sig = signal ? { signal } : {};
    const tasks = await this.tasks(sig);
    if (!tasks) return { offered: false };
    const id = await this.chassisId(module, sig);
    if (id === null) return { offered: true, task: null };
    const views = await Promise.all((await this.client.members(tasks, sig)).map((p) => this.task(p, sig)));
    const mine = views.filter((v) => namesModule(v.name, id));
    return { offered: true, task: mine.reduce<ResyncTaskView | null>((newest, v) => (newest && !newer(v, newest) ? newest : v), null) };
  }

  private async tasks(sig: { signal?: AbortSignal }): Promise<string | null> {
    if (this.tasksPath === undefined) {
      this.servicePath = (await this.discovery.serviceRoot(sig)).taskService;
      this.tasksPath = this.servicePath ? optLink(await this.client.getJson(this.servicePath, sig), 'Tasks') : null;
    }
    return this.tasksPath;
  }

  private async chassisId(module: number, sig: { signal?: AbortSignal }): Promise<string | null> {
    if (!this.chassisIds.has(module)) {
      const chassis = (await this.discovery.moduleChassis(sig))[module];
      if (!chassis) return null;
      this.chassisIds.set(module, lastSegment(chassis.path));
    }
    return this.chassisIds.get(module) ?? null;
  }

  private async task(path: string, sig: { signal?: AbortSignal }): Promise<ResyncTaskView> {
    const known = this.finished.get(path);
    if (known) return known;
    const v = parseTask(await this.client.getJson(path, sig), path);
    if (!isFinalTaskState(v.state) || !this.servicePath) return v;
    const done = { ...v, seenBy: optString(await this.client.getJson(this.servicePath, sig), 'DateTime') };
    this.finished.set(path, done);
    return done;
  }
}

/** Later StartTime wins; a task not started yet is the newest; equal ones by the collection's order. */
function newer(a: ResyncTaskView, b: ResyncTaskView): boolean {
  if (a.startTime === null) return true;
  if (b.startTime === null) return false;
  return Date.parse(a.startTime) >= Date.parse(b.startTime);
}
