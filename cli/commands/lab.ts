import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkDefectNames } from '../../harness/config/emulator-defects.ts';
import { loadEmbeddedLabConfig } from '../../harness/lab/config.ts';
import { DEFAULT_CLUSTERS, DEFAULT_DEVICES, DEFAULT_TIME_SCALE, EmbeddedLab } from '../../harness/lab/embedded.ts';
import type { FtAnnouncement } from '../../harness/lab/emulator-process.ts';
import { ConfigError } from '../../lib/errors.ts';
import { createLogger } from '../../lib/log.ts';
import { logLevelOption, numberOption, parseCli, UsageError } from '../../lib/cli-args.ts';

const USAGE = `usage: ftlab lab up [--config FILE] [--time-scale N] [--defect NAME]... [--lab-file FILE] [--no-cluster] [--no-tls] [--log-level LEVEL]

Starts the embedded lab on 127.0.0.1 (lab-host processes: the ft devices on one lab clock, each cluster on its own) and keeps it running until Ctrl-C: prints each device's
endpoints and writes them to lab.json (an inventory: use it with "ftlab run --lab lab.json" or "ftlab bmc --lab lab.json --device NAME").
--config FILE describes the devices (default: ft0 and ft2 default profile, ft1 hypervisor profile, and cluster1
and cluster2, the default SAN-boot cluster twice, cluster2's members named c2-...: their servers, switches and
arrays are devices of lab.json, grouped under "clusters"; a cluster's memberPrefix makes such a copy).
--no-cluster leaves the clusters out.
Redfish is served over HTTPS with a CA made for this run; lab.json names its certificate as each
device's "ca" (e.g. curl --cacert CA). --no-tls serves plain HTTP.`;

const OPTIONS = {
  config: { type: 'string' },
  'time-scale': { type: 'string' },
  defect: { type: 'string', multiple: true },
  'lab-file': { type: 'string' },
  'no-cluster': { type: 'boolean' },
  'no-tls': { type: 'boolean' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (sub !== 'up') throw new UsageError(`expected "lab up"${sub ? `, got "lab ${sub}"` : ''}\n\n${USAGE}`);
  const { values } = parseCli(rest, OPTIONS, { usage: USAGE });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logLevel = logLevelOption(values['log-level'], 'info');
  const config = values.config !== undefined ? loadEmbeddedLabConfig(values.config) : null;
  const timeScale = numberOption('time-scale', values['time-scale'], config?.timeScale ?? DEFAULT_TIME_SCALE, { min: 0.001 });
  const labFile = path.resolve(values['lab-file'] ?? 'lab.json');
  // Checked before the lab starts: a lab-file that cannot be written must not leave a lab running.
  checkWritableFile(labFile, `--lab-file ${values['lab-file'] ?? 'lab.json'}`);
  checkDefectNames(values.defect ?? []);
  if (values.config !== undefined) checkDefectNames(config?.defects ?? [], `${values.config}: defects:`);
  if (config && values['no-cluster']) throw new UsageError('--no-cluster applies to the default lab; with --config, leave the cluster out of the file');
  const lab = await EmbeddedLab.start({
    timeScale,
    defects: [...(config?.defects ?? []), ...(values.defect ?? [])],
    devices: config?.devices ?? [...DEFAULT_DEVICES, ...(values['no-cluster'] ? [] : DEFAULT_CLUSTERS)],
    ...(values['no-tls'] ? { tls: false } : {}),
    log: createLogger({ level: logLevel }),
  });
  await serve(lab, labFile);
  return 0;
}

/** Write lab.json, print the lab, and keep it up until Ctrl-C/SIGTERM or until the lab host exits; then stop it. */
async function serve(lab: EmbeddedLab, labFile: string): Promise<void> {
  let stopping = false;
  try {
    writeFileSync(labFile, `${JSON.stringify(lab.labFile(), null, 2)}\n`, { mode: 0o644 });
    process.stdout.write(describeLab(lab));
    process.stdout.write(`user admin, password in ${lab.passwordFile}\nwrote ${labFile} (time scale ${lab.timeScale}); Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      const done = (): void => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
      // A lab host dying takes the lab down with it.
      void lab.anyHostExited().then((names) => {
        if (stopping) return;
        process.stderr.write(`ftlab lab: a lab host (${names}) exited\n`);
        resolve();
      });
    });
  } finally {
    stopping = true;
    await lab.stop();
  }
}

function deviceLine(name: string, kind: string, a: FtAnnouncement & { fabric?: string }): string {
  const parts = [
    `${name}  kind ${kind}${a.fabric ? `  fabric ${a.fabric}` : ''}  redfish ${a.redfish}`,
    a.ca ? `ca ${a.ca}` : '',
    a.ipmi ? `ipmi ${a.ipmi}` : '',
    a.workload ? `workload udp ${a.workload.udp} tcp ${a.workload.tcp}` : '',
    a.console ? `console tcp://${a.console.host}:${a.console.tcp}` : '',
    a.defects.length ? `defects ${a.defects.join(',')}` : '',
  ];
  return `${parts.filter(Boolean).join('  ')}\n`;
}

/** One line per device; per cluster, a line, its members indented, then its businesses. */
function describeLab(lab: EmbeddedLab): string {
  let out = lab.devices.map((d) => deviceLine(d.spec.name, d.spec.kind, d.announcement)).join('');
  for (const c of lab.clusters) {
    const a = c.announcement;
    out += `${c.spec.name}  kind cluster  ${a.members.length} devices  ${a.businesses.length} businesses${a.defects.length ? `  defects ${a.defects.join(',')}` : ''}${a.truth ? `  truth ${a.truth}` : ''}\n`;
    out += a.members.map((m) => `  ${deviceLine(m.name, m.kind, { ...m, defects: [] })}`).join('');
    out += a.businesses.map((b) => `  business ${b.name}  priority ${b.priority}${b.volume ? `  volume ${b.volume}` : ''}  udp ${b.host}:${b.udp}  tcp ${b.host}:${b.tcp}\n`).join('');
  }
  return out;
}

/** ConfigError unless `file` can be written: its directory exists and it is not a directory itself. */
function checkWritableFile(file: string, where: string): void {
  let dirOk = false;
  try {
    dirOk = statSync(path.dirname(file)).isDirectory();
  } catch {
    dirOk = false;
  }
  if (!dirOk) throw new ConfigError(where, `expected a file in an existing directory (${path.dirname(file)} is not one)`);
  try {
    if (statSync(file).isDirectory()) throw new ConfigError(where, 'expected a file, not a directory');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // It does not exist yet: it will be created.
  }
}
