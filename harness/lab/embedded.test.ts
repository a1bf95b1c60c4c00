import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/log.ts';
import { redactString } from '../../lib/redact.ts';
import { curl } from '../../lib/testing/curl.ts';
import { bindCapabilities, connectDevice } from '../devices/connect.ts';
import { discoverScenarios } from '../discovery.ts';
import { allowedBy } from '../glob.ts';
import { selectionNeedsCluster } from '../runner/plan.ts';
import { DEFAULT_CLUSTERS, DEFAULT_DEVICES, EmbeddedLab, LAB_DIR_OWNER_FILE, LAB_DIR_PREFIX, REPO_ROOT, removeStaleLabDirs } from './embedded.ts';
import { parseAnnouncement } from './emulator-process.ts';
import { CLUSTER_HOST_KIND, parseLabAnnouncement } from './lab-announcement.ts';

test('the embedded lab starts emulators as child processes, connects over Redfish (HTTPS, its own CA) and IPMI, and stops them', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 10, defects: ['slow-io-failover'], devices: [{ name: 'ftA', kind: 'ft', scenarios: ['x*'] }], log: silentLogger });
  t.teardown(() => lab.stop());
  const [dev] = lab.devices;
  t.regex(dev!.announcement.redfish, /^https:\/\/127\.0\.0\.1:\d+$/, 'HTTPS by default');
  const ca = dev!.announcement.ca ?? '';
  t.regex(readFileSync(ca, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  t.regex(dev!.announcement.ipmi ?? '', /^127\.0\.0\.1:\d+$/);
  t.is(dev!.announcement.timeScale, 10);
  t.deepEqual(dev!.announcement.defects, ['slow-io-failover'], '--defect reaches the emulator');
  t.is(statSync(lab.passwordFile).mode & 0o777, 0o600, 'the generated password is in a 0600 file');
  const inv = lab.inventory();
  t.is(redactString(`pw ${inv.devices[0]!.redfish!.password.value}`), 'pw ***', 'the generated password is a registered secret');

  const lf = lab.labFile() as { devices: Record<string, { redfish: Record<string, unknown>; ipmi: Record<string, unknown>; scenarios: string[] }> };
  t.deepEqual(Object.keys(lf.devices), ['ftA']);
  t.is(lf.devices.ftA!.redfish.passwordFile, lab.passwordFile);
  t.false(JSON.stringify(lf).includes(inv.devices[0]!.redfish!.password.value), 'lab.json holds a file reference, not the password');
  t.deepEqual(lf.devices.ftA!.scenarios, ['x*']);
  t.is(lf.devices.ftA!.redfish.ca, ca, 'lab.json trusts the announced CA');
  t.is(inv.devices[0]!.redfish!.ca, ca);
  t.false(inv.devices[0]!.redfish!.insecure, 'verification stays on');

  const bound = await connectDevice({ ...inv.devices[0]!, use: { PowerControl: 'ipmi' } }, { clock: systemClock, log: silentLogger });
  t.teardown(() => bound.close());
  t.is(bound.unavailable, undefined);
  t.is(bound.timeScale, 10, 'the time scale the BMC advertises');
  t.is(bound.protocols.PowerControl, 'ipmi');
  t.is(bound.protocols.FtState, 'redfish');
  t.is(await bound.caps.PowerControl!.state(), 'On');
  t.deepEqual((await bound.caps.FtState!.snapshot()).activeModules, [0, 1]);

  const pid = dev!.process.pid;
  await lab.stop();
  t.not(pid, undefined);
  t.throws(() => process.kill(pid as number, 0), { code: 'ESRCH' }, 'the emulator process is gone');
  t.false(existsSync(path.dirname(ca)), 'the per-run certificate folder is removed with the lab');
});

test('HTTPS by default: without the announced CA the harness refuses the BMC (verification on); tls: false serves HTTP', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 10, devices: [{ name: 'ftT', kind: 'ft' }], log: silentLogger, ipmi: false });
  t.teardown(() => lab.stop());
  const cfg = lab.inventory().devices[0]!;
  const { ca: _ca, ...untrusted } = cfg.redfish!;
  const bound = await connectDevice({ ...cfg, redfish: untrusted }, { clock: systemClock, log: silentLogger });
  t.regex(bound.unavailable ?? '', /TLS certificate not accepted/);
  const plain = await EmbeddedLab.start({ timeScale: 10, devices: [{ name: 'ftP', kind: 'ft' }], log: silentLogger, ipmi: false, tls: false });
  t.teardown(() => plain.stop());
  t.regex(plain.devices[0]!.announcement.redfish, /^http:\/\//);
  t.is(plain.devices[0]!.announcement.ca, undefined);
  t.is(plain.inventory().devices[0]!.redfish!.ca, undefined);
});

test('a device that refuses the credentials is unavailable, with the reason', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 10, devices: [{ name: 'ftB', kind: 'ft' }], log: silentLogger, ipmi: false });
  t.teardown(() => lab.stop());
  const cfg = lab.inventory().devices[0]!;
  const bound = await connectDevice({ ...cfg, redfish: { ...cfg.redfish!, password: { value: 'wrong-password', source: 'test' } } }, { clock: systemClock, log: silentLogger });
  t.regex(bound.unavailable ?? '', /401|credentials|auth/i);
  t.deepEqual(bound.caps, {});
});

test('binding: use.X wins, else the first protocol that provides it; a use.X its protocol lacks is unmet', (t) => {
  const pc = (name: string) => ({ kind: 'PowerControl' as const, name, state: async () => 'On' as const, request: async () => undefined });
  const r = bindCapabilities({ use: { PowerControl: 'ipmi', SensorReader: 'ipmi' } }, {
    redfish: { PowerControl: pc('rf'), FtState: { kind: 'FtState', snapshot: async () => { throw new Error('unused'); } } },
    ipmi: { PowerControl: pc('ipmi') },
  });
  t.is((r.caps.PowerControl as unknown as { name: string }).name, 'ipmi');
  t.deepEqual(r.protocols, { PowerControl: 'ipmi', FtState: 'redfish' });
  t.regex(r.unmet.SensorReader ?? '', /use\.SensorReader is ipmi, but ipmi does not provide it/);
  const d = bindCapabilities({ use: {} }, { redfish: { PowerControl: pc('rf') }, ipmi: { PowerControl: pc('ipmi') } });
  t.is((d.caps.PowerControl as unknown as { name: string }).name, 'rf');
});

test('the announcement line is parsed strictly', (t) => {
  t.like(parseAnnouncement('{"kind":"ft","redfish":"http://127.0.0.1:1","ipmi":"127.0.0.1:2","timeScale":5,"defects":["x"]}'), { redfish: 'http://127.0.0.1:1', timeScale: 5, defects: ['x'] });
  t.throws(() => parseAnnouncement('listening on 1234'), { message: /first line is not JSON/ });
  t.throws(() => parseAnnouncement('{"kind":"ft"}'), { message: /lacks "kind"\/"redfish"/ });
  t.like(parseAnnouncement('{"kind":"ft","redfish":"https://127.0.0.1:1","ca":"/tmp/x/ca.pem"}'), { redfish: 'https://127.0.0.1:1', ca: '/tmp/x/ca.pem' });
  t.throws(() => parseAnnouncement('{"kind":"ft","redfish":"https://127.0.0.1:1"}'), { message: /serves HTTPS but announced no "ca"/ });
});

test('the default lab is one lab-host process: ft0, ft2 and ft1 on their own endpoints, their profiles and filters', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 10, log: silentLogger });
  t.teardown(() => lab.stop());
  t.deepEqual(lab.devices.map((d) => d.spec.name), ['ft0', 'ft2', 'ft1']);
  t.is(new Set(lab.devices.map((d) => d.process.pid)).size, 1, 'one process');
  t.deepEqual(lab.hosts, [lab.devices[0]?.process]);
  t.not(lab.devices[0]?.announcement.redfish, lab.devices[1]?.announcement.redfish);
  const inv = lab.inventory();
  t.deepEqual(inv.devices.map((d) => [d.name, d.kind, d.tags]), [['ft0', 'ft', []], ['ft2', 'ft', []], ['ft1', 'ft', ['hypervisor']]]);
  t.deepEqual(inv.devices.map((d) => d.scenarios), DEFAULT_DEVICES.map((d) => d.scenarios));
  const profiles = await Promise.all(
    inv.devices.map(async (d) => {
      const r = await curl(['--fail', '--cacert', d.redfish?.ca ?? '', `${d.redfish?.url ?? ''}/redfish/v1`]);
      if (r.code !== 0) throw new Error(`curl ${d.redfish?.url ?? ''}: ${r.stderr}`);
      return (JSON.parse(r.stdout) as { Oem: { FtLab: { Profile: string } } }).Oem.FtLab.Profile;
    }),
  );
  t.deepEqual(profiles, ['ft-default', 'ft-default', 'ft-hypervisor']);
});

test('the default lab runs every shipped scenario on exactly one of its ft devices or clusters', async (t) => {
  const defs = (await discoverScenarios(path.join(REPO_ROOT, 'scenarios'))).map((s) => s.def);
  for (const def of defs) {
    const needsCluster = selectionNeedsCluster([def]);
    const takers = (needsCluster ? DEFAULT_CLUSTERS : DEFAULT_DEVICES).filter((d) => allowedBy(def.id, d.scenarios));
    t.is(takers.length, 1, `${def.id}: runs on ${takers.map((d) => d.name).join(', ') || 'nothing'}`);
  }
  t.true(defs.length > 25);
});

test('the lab-host announcement is parsed strictly', (t) => {
  const ok = parseLabAnnouncement('{"lab":{"timeScale":10,"defects":["x"]},"devices":[{"name":"a","kind":"ft","redfish":"http://127.0.0.1:1","ipmi":"127.0.0.1:2"}]}');
  t.like(ok, { timeScale: 10, defects: ['x'] });
  t.like(ok.devices[0], { name: 'a', kind: 'ft', redfish: 'http://127.0.0.1:1', ipmi: '127.0.0.1:2' });
  t.throws(() => parseLabAnnouncement('{"kind":"ft","redfish":"http://127.0.0.1:1"}'), { message: /lacks "lab"\/"devices"/ });
  t.throws(() => parseLabAnnouncement('{"lab":{},"devices":[{"kind":"ft","redfish":"x"}]}'), { message: /devices\[0\] lacks "name"/ });
  t.throws(() => parseLabAnnouncement('{"lab":{},"devices":[{"name":"a"}]}'), { message: /lacks "kind"\/"redfish"/ });
});

test('a device the lab host refuses is a ConfigError naming the device and the expectation', async (t) => {
  await t.throwsAsync(EmbeddedLab.start({ timeScale: 10, devices: [{ name: 'ftX', kind: 'ft', defects: ['no-such-defect'] }], log: silentLogger, ipmi: false }), {
    instanceOf: ConfigError,
    message: /^the embedded lab: devices\.ftX\.defects: unknown defect "no-such-defect"; expected one of: /,
  });
});

test('private lab folders of ftlab processes that no longer run are removed; those of live ones, and folders being made, are kept', async (t) => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ftlab-stale-test-'));
  t.teardown(() => rmSync(tmp, { recursive: true, force: true }));
  // A pid that surely belonged to a process that has exited: a child we started and saw exit.
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const deadPid = child.pid;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.not(deadPid, undefined);
  const make = (name: string, owner: number | null): string => {
    const dir = path.join(tmp, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'bmc-password'), 'secret\n', { mode: 0o600 });
    if (owner !== null) writeFileSync(path.join(dir, LAB_DIR_OWNER_FILE), `${owner}\n`);
    return dir;
  };
  const dead = make(`${LAB_DIR_PREFIX}dead`, deadPid as number);
  const live = make(`${LAB_DIR_PREFIX}live`, process.pid);
  const unowned = make(`${LAB_DIR_PREFIX}new`, null);
  const other = make('not-ftlab-dead', deadPid as number);
  t.deepEqual(removeStaleLabDirs(tmp), [dead]);
  t.false(existsSync(dead), 'the folder of the dead pid is gone');
  t.true(existsSync(live), 'the folder of a live pid is kept');
  t.true(existsSync(unowned), 'a folder without an owner file is kept');
  t.true(existsSync(other), 'folders without the prefix are not touched');
});

test('the lab marks its private folder with its pid; the lab process exiting during the run aborts lab.lost naming it and its devices', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 10, devices: [{ name: 'ftK', kind: 'ft' }], log: silentLogger, ipmi: false });
  t.teardown(() => lab.stop());
  const dir = path.dirname(lab.passwordFile);
  t.true(path.basename(dir).startsWith(LAB_DIR_PREFIX));
  t.is(readFileSync(path.join(dir, LAB_DIR_OWNER_FILE), 'utf8').trim(), String(process.pid));
  t.false(lab.lost.aborted);
  const pid = lab.hosts[0]?.pid as number;
  process.kill(pid, 'SIGKILL');
  await Promise.race([
    new Promise<void>((resolve) => lab.lost.addEventListener('abort', () => resolve(), { once: true })),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('lab.lost was not aborted within 30 s')), 30_000)),
  ]);
  t.regex(String((lab.lost.reason as Error).message), new RegExp(`emulator process exited during the run \\(pid ${pid}, killed by SIGKILL\\): devices ftK \\(https://127\\.0\\.0\\.1:\\d+\\) stopped answering`));
  // the killed host could not remove its certificate folder: marked with its pid, the next lab removes it
  const certDir = path.dirname(lab.devices[0]!.announcement.ca ?? '');
  t.is(readFileSync(path.join(certDir, LAB_DIR_OWNER_FILE), 'utf8').trim(), String(pid));
  t.true(removeStaleLabDirs().includes(certDir));
  t.false(existsSync(certDir));
});

test('stopping the lab is not a loss', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 10, devices: [{ name: 'ftS', kind: 'ft' }], log: silentLogger, ipmi: false });
  await lab.stop();
  t.false(lab.lost.aborted);
  t.false(existsSync(path.dirname(lab.passwordFile)), 'the private folder is removed');
});

test('a cluster gets a lab host of its own: its fleet never shares an event loop with the ft devices, and its loss names only it', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 10, devices: [{ name: 'ftH', kind: 'ft' }, { name: 'clH', kind: CLUSTER_HOST_KIND, manager: false }], log: silentLogger, ipmi: false });
  t.teardown(() => lab.stop());
  t.is(lab.hosts.length, 2);
  t.is(lab.devices[0]?.process, lab.hosts[0]);
  t.is(lab.clusters[0]?.process, lab.hosts[1]);
  t.not(lab.hosts[0]?.pid, lab.hosts[1]?.pid);
  const exited = lab.anyHostExited();
  process.kill(lab.hosts[1]?.pid as number, 'SIGKILL');
  await new Promise<void>((resolve) => lab.lost.addEventListener('abort', () => resolve(), { once: true }));
  const message = String((lab.lost.reason as Error).message);
  t.regex(message, /devices cluster clH \(\d+ devices\) stopped answering$/);
  t.false(message.includes('ftH'), message);
  t.regex(await exited, /^cluster clH/);
});
