/** A winston transport that appends log lines (warn and above by default) to the history as `log` records. */
import { Writable } from 'node:stream';
import winston from 'winston';
import type { LogLine, ScenarioRef } from '../../lib/history/records.ts';
import type { HistorySink } from './writer.ts';

export function historyLogTransport(history: HistorySink, level = 'warn'): winston.transport {
  const stream = new Writable({
    objectMode: true,
    write(info: { level?: unknown; message?: unknown; scenario?: unknown; iteration?: unknown; device?: unknown }, _enc, cb) {
      const scenario: ScenarioRef | null =
        typeof info.scenario === 'string'
          ? { id: info.scenario, iteration: typeof info.iteration === 'number' ? info.iteration : 0, ...(typeof info.device === 'string' ? { device: info.device } : {}) }
          : null;
      history.append<LogLine>({ type: 'log', level: String(info.level ?? 'info'), message: String(info.message ?? ''), scenario });
      cb();
    },
  });
  return new winston.transports.Stream({ stream, level });
}
