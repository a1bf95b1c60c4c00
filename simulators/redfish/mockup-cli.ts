import { readFileSync } from 'node:fs';
import { systemClock } from '../../lib/clock.ts';
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import { createLogger, LOG_LEVELS, type LogLevel } from '../../lib/log.ts';
import { registerSecret } from '../../lib/redact.ts';
import { numberOption, parseCli, UsageError } from '../../lib/cli-args.ts';
import { MockupService } from './mockup.ts';
import { untilStopped } from '../../lib/until-stopped.ts';

const USAGE = `usage: ftlab emulate mockup DIR [options]

Serve a DMTF-format mockup directory (index.json per resource) with live behaviour:
auth and sessions, ETags, PATCH of writable properties, ComputerSystem.Reset with power
transitions, EventService SSE with power events.

options:
  --host ADDR            address to bind (default 127.0.0.1)
  --port N               port (default 0 = any free port)
  --user NAME            account name (default admin)
  --password-file FILE   file holding the account's password (default password: ftlab)
  --power-delay-ms N     duration of PoweringOn / PoweringOff (default 3000)
  --log-level LEVEL      ${LOG_LEVELS.join('|')} (default info)

The first stdout line is {"kind":"mockup","redfish":"http://HOST:PORT"}.`;

function readPassword(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `expected a readable password file (${errorMessage(e)})`, { cause: e });
  }
  const pw = text.replace(/\r?\n$/, '');
  if (pw === '') throw new ConfigError(file, 'expected a non-empty password');
  return pw;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    {
      host: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      'password-file': { type: 'string' },
      'power-delay-ms': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean' },
    },
    { positionals: true, usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = positionals[0];
  if (positionals.length !== 1 || dir === undefined) throw new UsageError(`expected exactly one mockup directory, got ${positionals.length}\n\n${USAGE}`);
  const level = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--log-level expects one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  const port = numberOption('port', values.port, 0, { min: 0, integer: true });
  if (port > 65535) throw new UsageError(`--port expects 0..65535, got "${values.port}"`);
  const powerDelayMs = numberOption('power-delay-ms', values['power-delay-ms'], 3000, { min: 0 });
  const password = values['password-file'] ? readPassword(values['password-file']) : 'ftlab';
  registerSecret(password);
  const logger = createLogger({ level: level as LogLevel });

  const mockup = new MockupService({
    dir,
    clock: systemClock,
    accounts: [{ user: values.user ?? 'admin', password, role: 'Administrator' }],
    powerDelayMs,
    logger,
  });
  const handle = await mockup.service.listen({ host: values.host ?? '127.0.0.1', port });
  process.stdout.write(`${JSON.stringify({ kind: 'mockup', redfish: handle.url })}\n`);

  await untilStopped();
  await mockup.close();
  logger.info('mockup server stopped');
  return 0;
}
