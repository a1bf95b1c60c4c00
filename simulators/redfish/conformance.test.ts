/** What DMTF's validators check of the service's payloads (issue 9 item 1), over real HTTP. */
import test from 'ava';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockupService } from './mockup.ts';
import { basic, call } from './testing/client.ts';
import { ADMIN, fakeClock, startLab } from './testing/fixture.ts';
import type { MessageRegistry } from './registries.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, 'testing', 'mini-rackmount');

const oemRegistry: MessageRegistry = {
  Id: 'Oem.1.0.0',
  Name: 'Oem Registry',
  Language: 'en',
  RegistryPrefix: 'Oem',
  RegistryVersion: '1.0.0',
  OwningEntity: 'ftlab',
  Messages: { Thing: { Message: 'Thing %1 happened.', MessageSeverity: 'OK', NumberOfArgs: 1, ParamTypes: ['string'], Resolution: 'None.' } },
};

test('every registry message has a Description, even when the registry object has none', async (t) => {
  const { url } = await startLab(t, { oemRegistries: [oemRegistry] });
  const reg = (await call(url, 'GET', '/redfish/v1/Registries/Oem.1.0.0/Registry', { headers: ADMIN })).json();
  const thing = (reg.Messages as Record<string, Record<string, unknown>>).Thing;
  t.is(typeof thing?.Description, 'string');
  t.true(String(thing?.Description).length > 0);
  const base = (await call(url, 'GET', '/redfish/v1/Registries/Base.1.22.1/Registry', { headers: ADMIN })).json();
  for (const m of Object.values(base.Messages as Record<string, Record<string, unknown>>)) t.is(typeof m.Description, 'string');
});

test('the service root links the TaskService as Tasks; accounts have AccountTypes', async (t) => {
  const { url } = await startLab(t);
  const root = (await call(url, 'GET', '/redfish/v1')).json();
  t.deepEqual(root.Tasks, { '@odata.id': '/redfish/v1/TaskService' });
  t.false('TaskService' in root);
  const acc = (await call(url, 'GET', '/redfish/v1/AccountService/Accounts/1', { headers: ADMIN })).json();
  t.deepEqual(acc.AccountTypes, ['Redfish']);
});

test('$metadata references every schema namespace the service uses', async (t) => {
  const { url } = await startLab(t);
  const xml = (await call(url, 'GET', '/redfish/v1/$metadata')).text;
  for (const ns of ['ServiceRoot', 'ServiceRoot.v1_17_0', 'ComputerSystem', 'ComputerSystem.v1_20_0', 'ComputerSystemCollection', 'AccountService', 'ManagerAccount', 'TaskService', 'MessageRegistry', 'Message', 'RedfishExtensions.v1_0_0']) {
    t.true(xml.includes(`Namespace="${ns}"`), ns);
  }
  t.true(xml.includes('http://redfish.dmtf.org/schemas/v1/ComputerSystem_v1.xml'));
});

function copyFixture(t: import('ava').ExecutionContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mockup-conf-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

async function startMockup(t: import('ava').ExecutionContext, dir: string): Promise<string> {
  const m = new MockupService({ dir, clock: fakeClock(), accounts: [{ user: 'admin', password: 'mock-pw-1', role: 'Administrator' }] });
  const h = await m.service.listen();
  t.teardown(() => m.close());
  return h.url;
}

test('mockup mode: no @Redfish.Copyright, odata served publicly without an empty @odata.type, the mockup own $metadata', async (t) => {
  const dir = copyFixture(t);
  const v1 = path.join(dir, 'redfish', 'v1');
  const sysFile = path.join(v1, 'Systems', 'rack1', 'index.json');
  const sys = JSON.parse(readFileSync(sysFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(sysFile, JSON.stringify({ '@Redfish.Copyright': 'Copyright 2014-2024 DMTF.', ...sys }));
  mkdirSync(path.join(v1, 'odata'));
  writeFileSync(path.join(v1, 'odata', 'index.json'), JSON.stringify({ '@odata.context': '/redfish/v1/$metadata', value: [] }));
  mkdirSync(path.join(v1, '$metadata'));
  const ownXml = '<?xml version="1.0" encoding="UTF-8"?>\n<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><!-- mockup own --></edmx:Edmx>\n';
  writeFileSync(path.join(v1, '$metadata', 'index.xml'), ownXml);
  const url = await startMockup(t, dir);

  const auth = basic('admin', 'mock-pw-1');
  const got = await call(url, 'GET', '/redfish/v1/Systems/rack1', { headers: auth });
  t.is(got.status, 200);
  t.false(got.text.includes('@Redfish.Copyright'));
  const odata = await call(url, 'GET', '/redfish/v1/odata');
  t.is(odata.status, 200);
  const body = odata.json();
  t.false('@odata.type' in body);
  t.true(Array.isArray(body.value) && (body.value as unknown[]).length > 0);
  const meta = await call(url, 'GET', '/redfish/v1/$metadata');
  t.is(meta.status, 200);
  t.is(meta.text, ownXml);
});

test('mockup mode without its own $metadata gets the generated one', async (t) => {
  const url = await startMockup(t, copyFixture(t));
  const meta = await call(url, 'GET', '/redfish/v1/$metadata');
  t.true(meta.text.includes('Namespace="ComputerSystem"'));
});
