import type { IncomingHttpHeaders } from 'node:http';

export type Role = 'Administrator' | 'Operator' | 'ReadOnly';
export const ROLES: readonly Role[] = ['Administrator', 'Operator', 'ReadOnly'];

/** Higher rank = more privilege. */
export function roleRank(role: Role): number {
  return role === 'Administrator' ? 2 : role === 'Operator' ? 1 : 0;
}

export interface Account {
  user: string;
  password: string;
  role: Role;
}

export type Severity = 'OK' | 'Warning' | 'Critical';

export type JsonObject = Record<string, unknown>;

/** What a request handler knows about the caller. */
export interface RequestContext {
  user: string;
  role: Role;
  sessionId?: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

interface Nullable {
  nullable?: boolean;
}
export type PropertySpec =
  | ({ type: 'string'; enum?: readonly string[]; pattern?: RegExp; minLength?: number; maxLength?: number } & Nullable)
  | ({ type: 'integer' | 'number'; min?: number; max?: number } & Nullable)
  | ({ type: 'boolean' } & Nullable)
  | ({ type: 'object'; properties: Record<string, PropertySpec> } & Nullable)
  | ({ type: 'array'; items: PropertySpec; minItems?: number; maxItems?: number } & Nullable)
  | { type: 'json' };

export type PropertySpecs = Record<string, PropertySpec>;

/** An action parameter: a property spec plus `required` and `allowable` (→ @Redfish.AllowableValues). */
export type ParameterSpec = PropertySpec & { required?: boolean; allowable?: readonly string[] };

export interface PatchSpec {
  writable: PropertySpecs;
  apply: (changes: JsonObject, ctx: RequestContext) => void | Promise<void>;
  minRole?: Role;
}

export interface ResourceSpec {
  /** `@odata.type`, e.g. `#ComputerSystem.v1_20_0.ComputerSystem`. */
  type: string;
  get: (ctx: RequestContext | undefined) => JsonObject;
  patch?: PatchSpec;
  delete?: (ctx: RequestContext) => void | Promise<void>;
  deleteMinRole?: Role;
  /** Serve without authentication (only the service root and the version document do). */
  public?: boolean;
  /** Minimum role for GET (default ReadOnly). */
  readMinRole?: Role;
}

export interface ResourceHandle {
  readonly path: string;
  remove(): void;
}

export interface CollectionPostResult {
  /** Path of the created resource (must be registered by the handler). */
  path: string;
  headers?: Record<string, string>;
}

export interface CollectionSpec {
  type: string;
  name: string;
  description?: string;
  members?: () => readonly string[];
  post?: {
    minRole?: Role;
    handler: (body: JsonObject, ctx: RequestContext) => Promise<CollectionPostResult> | CollectionPostResult;
  };
  /** More properties to render (e.g. Oem). */
  extra?: () => JsonObject;
  readMinRole?: Role;
}

/** A task handle as returned by svc.tasks.create (structural, to keep types.ts a leaf). */
export interface TaskRef {
  readonly id: string;
  readonly uri: string;
  readonly monitorUri: string;
  render(): JsonObject;
}

export type ActionResult =
  | void
  | undefined
  | { status: 200; body?: JsonObject }
  | { status: 204 }
  | { status: 202; task: TaskRef };

export interface ActionSpec {
  parameters?: Record<string, ParameterSpec>;
  minRole?: Role;
  /** List under Actions.Oem with target …/Actions/Oem/<Name>. */
  oem?: boolean;
  /** Override the target URI. */
  target?: string;
  /** Serve an ActionInfo resource (default true when there are parameters). */
  actionInfo?: boolean;
  handler: (params: JsonObject, ctx: RequestContext) => Promise<ActionResult> | ActionResult;
}

export interface EventInput {
  MessageId: string;
  MessageArgs?: readonly (string | number)[];
  Severity?: Severity;
  OriginOfCondition?: string;
  EventGroupId?: number;
  EventTimestamp?: string;
  Message?: string;
  Oem?: JsonObject;
  /** false: do not append to log services that capture events. */
  log?: boolean;
}

export interface EventRecord {
  EventId: string;
  EventTimestamp: string;
  MessageId: string;
  MessageArgs: string[];
  Message: string;
  MessageSeverity: Severity;
  OriginOfCondition?: { '@odata.id': string };
  EventGroupId?: number;
  LogEntry?: { '@odata.id': string };
  Oem?: JsonObject;
}
