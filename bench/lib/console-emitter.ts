/**
 * The console side of `bench console-latency`, run as a child process (its own event loop, as an
 * emulator has): one console source printing `line N` every `INTERVAL_MS` (±50 % jitter), served
 * on a raw TCP console port (with its banner), a telnet port (ser2net telnet mode: it offers
 * echo and suppress-go-ahead first) and over SOL on an RMCP+ BMC (simulators/ipmi), plus a UDP
 * echo for the workload probe. Each line's write instant (CLOCK_MONOTONIC ms, process.hrtime: one clock for every process of the host) goes
 * to stdout as `N INSTANT`; the first stdout line is {"tcp","banner","telnet","ipmi","udp"}.
 * argv: USER PASSWORD (the BMC's one Administrator account). Ends when stdin closes.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { startConsoleServer } from '../../simulators/ft/console-server.ts';
import { GenericBmcBackend } from '../../simulators/ipmi/generic-backend.ts';
import { startIpmiServer } from '../../simulators/ipmi/server.ts';
import type { SolConsole } from '../../simulators/ipmi/sol-console.ts';

const INTERVAL_MS = 20;
const HOST = '127.0.0.1';
const [user = 'admin', password = ''] = process.argv.slice(2);
const readers = new Set<(text: string) => void>();
const attach = (out: (text: string) => void) => {
  readers.add(out);
  return { input: () => undefined, sendBreak: () => undefined, detach: () => void readers.delete(out) };
};
const sol: SolConsole = { attach: (out) => attach((text) => out(Buffer.from(text, 'utf8'))) };

class SolBackend extends GenericBmcBackend {
  readonly sol = sol;
}

const tcp = await startConsoleServer({ attach }, 'bench', HOST);
const telnet = net.createServer((c) => {
  c.write(Buffer.from([255, 251, 1, 255, 251, 3]));
  const reader = attach((text) => c.write(text));
  c.on('error', () => undefined);
  c.on('close', () => reader.detach());
});
await new Promise<void>((resolve) => telnet.listen(0, HOST, resolve));
const ipmi = await startIpmiServer({ host: HOST, port: 0, accounts: [{ user, password, role: 'Administrator' }], backend: new SolBackend() });
const echo = dgram.createSocket('udp4');
echo.on('message', (m, r) => echo.send(m, r.port, r.address));
await new Promise<void>((resolve) => echo.bind(0, HOST, resolve));
process.stdout.write(`${JSON.stringify({ tcp: tcp.port, banner: tcp.banner, telnet: (telnet.address() as net.AddressInfo).port, ipmi: ipmi.port, udp: echo.address().port })}\n`);

let n = 0;
const tick = (): void => {
  n += 1;
  const text = `line ${n}\r\n`;
  const at = Number(process.hrtime.bigint()) / 1e6;
  for (const r of readers) r(text);
  process.stdout.write(`${n} ${at.toFixed(3)}\n`);
  setTimeout(tick, INTERVAL_MS * (0.5 + Math.random()));
};
setTimeout(tick, INTERVAL_MS);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
