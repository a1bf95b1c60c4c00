/**
 * A console that retransmits RAKP1 (its RAKP2 came late, as on a loaded machine: FreeIPMI
 * ipmipower's default retransmission timeout is 400 ms) gets the same RAKP2 again and completes
 * its login; a different RAKP1 for a session past that step is still refused.
 */
import test from 'ava';
import { CIPHER_SUITES } from '../../drivers/ipmi/codec/cipher-suites.ts';
import { deriveSik, rakp3AuthCode, rakp4Icv } from '../../drivers/ipmi/codec/keys.ts';
import { decodeRakp2, decodeRakp4, encodeRakp1, encodeRakp3 } from '../../drivers/ipmi/codec/rakp.ts';
import { RAKP_STATUS } from '../../drivers/ipmi/codec/rakp-status.ts';
import { decodeRmcpPlus, encodeRmcpPlus, PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { GenericBmcBackend } from './generic-backend.ts';
import { startIpmiServer } from './server.ts';
import { RawConsole } from './testing/raw-console.ts';

const USER = { user: 'admin', password: 'Adm1n-secret', role: 'Administrator' as const };

test('a retransmitted RAKP1 gets the same RAKP2, and the login completes; another RAKP1 is refused', async (t) => {
  const backend = new GenericBmcBackend();
  const server = await startIpmiServer({ accounts: [USER], backend });
  const raw = await RawConsole.connect(server.port);
  t.teardown(async () => {
    await raw.close();
    await server.close();
    backend.dispose();
  });
  const suite = CIPHER_SUITES[17];
  if (!suite) return t.fail('suite 17');
  const open = await raw.openSession(17, 0x1234);
  const username = Buffer.from(USER.user);
  const role = 0x14;
  const consoleRandom = Buffer.alloc(16, 7);
  const rakp1 = (random: Buffer, tag: number) => encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.RAKP1, sessionId: 0, seq: 0, payload: encodeRakp1({ tag, managedSessionId: open.managedSessionId, consoleRandom: random, role, username }) });
  const rakp2 = async () => {
    const p = decodeRmcpPlus(await raw.next('RAKP2'));
    if (!p.ok) throw p.error;
    const r = decodeRakp2(p.value.payload);
    if (!r.ok) throw r.error;
    return r.value;
  };
  raw.send(rakp1(consoleRandom, 2));
  const first = await rakp2();
  raw.send(rakp1(consoleRandom, 2));
  const again = await rakp2();
  t.is(first.status, RAKP_STATUS.NO_ERRORS);
  t.deepEqual(again, first, 'the same RAKP2: same managed random, same key-exchange code');
  const hash = { auth: suite.auth, kuid: Buffer.from(USER.password), consoleSessionId: 0x1234, managedSessionId: open.managedSessionId, consoleRandom, managedRandom: first.managedRandom, managedGuid: first.managedGuid, role, username };
  raw.send(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.RAKP3, sessionId: 0, seq: 0, payload: encodeRakp3({ tag: 3, status: 0, managedSessionId: open.managedSessionId, authCode: rakp3AuthCode(hash) }) }));
  const p4 = decodeRmcpPlus(await raw.next('RAKP4'));
  if (!p4.ok) return t.fail(p4.error.message);
  const r4 = decodeRakp4(p4.value.payload);
  if (!r4.ok) return t.fail(r4.error.message);
  t.is(r4.value.status, RAKP_STATUS.NO_ERRORS);
  t.deepEqual(r4.value.icv, rakp4Icv({ auth: suite.auth, sik: deriveSik(hash), consoleRandom, managedSessionId: open.managedSessionId, managedGuid: first.managedGuid }));
  // The session is active now: a RAKP1 for it (even the same one) is no retransmission any more.
  raw.send(rakp1(consoleRandom, 4));
  t.is((await rakp2()).status, RAKP_STATUS.INVALID_SESSION_ID);
  t.is(server.sessionCount(), 1, 'refused; the active session goes on');
});
