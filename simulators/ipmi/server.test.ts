/**
 * Protocol behaviour of the IPMI server, driven by a hand-written console over real UDP on
 * 127.0.0.1: session setup, refusals, privileges, replays, garbage, session limit, idle timeout.
 * "Ignored" is asserted by order: a datagram that must be dropped is followed by one that must
 * be answered, and the first answer seen must be the second one's.
 */
import test from 'ava';
import fc from 'fast-check';
import { FakeClock } from '../../lib/clock.ts';
import { decodeAsf, encodeAsfPing } from '../../drivers/ipmi/codec/asf.ts';
import { decodeIpmiResponse, encodeIpmiRequest } from '../../drivers/ipmi/codec/message.ts';
import { decodeRmcpPlus, encodeRmcpPlus, PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { decodeSession15, encodeSession15 } from '../../drivers/ipmi/codec/session15.ts';
import { decodeSelRecord, describeEvent, type SelSystemEvent } from '../../drivers/ipmi/codec/sel.ts';
import { decodeSdrRecord } from '../../drivers/ipmi/codec/sdr.ts';
import { GenericBmcBackend } from './generic-backend.ts';
import { startIpmiServer, type IpmiServerOptions } from './server.ts';
import { RawConsole } from './testing/raw-console.ts';
import type { ExecutionContext } from 'ava';

const ACCOUNTS = [
  { user: 'admin', password: 'adminpass1', role: 'Administrator' as const },
  { user: 'op', password: 'operpass1', role: 'Operator' as const },
  { user: 'viewer', password: 'viewpass1', role: 'ReadOnly' as const },
];

async function setup(t: ExecutionContext, extra: Partial<IpmiServerOptions> = {}) {
  const backend = new GenericBmcBackend();
  const server = await startIpmiServer({ accounts: ACCOUNTS, backend, ...extra });
  const consoleA = await RawConsole.connect(server.port);
  t.teardown(async () => {
    backend.dispose();
    await consoleA.close();
    await server.close();
  });
  return { backend, server, console: consoleA };
}

async function pingPong(c: RawConsole, tag: number): Promise<void> {
  c.send(encodeAsfPing(tag));
  const d = decodeAsf(await c.next('ASF pong'));
  if (!d.ok || d.value.type !== 'pong' || d.value.tag !== tag) throw new Error(`expected pong ${tag}, got ${JSON.stringify(d)}`);
}

test('answers the ASF presence ping and session-less Get Channel Auth Capabilities in 1.5 and 2.0 framing', async (t) => {
  const { console: c } = await setup(t);
  await pingPong(c, 7);
  const req = encodeIpmiRequest({ rsAddr: 0x20, netFn: 0x06, rsLun: 0, rqAddr: 0x81, rqSeq: 1, rqLun: 0, cmd: 0x38, data: Buffer.from([0x8e, 0x04]) });
  c.send(encodeSession15({ authType: 0, seq: 0, sessionId: 0, payload: req }));
  const r15 = decodeSession15(await c.next('auth caps (1.5)'));
  t.true(r15.ok);
  const m15 = r15.ok ? decodeIpmiResponse(r15.value.payload) : undefined;
  t.is(m15?.ok && m15.value.completionCode, 0);
  t.deepEqual(m15?.ok && [...m15.value.data.subarray(0, 4)], [1, 0x80, 0x04, 0x02]);
  c.send(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: 0, seq: 0, payload: encodeIpmiRequest({ rsAddr: 0x20, netFn: 0x06, rsLun: 0, rqAddr: 0x81, rqSeq: 2, rqLun: 0, cmd: 0x54, data: Buffer.from([0x0e, 0x00, 0x80]) }) }));
  const r20 = decodeRmcpPlus(await c.next('cipher suites (2.0)'));
  const m20 = r20.ok ? decodeIpmiResponse(r20.value.payload) : undefined;
  // channel 1, then suite records C0h id auth integ conf for 3 and 17
  t.deepEqual(m20?.ok && [...m20.value.data], [1, 0xc0, 3, 0x01, 0x41, 0x81, 0xc0, 17, 0x03, 0x44, 0x81]);
});

test('logs in with suites 3 and 17; wrong password, unknown user and suite 0 are refused', async (t) => {
  const { console: c, server } = await setup(t);
  for (const suite of [3, 17]) {
    const ok = await c.login({ user: 'admin', password: 'adminpass1', suite });
    t.true(ok.ok, `suite ${suite}`);
    if (ok.ok) {
      const r = await c.call(ok.session, 0x06, 0x01);
      t.is(r.completionCode, 0);
      t.is(r.data[4], 0x02, 'IPMI version 2.0');
    }
  }
  t.deepEqual(await c.login({ user: 'admin', password: 'wrong-password', suite: 17 }), { ok: false, stage: 'rakp2-code', status: 0x0f });
  t.deepEqual(await c.login({ user: 'nobody', password: 'x', suite: 3 }), { ok: false, stage: 'rakp2', status: 0x0d });
  t.deepEqual(await c.login({ user: 'viewer', password: 'viewpass1', suite: 3, privilege: 4 }), { ok: false, stage: 'rakp2', status: 0x0a });
  t.deepEqual(await c.login({ user: 'admin', password: 'adminpass1', suite: 0 }), { ok: false, stage: 'open-session', status: 0x11 });
  await pingPong(c, 1);
  t.is(server.sessionCount(), 2, 'only the two good logins hold sessions');
});

test('suite 0 works only when allowCipher0 is set', async (t) => {
  const { console: c } = await setup(t, { allowCipher0: true });
  const r = await c.login({ user: 'admin', password: 'adminpass1', suite: 0 });
  t.true(r.ok);
});

test('privileges: chassis control needs Operator; ReadOnly reads; Set Session Privilege is capped by the role', async (t) => {
  const { console: c, backend } = await setup(t);
  const viewer = await c.login({ user: 'viewer', password: 'viewpass1', privilege: 2 });
  if (!viewer.ok) return t.fail('viewer login');
  t.is((await c.call(viewer.session, 0x06, 0x3b, [3])).completionCode, 0x81, 'User cannot raise to Operator');
  t.is((await c.call(viewer.session, 0x00, 0x01)).completionCode, 0, 'User reads chassis status');
  t.is((await c.call(viewer.session, 0x00, 0x02, [0x00])).completionCode, 0xd4, 'User cannot power off');
  t.true(backend.poweredOn);
  const op = await c.login({ user: 'op', password: 'operpass1', privilege: 3 });
  if (!op.ok) return t.fail('operator login');
  t.is((await c.call(op.session, 0x00, 0x02, [0x00])).completionCode, 0xd4, 'a new session runs at User until raised');
  t.deepEqual([...(await c.call(op.session, 0x06, 0x3b, [3])).data], [3]);
  t.is((await c.call(op.session, 0x00, 0x02, [0x00])).completionCode, 0);
  t.false(backend.poweredOn);
  t.deepEqual(backend.actions, ['power-off']);
});

test('replayed, tampered and stale packets are dropped; the session keeps working', async (t) => {
  const { console: c } = await setup(t);
  const login = await c.login({ user: 'admin', password: 'adminpass1', suite: 17 });
  if (!login.ok) return t.fail('login');
  const s = login.session;
  const first = c.request(s, 0x06, 0x01);
  c.send(first);
  t.is((await c.response(s, 'first')).cmd, 0x01);
  c.send(first); // replay
  const tampered = c.request(s, 0x00, 0x02, [0x00]);
  tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 0xff; // flip a byte inside the encrypted payload
  c.send(tampered);
  const forged = encodeRmcpPlus({ payloadType: 0, sessionId: s.managedId, seq: s.seq + 1, payload: Buffer.from([1, 2, 3]) }, { ...s.crypto, k1: Buffer.alloc(20, 9) });
  c.send(forged);
  c.send(c.request(s, 0x06, 0x08)); // Get Device GUID: the only one to be answered
  const r = await c.response(s, 'after the bad ones');
  t.is(r.cmd, 0x08);
  t.is(c.pending(), 0);
});

test('garbage datagrams never crash the server (property) and it still answers afterwards', async (t) => {
  const { console: c } = await setup(t);
  const login = await c.login({ user: 'admin', password: 'adminpass1' });
  if (!login.ok) return t.fail('login');
  const valid = c.request(login.session, 0x06, 0x01);
  // Answered once here, so mutations of it outside the authenticated bytes (RMCP header) are replays.
  c.send(valid);
  await c.response(login.session, 'before fuzzing');
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b)),
        // truncations and bit flips of real packets reach deeper into the decoders
        fc.nat({ max: valid.length }).map((n) => valid.subarray(0, n)),
        fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
          const b = Buffer.from(valid);
          b[i] = (b[i] as number) ^ x;
          return b;
        }),
        fc.uint8Array({ minLength: 4, maxLength: 60 }).map((b) => Buffer.concat([Buffer.from([6, 0, 0xff, 7, 6, 0x10]), Buffer.from(b)])),
      ),
      async (junk) => {
        c.send(junk);
        // Every 25 datagrams, the server must still answer, and answer nothing of the junk first
        // (this also paces the burst below the socket's receive buffer).
        if (++sent % 25 === 0) await pingPong(c, sent & 0xfe);
        return true;
      },
    ),
    { numRuns: 300 },
  );
  await pingPong(c, 42); // the first answer after the junk: nothing of it was answered
  c.send(c.request(login.session, 0x06, 0x01));
  const r = await c.response(login.session, 'after fuzzing');
  t.is(r.completionCode, 0);
});

test('session limit: Open Session answers status 01h when active sessions fill the table (a half-open one gives way), and Close Session frees a slot', async (t) => {
  const { console: c, server } = await setup(t, { sessionLimit: 2 });
  const a = await c.login({ user: 'admin', password: 'adminpass1' });
  t.is((await c.openSession(3)).status, 0);
  t.is((await c.openSession(3)).status, 0, 'the half-open session gave its slot');
  const b = await c.login({ user: 'op', password: 'operpass1', privilege: 3 });
  t.true(b.ok);
  const full = await c.openSession(3);
  t.is(full.status, 0x01);
  t.is(server.sessionCount(), 2);
  if (!a.ok) return t.fail('login');
  const id = Buffer.alloc(4);
  id.writeUInt32LE(a.session.managedId);
  t.is((await c.call(a.session, 0x06, 0x3c, id)).completionCode, 0);
  t.is(server.sessionCount(), 1);
  t.is((await c.openSession(3)).status, 0);
});

test('idle sessions expire on the injected clock; their packets are then ignored', async (t) => {
  const clock = new FakeClock();
  const { console: c, server } = await setup(t, { clock, idleTimeoutMs: 30_000 });
  const login = await c.login({ user: 'admin', password: 'adminpass1' });
  if (!login.ok) return t.fail('login');
  clock.advance(20_000);
  t.is((await c.call(login.session, 0x06, 0x01)).completionCode, 0, 'traffic keeps it alive');
  clock.advance(29_000);
  t.is(server.sessionCount(), 1);
  clock.advance(2_000);
  t.is(server.sessionCount(), 0);
  c.send(c.request(login.session, 0x06, 0x01));
  await pingPong(c, 9);
  t.is(c.pending(), 0);
});

test('SEL and SDR over the wire: events from sensor changes, reservations, clear', async (t) => {
  const { console: c, backend } = await setup(t);
  const login = await c.login({ user: 'admin', password: 'adminpass1' });
  if (!login.ok) return t.fail('login');
  const s = login.session;
  await c.call(s, 0x06, 0x3b, [4]);
  backend.setSensorValue(0x01, 95); // CPU Temp above UNC and UC
  const first = await c.call(s, 0x0a, 0x43, [0, 0, 0, 0, 0, 0xff]);
  t.is(first.completionCode, 0);
  const rec = decodeSelRecord(first.data.subarray(2));
  t.true(rec.ok);
  t.is(rec.ok && describeEvent(rec.value as SelSystemEvent), 'Upper Non-critical going high');
  const second = await c.call(s, 0x0a, 0x43, [0, 0, first.data[0] as number, first.data[1] as number, 0, 0xff]);
  t.is(rec.ok && decodeSelRecord(second.data.subarray(2)).ok && describeEvent((decodeSelRecord(second.data.subarray(2)) as { value: SelSystemEvent }).value), 'Upper Critical going high');
  t.deepEqual([...second.data.subarray(0, 2)], [0xff, 0xff], 'last record');
  t.is((await c.call(s, 0x0a, 0x43, [0, 0, 0, 0, 4, 4])).completionCode, 0xc5, 'partial read needs a reservation');
  const sdr = await c.call(s, 0x0a, 0x23, [0, 0, 2, 0, 0, 0xff]);
  const rec2 = decodeSdrRecord(sdr.data.subarray(2));
  t.is(rec2.ok && rec2.value.kind === 'full' && rec2.value.idString, 'CPU Temp');
  const reading = await c.call(s, 0x04, 0x2d, [0x01]);
  t.deepEqual([...reading.data.subarray(0, 3)], [95, 0xc0, 0x18], 'above UNC and UCR');
  t.is((await c.call(s, 0x0a, 0x47, [0x99, 0x99, 0x43, 0x4c, 0x52, 0xaa])).completionCode, 0xc5, 'clear needs the reservation');
  const res = await c.call(s, 0x0a, 0x42);
  t.is((await c.call(s, 0x0a, 0x47, [res.data[0] as number, res.data[1] as number, 0x43, 0x4c, 0x52, 0xaa])).completionCode, 0);
  const left = backend.sel.list();
  t.is(left.length, 1, 'only the BMC\'s own "log area reset/cleared" event');
  t.is(left[0]?.kind === 'system' && describeEvent(left[0]), 'Log area reset/cleared');
});
