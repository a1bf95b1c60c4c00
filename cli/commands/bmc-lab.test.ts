/**
 * `ftlab bmc --lab`: the real CLI process against the embedded lab's BMCs (HTTPS with the run's
 * CA, and IPMI), endpoints and credentials taken from the lab.json the lab writes; --cluster over
 * an inventory whose cluster groups those BMCs as its servers.
 */
import test, { type ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedLab } from '../../harness/lab/embedded.ts';
import { FTLAB_BIN } from '../../harness/lab/emulator-process.ts';
import { silentLogger } from '../../lib/log.ts';

function ftlab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [FTLAB_BIN, 'bmc', ...args], { env: { PATH: process.env.PATH ?? '' }, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function startLab(t: ExecutionContext): Promise<{ lab: EmbeddedLab; labJson: string; fleet: string; password: string }> {
  const lab = await EmbeddedLab.start({ timeScale: 20, devices: [{ name: 'a', kind: 'ft' }, { name: 'b', kind: 'ft' }], log: silentLogger });
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-bmc-lab-'));
  t.teardown(async () => {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = lab.labFile() as { devices: Record<string, { kind: string }> };
  const labJson = path.join(dir, 'lab.json');
  writeFileSync(labJson, JSON.stringify(file));
  // The same BMCs seen as the servers of a cluster (a kind is what the inventory says a device is).
  const servers = Object.fromEntries(Object.entries(file.devices).map(([n, d]) => [n, { ...d, kind: 'server' }]));
  const fleet = path.join(dir, 'fleet.json');
  writeFileSync(fleet, JSON.stringify({ devices: servers, clusters: { c1: { servers: ['a', 'b'] } } }));
  return { lab, labJson, fleet, password: lab.inventory().devices[0]!.redfish!.password.value };
}

async function powerOf(labJson: string, device: string, via: string): Promise<string> {
  const r = await ftlab(['--lab', labJson, '--device', device, '--via', via, '--json', 'power', 'status']);
  if (r.code !== 0) throw new Error(`power status of ${device} via ${via}: exit ${r.code}: ${r.stdout}${r.stderr}`);
  return (JSON.parse(r.stdout) as { power: string }).power;
}

test('--lab --device: power status/off/on over Redfish (the lab CA trusted) and IPMI, each seen through the other protocol', async (t) => {
  const { lab, labJson, password } = await startLab(t);
  const status = await ftlab(['--lab', labJson, '--device', 'a', 'power', 'status']);
  t.is(status.code, 0, status.stderr);
  t.is(status.stdout.trim(), 'Power is on');
  const off = await ftlab(['--lab', labJson, '--device', 'a', '--via', 'ipmi', 'power', 'off']);
  t.is(off.code, 0, off.stderr);
  t.is(off.stdout.trim(), 'Power action ForceOff accepted');
  t.is(await powerOf(labJson, 'a', 'redfish'), 'Off', 'IPMI off is seen over Redfish');
  t.is(await powerOf(labJson, 'b', 'ipmi'), 'On', 'the other device is untouched');
  const on = await ftlab(['--lab', labJson, '--device', 'a', '--via', 'redfish', 'power', 'on']);
  t.is(on.code, 0, on.stderr);
  t.not(await powerOf(labJson, 'a', 'ipmi'), 'Off', 'Redfish on is seen over IPMI');
  t.is(lab.devices.length, 2);
  t.false((status.stdout + off.stdout + on.stdout + status.stderr + off.stderr + on.stderr).includes(password), 'the password is never printed');
});

test('--lab --cluster: every server of the cluster, one line (or JSON entry) each', async (t) => {
  const { fleet } = await startLab(t);
  const text = await ftlab(['--lab', fleet, '--cluster', 'c1', '--via', 'ipmi', 'power', 'status']);
  t.is(text.code, 0, text.stderr);
  t.deepEqual(text.stdout.trim().split('\n'), ['a: Power is on', 'b: Power is on']);
  const json = await ftlab(['--lab', fleet, '--cluster', 'c1', '--json', 'power', 'status']);
  t.is(json.code, 0, json.stderr);
  t.like(JSON.parse(json.stdout) as object, [
    { device: 'a', power: 'On' },
    { device: 'b', power: 'On' },
  ]);
});

test('--lab: usage errors name the device, the cluster or the option (exit 2), before any BMC is contacted', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-bmc-lab-bad-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'pw'), 'Secret-9x\n', { mode: 0o600 });
  const lab = path.join(dir, 'lab.yaml');
  writeFileSync(lab, 'devices:\n  s1:\n    kind: server\n    ipmi: { host: 127.0.0.1, port: 1, user: admin, passwordFile: pw }\n');
  const cases: Array<[string[], RegExp]> = [
    [['--device', 'zz'], /lab\.yaml: no device "zz" \(devices: s1\)/],
    [['--cluster', 'c9'], /lab\.yaml: no cluster "c9" \(clusters: none\)/],
    [['--device', 's1', '--via', 'redfish'], /device "s1" has no redfish endpoint \(it has: ipmi\)/],
    [['--device', 's1', '--via', 'ssh'], /--via expects ipmi or redfish, got "ssh"/],
    [['--device', 's1', '--user', 'root'], /--user does not go with --lab: the inventory gives the endpoint and the credentials/],
    [[], /--lab goes with exactly one of --device NAME or --cluster NAME/],
    [['--device', 's1', '--system', 'x'], /--system is for Redfish only/],
  ];
  for (const [args, message] of cases) {
    const r = await ftlab(['--lab', lab, ...args, 'power', 'status']);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message);
  }
  const noLab = await ftlab(['--device', 's1', 'power', 'status']);
  t.is(noLab.code, 2);
  t.regex(noLab.stderr, /--device, --cluster and --via go with --lab FILE/);
});
