/** Storage commands (netFn 0Ah): SDR repository and SEL. Wire formats are the codec's. */
import { u16le, u32le } from '../../../drivers/ipmi/codec/bytes.ts';
import {
  READ_ENTIRE_RECORD,
  REPOSITORY_VERSION,
  decodeClearSelRequest,
  decodeRecordReadRequest,
  encodeClearSelResponse,
  encodeRecordReadResponse,
  encodeRepositoryInfo,
  encodeReservationResponse,
  CLEAR_SEL_ACTION,
} from '../../../drivers/ipmi/codec/commands/sel-commands.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { encodeSelRecord, SEL_RECORD_LENGTH } from '../../../drivers/ipmi/codec/sel.ts';
import { logCleared } from '../bmc-events.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

/** Record bytes per Get SDR / Get SEL Entry response we allow (keeps responses well under any MTU). */
const MAX_READ = 64;
/** Operation support bytes: SDR = non-modal update, reserve supported; SEL = reserve and get allocation info supported. */
const SDR_OPERATIONS = 0x22;
const SEL_OPERATIONS = 0x03;

/** A repository Get SDR / Get SEL Entry reads from: reservations and records by ID. */
interface RecordSource {
  isReserved(id: number): boolean;
  lookup(id: number): { bytes: Buffer; next: number } | undefined;
}

/**
 * Get SDR / Get SEL Entry: a partial read (offset, count; 0xFF = to the end) of one record, under
 * a reservation when the offset is not 0.
 */
function readRecord(source: RecordSource, data: Buffer): CommandResult {
  const req = decodeRecordReadRequest(data);
  if (!req.ok) return fail(CC.DATA_LENGTH_INVALID);
  const { reservationId, recordId, offset, bytesToRead } = req.value;
  if (offset !== 0 && !source.isReserved(reservationId)) return fail(CC.RESERVATION_CANCELLED);
  const rec = source.lookup(recordId);
  if (!rec) return fail(CC.NOT_PRESENT);
  if (offset > rec.bytes.length) return fail(CC.PARAMETER_OUT_OF_RANGE);
  const want = bytesToRead === READ_ENTIRE_RECORD ? rec.bytes.length - offset : bytesToRead;
  if (want > MAX_READ) return fail(CC.CANNOT_RETURN_BYTES);
  return ok(encodeRecordReadResponse({ nextRecordId: rec.next, data: rec.bytes.subarray(offset, Math.min(rec.bytes.length, offset + want)) }));
}

/** A reservation per session: parallel readers (8 `ipmitool sdr elist` at once) never cancel each other's. */
function reserveSdr({ session, server }: CommandContext): CommandResult {
  if (!session) return fail(CC.INSUFFICIENT_PRIVILEGE);
  session.sdrReservation = server.state.nextSdrReservation();
  return ok(encodeReservationResponse(session.sdrReservation));
}

export const STORAGE_COMMANDS = new Map<number, CommandHandler>([
  [
    key(NETFN.STORAGE, 0x20),
    {
      name: 'Get SDR Repository Info',
      privilege: PRIVILEGE.USER,
      length: 0,
      run: ({ sdr }) =>
        // free space 0 (read-only repository)
        ok(encodeRepositoryInfo({ version: REPOSITORY_VERSION, count: sdr.count, freeBytes: 0, lastAddTimestamp: sdr.createdAt, lastEraseTimestamp: 0, operationSupport: SDR_OPERATIONS })),
    },
  ],
  [key(NETFN.STORAGE, 0x22), { name: 'Reserve SDR Repository', privilege: PRIVILEGE.USER, length: 0, run: reserveSdr }],
  [
    key(NETFN.STORAGE, 0x23),
    {
      name: 'Get SDR',
      privilege: PRIVILEGE.USER,
      length: 6,
      run: ({ sdr, session }, data) => readRecord({ isReserved: (id) => id !== 0 && id === session?.sdrReservation, lookup: (id) => sdr.lookup(id) }, data),
    },
  ],
  [
    key(NETFN.STORAGE, 0x40),
    {
      name: 'Get SEL Info',
      privilege: PRIVILEGE.USER,
      length: 0,
      run: ({ backend }) => {
        const i = backend.sel.info();
        return ok(
          encodeRepositoryInfo({
            version: REPOSITORY_VERSION,
            count: i.entries,
            freeBytes: Math.min(0xffff, i.freeBytes),
            lastAddTimestamp: i.lastAddition,
            lastEraseTimestamp: i.lastErase,
            operationSupport: SEL_OPERATIONS,
          }),
        );
      },
    },
  ],
  [
    key(NETFN.STORAGE, 0x41),
    {
      name: 'Get SEL Allocation Info',
      privilege: PRIVILEGE.USER,
      length: 0,
      run: ({ backend }) => {
        const sel = backend.sel;
        const free = sel.capacity - sel.info().entries;
        return ok(Buffer.concat([u16le(sel.capacity), u16le(SEL_RECORD_LENGTH), u16le(free), u16le(free), Buffer.from([SEL_RECORD_LENGTH])]));
      },
    },
  ],
  [key(NETFN.STORAGE, 0x42), { name: 'Reserve SEL', privilege: PRIVILEGE.USER, length: 0, run: ({ backend }) => ok(encodeReservationResponse(backend.sel.reserve())) }],
  [
    key(NETFN.STORAGE, 0x43),
    {
      name: 'Get SEL Entry',
      privilege: PRIVILEGE.USER,
      length: 6,
      run: ({ backend }, data) =>
        readRecord(
          {
            isReserved: (id) => backend.sel.isReserved(id),
            lookup: (id) => {
              const rec = backend.sel.lookup(id);
              return rec && { bytes: encodeSelRecord(rec.record), next: rec.next };
            },
          },
          data,
        ),
    },
  ],
  [
    key(NETFN.STORAGE, 0x44),
    {
      name: 'Add SEL Entry',
      privilege: PRIVILEGE.OPERATOR,
      length: SEL_RECORD_LENGTH,
      run: ({ backend }, data) => {
        const id = backend.sel.addRaw(data);
        return id === undefined ? fail(CC.INVALID_DATA_FIELD) : ok(u16le(id));
      },
    },
  ],
  [
    key(NETFN.STORAGE, 0x47),
    {
      name: 'Clear SEL',
      privilege: PRIVILEGE.OPERATOR,
      length: 6,
      run: ({ backend, server }, data) => {
        // A malformed request ('CLR' missing, unknown action) is refused before the reservation is checked.
        const req = decodeClearSelRequest(data);
        if (!req.ok) return fail(CC.INVALID_DATA_FIELD);
        if (!backend.sel.isReserved(req.value.reservationId)) return fail(CC.RESERVATION_CANCELLED);
        if (req.value.action === CLEAR_SEL_ACTION.INITIATE) {
          backend.sel.clear();
          if (server.state.selLogging()) logCleared(backend.sel);
        }
        return ok(encodeClearSelResponse(true)); // erasure completed
      },
    },
  ],
  [key(NETFN.STORAGE, 0x48), { name: 'Get SEL Time', privilege: PRIVILEGE.USER, length: 0, run: ({ backend }) => ok(u32le(backend.sel.time())) }],
  [
    key(NETFN.STORAGE, 0x49),
    {
      name: 'Set SEL Time',
      privilege: PRIVILEGE.OPERATOR,
      length: 4,
      run: ({ backend }, data) => {
        backend.sel.setTime(data.readUInt32LE(0));
        return ok();
      },
    },
  ],
]);
