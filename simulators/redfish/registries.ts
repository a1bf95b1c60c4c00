import { readFileSync } from 'node:fs';
import type { JsonObject, Severity } from './types.ts';

export interface RegistryMessage {
  Message: string;
  MessageSeverity: Severity;
  NumberOfArgs: number;
  ParamTypes?: string[];
  Resolution: string;
  Description?: string;
  ClearingLogic?: JsonObject;
}

export interface MessageRegistry {
  /** e.g. `FtEmu.1.0.0` */
  Id: string;
  Name: string;
  Language: string;
  Description?: string;
  RegistryPrefix: string;
  RegistryVersion: string;
  OwningEntity: string;
  Messages: Record<string, RegistryMessage>;
}

export const BUILTIN_REGISTRY_IDS = [
  'Base.1.22.1',
  'ResourceEvent.1.4.3',
  'TaskEvent.1.0.5',
  'Platform.1.3.2',
  'NetworkDevice.1.1.1',
  'HeartbeatEvent.1.1.1',
  'LogService.1.1.0',
] as const;

let builtins: MessageRegistry[] | undefined;

/** The DMTF registry subsets shipped in registries/*.json (loaded once per process). */
export function builtinRegistries(): MessageRegistry[] {
  builtins ??= BUILTIN_REGISTRY_IDS.map((id) => {
    const text = readFileSync(new URL(`./registries/${id}.json`, import.meta.url), 'utf8');
    return JSON.parse(text) as MessageRegistry;
  });
  return builtins;
}

/** A MessageId is `Prefix.Major.Minor.Key` (the errata digit is tolerated: `Prefix.1.4.2.Key`). */
const MESSAGE_ID = /^([A-Za-z0-9]+)\.(\d+)\.(\d+)(?:\.(\d+))?\.([A-Za-z0-9]+)$/;

export interface ResolvedMessage {
  registry: MessageRegistry;
  key: string;
  message: RegistryMessage;
}

export class RegistrySet {
  private readonly byPrefix = new Map<string, MessageRegistry[]>();
  readonly all: MessageRegistry[] = [];
  constructor(registries: readonly MessageRegistry[]) {
    for (const r of registries) this.add(r);
  }
  add(r: MessageRegistry): void {
    if (!r || typeof r.RegistryPrefix !== 'string' || typeof r.RegistryVersion !== 'string' || typeof r.Messages !== 'object') {
      throw new TypeError(`message registry ${JSON.stringify(r?.Id)}: expected RegistryPrefix, RegistryVersion and Messages`);
    }
    this.all.push(r);
    const list = this.byPrefix.get(r.RegistryPrefix) ?? [];
    list.push(r);
    this.byPrefix.set(r.RegistryPrefix, list);
  }
  message(messageId: string): ResolvedMessage | undefined {
    const [, prefix, major, minor, , key] = MESSAGE_ID.exec(messageId) ?? [];
    if (prefix === undefined || key === undefined) return undefined;
    for (const r of this.byPrefix.get(prefix) ?? []) {
      const [rMajor, rMinor] = r.RegistryVersion.split('.');
      const message = Object.hasOwn(r.Messages, key) ? r.Messages[key] : undefined;
      if (rMajor === major && rMinor === minor && message) return { registry: r, key, message };
    }
    return undefined;
  }
  /** Message text with %1..%n replaced by the arguments. */
  expand(messageId: string, args: readonly (string | number)[] = []): string | undefined {
    const found = this.message(messageId);
    return found ? expandText(found.message.Message, args) : undefined;
  }
  prefixes(): string[] {
    return [...this.byPrefix.keys()];
  }
}

export function expandText(template: string, args: readonly (string | number)[]): string {
  return template.replace(/%(\d+)/g, (whole, n: string) => {
    const v = args[Number(n) - 1];
    return v === undefined ? whole : String(v);
  });
}

export function isValidMessageId(id: string): boolean {
  return MESSAGE_ID.test(id);
}
