import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActionSpec, CollectionSpec, JsonObject, PatchSpec, RequestContext, Role } from './types.ts';

/** A registered resource (plain or collection) as the service sees it. */
export interface Entry {
  path: string;
  /** `@odata.type`; empty = keep the body's own (mockup resources). */
  type: string;
  get: (ctx: RequestContext | undefined) => JsonObject;
  patch?: PatchSpec;
  delete?: (ctx: RequestContext) => void | Promise<void>;
  deleteMinRole?: Role;
  post?: CollectionSpec['post'] & { anonymous?: boolean };
  public?: boolean;
  readMinRole?: Role;
  actions: Map<string, ActionEntry>; // by action name ('#ComputerSystem.Reset')
  /** The last rendered JSON text and its ETag (the hash is only recomputed when the text changes). */
  etagMemo?: { text: string; etag: string };
}

export interface ActionEntry {
  owner: string;
  name: string;
  target: string;
  spec: ActionSpec;
  infoPath?: string;
}

export type RawHandler = (req: IncomingMessage, res: ServerResponse, ctx: RequestContext, query: URLSearchParams) => void | Promise<void>;

export interface RawRoute {
  methods: readonly string[];
  public?: boolean;
  handler: RawHandler;
}

/** Normalise a request path: no trailing slash (except "/"), percent-decoded. */
export function normalizePath(raw: string): string {
  let p = raw;
  if (p.includes('%')) {
    try {
      p = decodeURIComponent(p);
    } catch {
      /* keep as is: will 404 */
    }
  }
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

export class Router {
  readonly entries = new Map<string, Entry>();
  readonly actions = new Map<string, ActionEntry>(); // by target
  readonly raw = new Map<string, RawRoute>();

  add(entry: Entry): void {
    if (this.entries.has(entry.path)) throw new TypeError(`resource ${entry.path} is registered already`);
    this.entries.set(entry.path, entry);
  }

  remove(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    for (const a of e.actions.values()) {
      this.actions.delete(a.target);
      if (a.infoPath) this.entries.delete(a.infoPath);
    }
    this.entries.delete(path);
  }

  /** Paths registered exactly one segment below `path`, in registration order. */
  children(path: string): string[] {
    const prefix = `${path}/`;
    const out: string[] = [];
    for (const p of this.entries.keys()) {
      if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push(p);
    }
    return out;
  }
}
