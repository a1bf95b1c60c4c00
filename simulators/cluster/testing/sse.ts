/** A device's Redfish event stream read with curl -N (a real SSE client), as its events arrive. */
import { spawn } from 'node:child_process';
import { waitFor } from '../../../lib/deadline.ts';

export interface SseEvent {
  MessageId: string;
  MessageArgs?: string[];
  OriginOfCondition?: { '@odata.id': string };
}

export interface CurlSse {
  /** Every event received so far. */
  events(): SseEvent[];
  /** Wait until an event satisfies `pred` (30 s). */
  until(what: string, pred: (e: SseEvent) => boolean): Promise<SseEvent>;
  /** Resolves when curl exits (the stream ended). */
  ended: Promise<void>;
}

export async function curlSse(t: { teardown(fn: () => void): void }, base: string, auth: { user: string; password: string }): Promise<CurlSse> {
  const child = spawn('curl', ['-sS', '-N', '-i', '-u', `${auth.user}:${auth.password}`, `${base}/redfish/v1/EventService/SSE`], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  const ended = new Promise<void>((r) => child.once('exit', () => r()));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  await waitFor(`SSE stream of ${base} open`, 30_000, async () => (/^HTTP\/1\.1 200/.test(out) && out.includes('\r\n\r\n') ? true : undefined), { intervalMs: 20, describeLast: () => out.slice(0, 200) });
  const events = (): SseEvent[] =>
    out
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .flatMap((l) => (JSON.parse(l.slice(6)) as { Events: SseEvent[] }).Events);
  return {
    ended,
    events,
    until: (what, pred) => waitFor(what, 30_000, async () => events().find(pred), { intervalMs: 20, describeLast: () => events().map((e) => `${e.MessageId}(${(e.MessageArgs ?? []).join(',')})@${e.OriginOfCondition?.['@odata.id'] ?? ''}`).join(' ') }),
  };
}
