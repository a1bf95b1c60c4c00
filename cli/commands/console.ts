/**
 * `ftlab console TARGET [--lab FILE] [--sol] [--write] [--baud N]`: attach to a device's console
 * for a person debugging a lab — over TCP, a serial port or IPMI SOL, as the inventory says (or
 * SOL on the device's IPMI endpoint with --sol). What it prints goes to stdout as it arrives;
 * read-only unless --write (then keystrokes are typed on it). Ctrl-] detaches (exit 0); SIGINT,
 * SIGTERM and SIGHUP (a closed terminal) detach as cleanly (SOL deactivated, its session closed,
 * so the next attach is not refused as busy), exit 128 + the signal's number; the far
 * end closing ends it (exit 0, said on stderr); a console that cannot be reached or goes away
 * (SOL lost or taken by another session) is exit 3.
 */
import { consoleEndpoint, openLink, type ConsoleTarget } from '../../drivers/serial/open.ts';
import { numberOption, parseCli, UsageError } from '../../lib/cli-args.ts';
import { consoleTarget } from './console-target.ts';

export const USAGE = `usage: ftlab console TARGET [options]

  TARGET                 an inventory device (with --lab), tcp://HOST:PORT, telnet://HOST:PORT or a serial port path
  --lab FILE             the inventory (lab.yaml, or the lab.json "ftlab lab up" writes)
  --sol                  IPMI Serial-over-LAN on the device's ipmi endpoint (whatever its console: says)
  --write                type on the console (default: read-only; keystrokes other than Ctrl-] are ignored)
  --baud N               baud rate of a serial port named directly (default 115200)

Ctrl-] detaches. Exit: 0 detached or the far end closed, 2 usage, 3 the console could not be reached or went away,
129/130/143 detached on SIGHUP/SIGINT/SIGTERM.`;

const CTRL_RIGHT_BRACKET = 0x1d;

/** Signals that detach (a closed terminal, Ctrl-C outside raw mode, a supervisor), with their exit codes. */
const DETACH_SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    { lab: { type: 'string' }, sol: { type: 'boolean' }, write: { type: 'boolean' }, baud: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    { positionals: true, usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one TARGET\n\n${USAGE}`);
  const target = consoleTarget(positionals[0] ?? '', { lab: values.lab, sol: values.sol ?? false, baudRate: numberOption('baud', values.baud, 115200, { min: 50, integer: true }) });
  return attach(target, values.write ?? false);
}

async function attach(target: ConsoleTarget, writable: boolean): Promise<number> {
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const link = await openLink(target, {
    onData: (d) => process.stdout.write(d),
    onEnd: (err) => {
      process.stderr.write(`\r\nftlab console: ${err ? err.message : `${consoleEndpoint(target)} closed the connection`}\n`);
      finish(err ? 3 : 0);
    },
  });
  // Before it says it is attached: a signal sent on that line must detach, not kill (SOL left busy).
  const onSignal = (signal: NodeJS.Signals): void => finish(DETACH_SIGNALS[signal as keyof typeof DETACH_SIGNALS]);
  for (const signal of Object.keys(DETACH_SIGNALS)) process.on(signal, onSignal);
  process.stderr.write(`ftlab console: attached to ${link.endpoint}${writable ? '' : ' (read-only)'}; Ctrl-] detaches\r\n`);
  const stdin = process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  const onKeys = (d: Buffer): void => {
    const cut = d.indexOf(CTRL_RIGHT_BRACKET);
    const keys = cut < 0 ? d : d.subarray(0, cut);
    if (writable && keys.length) void link.write(keys).catch(() => undefined);
    if (cut >= 0) finish(0);
  };
  stdin.on('data', onKeys);
  const code = await done;
  for (const signal of Object.keys(DETACH_SIGNALS)) process.off(signal, onSignal);
  stdin.off('data', onKeys);
  if (stdin.isTTY) stdin.setRawMode(false);
  stdin.pause();
  await link.close();
  return code;
}
