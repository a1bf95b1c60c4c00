import { sendJson } from './http-io.ts';
import { PROTOCOL_FEATURES } from './query.ts';
import type { RedfishService } from './service.ts';
import type { JsonObject } from './types.ts';

/** Services the core always provides, linked from the service root by these names. */
const CORE_LINKS: Record<string, string> = {
  SessionService: '/redfish/v1/SessionService',
  AccountService: '/redfish/v1/AccountService',
  EventService: '/redfish/v1/EventService',
  // The ServiceRoot schema names the TaskService link `Tasks`.
  Tasks: '/redfish/v1/TaskService',
  Registries: '/redfish/v1/Registries',
};

/** `/redfish`, `/redfish/v1` (unauthenticated), `/redfish/v1/odata`, `/redfish/v1/$metadata`. */
export function registerRoot(svc: RedfishService): void {
  svc.route('/redfish', {
    methods: ['GET', 'HEAD'],
    public: true,
    handler: (_req, res, ctx) => sendJson(res, 200, JSON.stringify({ v1: '/redfish/v1/' }), { 'OData-Version': '4.0' }, ctx.method === 'HEAD'),
  });

  const topLevel = (): Record<string, string> => {
    const links: Record<string, string> = { ...CORE_LINKS };
    for (const p of svc.router.children('/redfish/v1')) {
      const name = p.slice('/redfish/v1/'.length);
      if (name !== 'odata' && name !== '$metadata' && name !== 'TaskService') links[name] = p;
    }
    return links;
  };

  svc.resource('/redfish/v1', {
    type: '#ServiceRoot.v1_17_0.ServiceRoot',
    public: true,
    get: () => {
      const body: JsonObject = {
        Id: 'RootService',
        Name: 'Root Service',
        RedfishVersion: svc.redfishVersion,
        UUID: svc.uuid,
        Product: svc.product,
        Vendor: svc.vendor,
        ProtocolFeaturesSupported: PROTOCOL_FEATURES,
      };
      for (const [name, path] of Object.entries(topLevel())) body[name] = { '@odata.id': path };
      body.Links = { Sessions: { '@odata.id': '/redfish/v1/SessionService/Sessions' } };
      return svc.serviceRootExtras ? { ...body, ...svc.serviceRootExtras() } : body;
    },
  });

  svc.route('/redfish/v1/odata', {
    methods: ['GET', 'HEAD'],
    public: true,
    handler: (_req, res, ctx) => {
      const value = Object.entries(topLevel()).map(([name, url]) => ({ name, kind: 'Singleton', url }));
      value.unshift({ name: 'Service', kind: 'Singleton', url: '/redfish/v1/' });
      sendJson(res, 200, JSON.stringify({ '@odata.context': '/redfish/v1/$metadata', value }), { 'OData-Version': '4.0' }, ctx.method === 'HEAD');
    },
  });

  svc.route('/redfish/v1/$metadata', {
    methods: ['GET', 'HEAD'],
    public: true,
    handler: (_req, res, ctx) => {
      const xml = metadataXml(svc);
      const body = Buffer.from(xml);
      res.writeHead(200, { 'Content-Type': 'application/xml;charset=utf-8', 'Content-Length': String(body.length), 'OData-Version': '4.0' });
      res.end(ctx.method === 'HEAD' ? undefined : body);
    },
  });
}

/** `#ComputerSystem.v1_20_0.ComputerSystem` → ['ComputerSystem', 'ComputerSystem.v1_20_0']; collections have no version. */
function namespacesOf(odataType: string): [string, string | undefined] | undefined {
  const m = /^#([A-Za-z0-9]+)(?:\.(v\d+_\d+_\d+))?\.[A-Za-z0-9]+$/.exec(odataType);
  if (!m?.[1]) return undefined;
  return [m[1], m[2] ? `${m[1]}.${m[2]}` : undefined];
}

/**
 * The CSDL document: one `edmx:Reference` per schema namespace the service's resources use (the
 * resources' own `@odata.type`s plus what the core puts into bodies: Message, RedfishExtensions).
 */
export function metadataXml(svc: RedfishService): string {
  const versions = new Map<string, Set<string>>();
  const use = (t: unknown): void => {
    if (typeof t !== 'string') return;
    const ns = namespacesOf(t);
    if (!ns) return;
    const set = versions.get(ns[0]) ?? new Set<string>();
    if (ns[1]) set.add(ns[1]);
    versions.set(ns[0], set);
  };
  for (const e of svc.router.entries.values()) {
    if (e.type) {
      use(e.type);
      continue;
    }
    try {
      use(e.get(undefined)['@odata.type']);
    } catch {
      /* a projection that needs a caller: its type is not known here */
    }
  }
  use('#Message.v1_1_1.Message');
  use('#Event.v1_7_0.Event');
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">'];
  for (const ns of [...versions.keys()].sort()) {
    lines.push(`  <edmx:Reference Uri="http://redfish.dmtf.org/schemas/v1/${ns}_v1.xml">`, `    <edmx:Include Namespace="${ns}"/>`);
    for (const v of [...(versions.get(ns) ?? [])].sort()) lines.push(`    <edmx:Include Namespace="${v}"/>`);
    lines.push('  </edmx:Reference>');
  }
  lines.push(
    '  <edmx:Reference Uri="http://redfish.dmtf.org/schemas/v1/RedfishExtensions_v1.xml">',
    '    <edmx:Include Namespace="RedfishExtensions.v1_0_0" Alias="Redfish"/>',
    '  </edmx:Reference>',
    '  <edmx:DataServices>',
    '    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="Service">',
    '      <EntityContainer Name="Service" Extends="ServiceRoot.v1_17_0.ServiceContainer"/>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  );
  return lines.join('\n');
}
