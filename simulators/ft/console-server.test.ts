/**
 * The ft server's console over its TCP port, read by the harness's own console driver: what the
 * OS prints at an isolation, an IO failover, each resync phase and a crash, stamped with uptime.
 */
import test from 'ava';
import { SerialConsole } from '../../drivers/serial/console.ts';
import { openTcpConsole } from '../../drivers/serial/tcp-link.ts';
import { InfraError } from '../../lib/errors.ts';
import { startFtServer } from './server.ts';

const STAMPED = String.raw`^\[\s*\d+\.\d{6}\] `;

test('the console prints isolation, the resync phases and the bonding failover as they happen', async (t) => {
  const server = await startFtServer({ port: 0, timeScale: 50 });
  t.teardown(() => server.close());
  t.deepEqual(server.banner().console, { host: '127.0.0.1', tcp: server.console.tcp, banner: '[ftlab console of ft: attached]' });
  const con = await SerialConsole.open((h) => openTcpConsole({ host: server.console.host, port: server.console.tcp }, h));
  t.teardown(() => con.close());
  server.model.injectError(1, 'Cpu', 'Transient');
  const isolated = await con.waitFor(new RegExp(`${STAMPED}ftsrv: module 1 Cpu subsystem isolated \\(transient error\\)`), 30_000, { since: 0 });
  t.regex(isolated.line.text, /isolated/);
  for (const phase of [/resync of module 1 started/, /resync brownout pass 1: copied \d+ MiB, \d+(\.\d+)? MiB dirty/, /resync blackout: pausing to copy/, /resync blackout done in \d+\.\d ms/, /module 1 back in lockstep, system duplex/]) {
    await con.waitFor(phase, 60_000, { since: 0 });
  }
  const order = con.linesSince(0).map((l) => l.text.replace(/^\[[^\]]*\] /, ''));
  const idx = (re: RegExp): number => order.findIndex((l) => re.test(l));
  t.true(idx(/isolated/) < idx(/resync of module 1 started/) && idx(/blackout: pausing/) < idx(/blackout done/) && idx(/blackout done/) < idx(/back in lockstep/), order.join('\n'));
  server.model.setLink('M0-NIC0', false);
  await con.waitFor(/bonding: bond0: link status definitely down for interface M0-NIC0, disabling it/, 30_000, { since: 0 });
  await con.waitFor(/bonding: bond0: making interface M1-NIC0 the new active one/, 30_000, { since: 0 });
});

test('a crash prints the panic; the console closing on shutdown ends a wait with an InfraError', async (t) => {
  const server = await startFtServer({ port: 0, timeScale: 50 });
  const con = await SerialConsole.open((h) => openTcpConsole({ host: server.console.host, port: server.console.tcp }, h));
  t.teardown(() => con.close());
  server.model.injectError(0, 'Cpu', 'Permanent');
  server.model.injectError(1, 'Cpu', 'Permanent');
  await con.waitFor(/Kernel panic - not syncing: /, 30_000, { since: 0 });
  const waiting = con.waitFor('never printed', 30_000);
  await server.close();
  await t.throwsAsync(waiting, { instanceOf: InfraError, message: /closed by the far end/ });
});
