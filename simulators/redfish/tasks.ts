import { baseError, baseId, errorBody, RedfishError } from './errors.ts';
import { sendEmpty, sendJson } from './http-io.ts';
import type { RedfishService } from './service.ts';
import type { JsonObject, TaskRef } from './types.ts';

export type TaskState = 'New' | 'Starting' | 'Running' | 'Completed' | 'Exception' | 'Cancelling' | 'Cancelled';
type TaskStatus = 'OK' | 'Warning' | 'Critical';

export interface TaskPayload {
  TargetUri: string;
  HttpOperation: string;
  JsonBody?: string;
  HttpHeaders?: string[];
}

export interface TaskCreateOptions {
  name: string;
  subtasks?: string[];
  payload?: TaskPayload;
  /** DELETE on the task monitor calls this; without it the monitor refuses DELETE (405). */
  onCancel?: () => void;
}

export interface TaskResult {
  status: number;
  body?: JsonObject;
}

interface TaskMessage {
  MessageId: string;
  Message: string;
  MessageArgs: string[];
  Severity: TaskStatus;
}

const TASKS = '/redfish/v1/TaskService/Tasks';
const MONITORS = '/redfish/v1/TaskService/TaskMonitors';
const FINAL: readonly TaskState[] = ['Completed', 'Exception', 'Cancelled'];

/** One step of a task (SubTasks/{n}); same lifecycle, no monitor, no TaskEvent messages. */
export class SubTaskHandle {
  state: TaskState = 'New';
  percent = 0;
  status: TaskStatus = 'OK';
  startTime: string | undefined;
  endTime: string | undefined;
  readonly messages: TaskMessage[] = [];
  constructor(
    readonly id: string,
    readonly name: string,
    readonly uri: string,
    private readonly svc: RedfishService,
  ) {}
  start(): this {
    if (this.state === 'New') {
      this.state = 'Running';
      this.startTime = this.svc.timestamp();
    }
    return this;
  }
  progress(percent: number): this {
    this.start();
    this.percent = clampPercent(percent);
    return this;
  }
  complete(): this {
    this.start();
    this.state = 'Completed';
    this.percent = 100;
    this.endTime = this.svc.timestamp();
    return this;
  }
  fail(message: string): this {
    this.start();
    this.state = 'Exception';
    this.status = 'Critical';
    this.endTime = this.svc.timestamp();
    this.messages.push({ MessageId: baseId('GeneralError'), Message: message, MessageArgs: [], Severity: 'Critical' });
    return this;
  }
  render(): JsonObject {
    return {
      Id: this.id,
      Name: this.name,
      TaskState: this.state,
      TaskStatus: this.status,
      PercentComplete: this.percent,
      ...(this.startTime ? { StartTime: this.startTime } : {}),
      ...(this.endTime ? { EndTime: this.endTime } : {}),
      Messages: this.messages,
    };
  }
}

function clampPercent(p: number): number {
  if (!Number.isFinite(p)) throw new RangeError(`task progress must be a number 0..100, got ${p}`);
  return Math.max(0, Math.min(100, Math.round(p)));
}

/** A Task with its monitor; emits TaskEvent.1.0.* messages on transitions. */
export class TaskHandle implements TaskRef {
  state: TaskState = 'New';
  status: TaskStatus = 'OK';
  percent = 0;
  startTime: string | undefined;
  endTime: string | undefined;
  result: TaskResult | undefined;
  readonly messages: TaskMessage[] = [];
  readonly uri: string;
  readonly monitorUri: string;
  private readonly subs: SubTaskHandle[] = [];
  private lastReportedDecile = 0;

  constructor(
    readonly id: string,
    private readonly opts: TaskCreateOptions,
    private readonly svc: RedfishService,
  ) {
    this.uri = `${TASKS}/${id}`;
    this.monitorUri = `${MONITORS}/${id}`;
    (opts.subtasks ?? []).forEach((name, i) => this.subs.push(new SubTaskHandle(String(i + 1), name, `${this.uri}/SubTasks/${i + 1}`, svc)));
  }

  get name(): string {
    return this.opts.name;
  }

  isFinal(): boolean {
    return FINAL.includes(this.state);
  }

  subtask(name: string): SubTaskHandle {
    const s = this.subs.find((x) => x.name === name);
    if (!s) throw new RangeError(`task ${this.id}: no subtask "${name}" (has: ${this.subs.map((x) => x.name).join(', ') || 'none'})`);
    return s;
  }

  subtasks(): readonly SubTaskHandle[] {
    return this.subs;
  }

  private note(key: string, args: string[]): void {
    const MessageId = `TaskEvent.1.0.${key}`;
    const found = this.svc.registries.message(MessageId);
    const Message = this.svc.registries.expand(MessageId, args) ?? MessageId;
    this.messages.push({ MessageId, Message, MessageArgs: args, Severity: found?.message.MessageSeverity ?? 'OK' });
    this.svc.events.emit({ MessageId, MessageArgs: args, OriginOfCondition: this.uri });
  }

  start(): this {
    if (this.state !== 'New') return this;
    this.state = 'Running';
    this.startTime = this.svc.timestamp();
    this.note('TaskStarted', [this.id]);
    return this;
  }

  /** Set PercentComplete; a TaskProgressChanged event is emitted each time a new 10 % step is reached. */
  progress(percent: number): this {
    if (this.isFinal()) return this;
    this.start();
    this.percent = clampPercent(percent);
    const decile = Math.floor(this.percent / 10);
    if (decile > this.lastReportedDecile && this.percent < 100) {
      this.lastReportedDecile = decile;
      this.note('TaskProgressChanged', [this.id, String(this.percent)]);
    }
    return this;
  }

  complete(result?: TaskResult): this {
    if (this.isFinal()) return this;
    this.start();
    this.state = 'Completed';
    this.percent = 100;
    this.endTime = this.svc.timestamp();
    this.result = result ?? { status: 204 };
    this.note('TaskCompletedOK', [this.id]);
    return this;
  }

  fail(message: string): this {
    if (this.isFinal()) return this;
    this.start();
    this.state = 'Exception';
    this.status = 'Critical';
    this.endTime = this.svc.timestamp();
    this.messages.push({ MessageId: baseId('GeneralError'), Message: message, MessageArgs: [], Severity: 'Critical' });
    this.note('TaskAborted', [this.id]);
    return this;
  }

  /** Cancel as if the monitor was DELETEd. */
  cancel(): void {
    if (this.isFinal()) return;
    if (!this.opts.onCancel) throw baseError(405, 'OperationNotAllowed');
    this.state = 'Cancelling';
    this.opts.onCancel();
    this.state = 'Cancelled';
    this.status = 'Warning';
    this.endTime = this.svc.timestamp();
    this.note('TaskCancelled', [this.id]);
  }

  get cancellable(): boolean {
    return this.opts.onCancel !== undefined;
  }

  render(): JsonObject {
    const body: JsonObject = {
      '@odata.id': this.uri,
      '@odata.type': '#Task.v1_7_4.Task',
      Id: this.id,
      Name: this.opts.name,
      TaskState: this.state,
      TaskStatus: this.status,
      PercentComplete: this.percent,
      TaskMonitor: this.monitorUri,
      ...(this.startTime ? { StartTime: this.startTime } : {}),
      ...(this.endTime ? { EndTime: this.endTime } : {}),
      Messages: this.messages,
      HidePayload: this.opts.payload === undefined,
    };
    if (this.opts.payload) body.Payload = this.opts.payload;
    if (this.subs.length) body.SubTasks = { '@odata.id': `${this.uri}/SubTasks` };
    return body;
  }
}

/** TaskService, Tasks collection, task resources, SubTasks and task monitors. */
export class TaskService {
  private readonly tasks = new Map<string, TaskHandle>();
  private nextId = 1;

  constructor(private readonly svc: RedfishService) {
    svc.resource('/redfish/v1/TaskService', {
      type: '#TaskService.v1_3_0.TaskService',
      get: () => ({
        Id: 'TaskService',
        Name: 'Task Service',
        ServiceEnabled: true,
        DateTime: svc.timestamp(),
        CompletedTaskOverWritePolicy: 'Oldest',
        LifeCycleEventOnTaskStateChange: true,
        Tasks: { '@odata.id': TASKS },
        Status: { State: 'Enabled', Health: 'OK' },
      }),
    });
    svc.collection(TASKS, { type: '#TaskCollection.TaskCollection', name: 'Task Collection', members: () => [...this.tasks.values()].map((t) => t.uri) });
  }

  get(id: string): TaskHandle | undefined {
    return this.tasks.get(id);
  }

  create(opts: TaskCreateOptions): TaskHandle {
    const svc = this.svc;
    const task = new TaskHandle(String(this.nextId++), opts, svc);
    this.tasks.set(task.id, task);
    // Keep at most 100 tasks: drop the oldest finished one (CompletedTaskOverWritePolicy Oldest).
    if (this.tasks.size > 100) {
      const oldest = [...this.tasks.values()].find((t) => t.isFinal());
      if (oldest) this.remove(oldest);
    }
    const strip = (b: JsonObject): JsonObject => {
      const { '@odata.id': _i, '@odata.type': _t, ...rest } = b;
      return rest;
    };
    svc.resource(task.uri, { type: '#Task.v1_7_4.Task', get: () => strip(task.render()) });
    if (task.subtasks().length) {
      svc.collection(`${task.uri}/SubTasks`, { type: '#TaskCollection.TaskCollection', name: 'SubTask Collection', members: () => task.subtasks().map((s) => s.uri) });
      for (const s of task.subtasks()) svc.resource(s.uri, { type: '#Task.v1_7_4.Task', get: () => s.render() });
    }
    svc.route(task.monitorUri, {
      methods: ['GET', 'HEAD', 'DELETE'],
      handler: (_req, res, ctx) => {
        const headers = { 'OData-Version': '4.0' };
        if (ctx.method === 'DELETE') {
          if (ctx.role === 'ReadOnly') throw baseError(403, 'InsufficientPrivilege');
          if (!task.isFinal()) task.cancel();
          return sendEmpty(res, 204, headers);
        }
        if (!task.isFinal()) {
          return sendJson(res, 202, JSON.stringify(task.render()), { ...headers, Location: task.monitorUri, 'Retry-After': '1' }, ctx.method === 'HEAD');
        }
        if (task.state === 'Completed') {
          const r = task.result ?? { status: 204 };
          if (r.body === undefined || r.status === 204) return sendEmpty(res, r.status, headers);
          return sendJson(res, r.status, JSON.stringify(r.body), headers, ctx.method === 'HEAD');
        }
        const why = task.messages.find((m) => m.MessageId === baseId('GeneralError'))?.Message ?? `task ${task.state}`;
        const err = new RedfishError(task.state === 'Cancelled' ? 409 : 500, [{ MessageId: baseId('OperationFailed'), Resolution: why }]);
        return sendJson(res, err.status, JSON.stringify(errorBody(err, svc.registries)), headers, ctx.method === 'HEAD');
      },
    });
    return task;
  }

  private remove(task: TaskHandle): void {
    this.tasks.delete(task.id);
    for (const s of task.subtasks()) this.svc.router.remove(s.uri);
    this.svc.router.remove(`${task.uri}/SubTasks`);
    this.svc.router.remove(task.uri);
    this.svc.unroute(task.monitorUri);
  }

  close(): void {
    /* tasks hold no timers of their own; devices drive them */
  }
}
