/** Storage commands (netFn 0Ah): SDR repository and SEL. */
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { encodeSelRecord, SEL_RECORD_LENGTH } from '../../../drivers/ipmi/codec/sel.ts';
import { PRIV } from '../accounts.ts';
import { fail, key, ok, type CommandHandler } from './types.ts';

const SDR_SEL_VERSION = 0x51;
/** Record bytes per Get SDR / Get SEL Entry response we allow (keeps responses well under any MTU). */
const MAX_READ = 64;

function u16(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff];
}

function u32(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
}

/** Partial read of a record (offset, count 0xFF = to the end): the data or a completion code. */
function slice(bytes: Buffer, offset: number, count: number): Buffer | number {
  if (offset > bytes.length) return CC.PARAMETER_OUT_OF_RANGE;
  const want = count === 0xff ? bytes.length - offset : count;
  if (want > MAX_READ) return CC.CANNOT_RETURN_BYTES;
  return bytes.subarray(offset, Math.min(bytes.length, offset + want));
}

export const STORAGE_COMMANDS = new Map<number, CommandHandler>([
  [
    key(NETFN.STORAGE, 0x20),
    {
      name: 'Get SDR Repository Info',
      privilege: PRIV.USER,
      length: 0,
      run: ({ sdr }) =>
        // free space 0 (read-only repository); non-modal update; reserve supported
        ok([SDR_SEL_VERSION, ...u16(sdr.count), ...u16(0), ...u32(sdr.createdAt), ...u32(0), 0x22]),
    },
  ],
  [key(NETFN.STORAGE, 0x22), { name: 'Reserve SDR Repository', privilege: PRIV.USER, length: 0, run: ({ sdr }) => ok(u16(sdr.reserve())) }],
  [
    key(NETFN.STORAGE, 0x23),
    {
      name: 'Get SDR',
      privilege: PRIV.USER,
      length: 6,
      run: ({ sdr }, data) => {
        const reservation = data.readUInt16LE(0);
        const id = data.readUInt16LE(2);
        const offset = data[4] as number;
        const count = data[5] as number;
        if (offset !== 0 && !sdr.isReserved(reservation)) return fail(CC.RESERVATION_CANCELLED);
        const rec = sdr.lookup(id);
        if (!rec) return fail(CC.NOT_PRESENT);
        const part = slice(rec.bytes, offset, count);
        if (typeof part === 'number') return fail(part);
        return ok(Buffer.concat([Buffer.from(u16(rec.next)), part]));
      },
    },
  ],
  [
    key(NETFN.STORAGE, 0x40),
    {
      name: 'Get SEL Info',
      privilege: PRIV.USER,
      length: 0,
      run: ({ backend }) => {
        const i = backend.sel.info();
        // operation support: reserve supported, get allocation info supported
        return ok([SDR_SEL_VERSION, ...u16(i.entries), ...u16(Math.min(0xffff, i.freeBytes)), ...u32(i.lastAddition), ...u32(i.lastErase), 0x03]);
      },
    },
  ],
  [
    key(NETFN.STORAGE, 0x41),
    {
      name: 'Get SEL Allocation Info',
      privilege: PRIV.USER,
      length: 0,
      run: ({ backend }) => {
        const sel = backend.sel;
        const free = sel.capacity - sel.info().entries;
        return ok([...u16(sel.capacity), ...u16(SEL_RECORD_LENGTH), ...u16(free), ...u16(free), SEL_RECORD_LENGTH]);
      },
    },
  ],
  [key(NETFN.STORAGE, 0x42), { name: 'Reserve SEL', privilege: PRIV.USER, length: 0, run: ({ backend }) => ok(u16(backend.sel.reserve())) }],
  [
    key(NETFN.STORAGE, 0x43),
    {
      name: 'Get SEL Entry',
      privilege: PRIV.USER,
      length: 6,
      run: ({ backend }, data) => {
        const reservation = data.readUInt16LE(0);
        const id = data.readUInt16LE(2);
        const offset = data[4] as number;
        const count = data[5] as number;
        if (offset !== 0 && !backend.sel.isReserved(reservation)) return fail(CC.RESERVATION_CANCELLED);
        const rec = backend.sel.lookup(id);
        if (!rec) return fail(CC.NOT_PRESENT);
        const part = slice(encodeSelRecord(rec.record), offset, count);
        if (typeof part === 'number') return fail(part);
        return ok(Buffer.concat([Buffer.from(u16(rec.next)), part]));
      },
    },
  ],
  [
    key(NETFN.STORAGE, 0x44),
    {
      name: 'Add SEL Entry',
      privilege: PRIV.OPERATOR,
      length: SEL_RECORD_LENGTH,
      run: ({ backend }, data) => {
        const id = backend.sel.addRaw(data);
        return id === undefined ? fail(CC.INVALID_DATA_FIELD) : ok(u16(id));
      },
    },
  ],
  [
    key(NETFN.STORAGE, 0x47),
    {
      name: 'Clear SEL',
      privilege: PRIV.OPERATOR,
      length: 6,
      run: ({ backend }, data) => {
        if (!backend.sel.isReserved(data.readUInt16LE(0))) return fail(CC.RESERVATION_CANCELLED);
        if (data.subarray(2, 5).toString('latin1') !== 'CLR') return fail(CC.INVALID_DATA_FIELD);
        const action = data[5] as number;
        if (action === 0xaa) backend.sel.clear();
        else if (action !== 0x00) return fail(CC.INVALID_DATA_FIELD);
        return ok([0x01]); // erasure completed
      },
    },
  ],
  [key(NETFN.STORAGE, 0x48), { name: 'Get SEL Time', privilege: PRIV.USER, length: 0, run: ({ backend }) => ok(u32(backend.sel.time())) }],
  [
    key(NETFN.STORAGE, 0x49),
    {
      name: 'Set SEL Time',
      privilege: PRIV.OPERATOR,
      length: 4,
      run: ({ backend }, data) => {
        backend.sel.setTime(data.readUInt32LE(0));
        return ok();
      },
    },
  ],
]);
