/** Application commands (netFn 06h): device ID, GUIDs, channel capabilities, session control. */
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { CIPHER_SUITES } from '../../../drivers/ipmi/codec/cipher-suites.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { PRIV } from '../accounts.ts';
import { fail, key, ok, type CommandHandler } from './types.ts';

const THIS_CHANNEL = 0x0e;

function bcd(n: number): number {
  const v = Math.max(0, Math.min(99, Math.trunc(n)));
  return ((Math.trunc(v / 10) << 4) | v % 10) & 0xff;
}

export const APP_COMMANDS = new Map<number, CommandHandler>([
  [
    key(NETFN.APP, 0x01),
    {
      name: 'Get Device ID',
      privilege: PRIV.USER,
      length: 0,
      run: ({ backend }) => {
        const id = backend.identity();
        const d = Buffer.alloc(15);
        d[0] = id.deviceId & 0xff;
        d[1] = id.deviceRevision & 0x0f;
        d[2] = id.firmwareMajor & 0x7f; // bit 7 clear: normal operation
        d[3] = bcd(id.firmwareMinor);
        d[4] = 0x02; // IPMI 2.0
        d[5] = 0x87; // chassis device, SEL, SDR repository, sensor device
        d.writeUIntLE(id.manufacturerId & 0xffffff, 6, 3);
        d.writeUInt16LE(id.productId & 0xffff, 9);
        return ok(d); // bytes 11..14: auxiliary firmware revision, zero
      },
    },
  ],
  [key(NETFN.APP, 0x04), { name: 'Get Self Test Results', privilege: PRIV.USER, length: 0, run: () => ok([0x55, 0x00]) }],
  [key(NETFN.APP, 0x08), { name: 'Get Device GUID', privilege: PRIV.USER, length: 0, run: ({ guid }) => ok(guid) }],
  [key(NETFN.APP, 0x37), { name: 'Get System GUID', privilege: PRIV.USER, length: 0, run: ({ guid }) => ok(guid) }],
  [
    key(NETFN.APP, 0x38),
    {
      name: 'Get Channel Authentication Capabilities',
      privilege: PRIV.CALLBACK,
      sessionless: true,
      length: 2,
      run: ({ channel }, data) => {
        const ch = (data[0] as number) & 0x0f;
        const priv = (data[1] as number) & 0x0f;
        if ((ch !== THIS_CHANNEL && ch !== channel) || priv < PRIV.CALLBACK || priv > PRIV.OEM) return fail(CC.INVALID_DATA_FIELD);
        const v2 = ((data[0] as number) & 0x80) !== 0;
        // Byte 2: bit 7 = extended (v2.0) data present; no IPMI 1.5 auth types are offered.
        // Byte 3: Kg default (bit 5 clear), per-message and user-level authentication on, non-null user names only (bit 2).
        // Byte 4: IPMI 2.0 connections supported.
        return ok([channel, v2 ? 0x80 : 0x00, 0x04, v2 ? 0x02 : 0x00, 0, 0, 0, 0]);
      },
    },
  ],
  [
    key(NETFN.APP, 0x54),
    {
      name: 'Get Channel Cipher Suites',
      privilege: PRIV.CALLBACK,
      sessionless: true,
      length: 3,
      run: ({ channel, suites }, data) => {
        const ch = (data[0] as number) & 0x0f;
        const payloadType = (data[1] as number) & 0x3f;
        const listBySuite = ((data[2] as number) & 0x80) !== 0;
        const index = (data[2] as number) & 0x3f;
        if ((ch !== THIS_CHANNEL && ch !== channel) || payloadType !== 0) return fail(CC.INVALID_DATA_FIELD);
        const records: number[] = [];
        for (const id of suites) {
          const s = CIPHER_SUITES[id];
          if (!s) continue;
          const algs = [s.auth, 0x40 | s.integrity, 0x80 | s.confidentiality];
          // Listing by suite: C0h, suite ID, algorithms; listing supported algorithms: the algorithm bytes.
          records.push(...(listBySuite ? [0xc0, id, ...algs] : algs));
        }
        const chunk = records.slice(index * 16, index * 16 + 16);
        return ok([channel, ...chunk]);
      },
    },
  ],
  [
    key(NETFN.APP, 0x3b),
    {
      name: 'Set Session Privilege Level',
      privilege: PRIV.USER,
      length: 1,
      run: ({ session }, data) => {
        if (!session) return fail(CC.INSUFFICIENT_PRIVILEGE);
        const want = (data[0] as number) & 0x0f;
        if (want === 0) return ok([session.privilege]);
        if (want < PRIV.USER || want > PRIV.OEM) return fail(CC.INVALID_DATA_FIELD);
        // 81h: requested level exceeds the channel/user privilege limit.
        if (want > session.maxPrivilege) return fail(0x81);
        session.privilege = want;
        return ok([want]);
      },
    },
  ],
  [
    key(NETFN.APP, 0x3c),
    {
      name: 'Close Session',
      privilege: PRIV.CALLBACK,
      length: [4, 5],
      run: ({ session, sessions }, data) => {
        if (!session) return fail(CC.INSUFFICIENT_PRIVILEGE);
        const id = data.readUInt32LE(0);
        const target = id === 0 ? undefined : sessions.get(id);
        // 87h: invalid session ID in request.
        if (!target) return fail(0x87);
        if (target.managedId !== session.managedId && session.privilege < PRIV.ADMIN) return fail(CC.INSUFFICIENT_PRIVILEGE);
        if (target.managedId === session.managedId) return { cc: 0, data: Buffer.alloc(0), after: () => sessions.remove(id) };
        sessions.remove(id);
        return ok();
      },
    },
  ],
  [
    key(NETFN.APP, 0x3d),
    {
      name: 'Get Session Info',
      privilege: PRIV.USER,
      run: ({ session, sessions, channel }, data) => {
        if (!session || data.length < 1) return fail(CC.DATA_LENGTH_INVALID);
        const active = sessions.list().filter((s) => s.state === 'active');
        const idx = data[0] as number;
        let s = idx === 0 ? session : undefined;
        if (idx >= 1 && idx <= 0x3f) s = active[idx - 1];
        if (idx === 0xfe && data.length >= 2) s = active[(data[1] as number) - 1];
        if (idx === 0xff && data.length >= 5) s = sessions.get(data.readUInt32LE(1));
        if (!s) return ok([0, sessions.limit & 0x3f, active.length & 0x3f]);
        const handle = active.indexOf(s) + 1;
        // handle, slot count, active count, user ID (unknown here: 0), privilege, protocol (1h = IPMI 2.0) | channel
        return ok([handle, sessions.limit & 0x3f, active.length & 0x3f, 0, s.privilege & 0x0f, 0x10 | (channel & 0x0f)]);
      },
    },
  ],
]);
