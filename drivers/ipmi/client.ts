/**
 * Typed IPMI commands over one IpmiSession. Every method takes an optional AbortSignal; errors are
 * IpmiTimeoutError / IpmiAuthError / IpmiCompletionCodeError / IpmiProtocolError (errors.ts).
 */
import type { Clock } from '../../lib/clock.ts';
import { byteAt, type Decoded } from './codec/bytes.ts';
import { IpmiSession, type IpmiSessionOptions } from './session.ts';
import { IpmiProtocolError } from './errors.ts';
import { CC } from './codec/completion-codes.ts';
import type { CommandSpec } from './codec/commands/spec.ts';
import { GET_DEVICE_ID, decodeGetDeviceIdResponse, type DeviceId } from './codec/commands/device-id.ts';
import {
  CHASSIS_ACTION_BY_NAME,
  CHASSIS_CONTROL,
  GET_CHASSIS_STATUS,
  decodeChassisStatusResponse,
  encodeChassisControlRequest,
  type ChassisActionName,
  type ChassisStatus,
} from './codec/commands/chassis.ts';
import {
  BOOT_PARAM,
  GET_SYSTEM_BOOT_OPTIONS,
  SET_SYSTEM_BOOT_OPTIONS,
  bootFlagsFor,
  decodeBootFlags,
  decodeGetBootOptionsResponse,
  encodeBootFlags,
  encodeGetBootOptionsRequest,
  encodeSetBootOptionsRequest,
  type BootDevice,
  type BootFlags,
} from './codec/commands/boot-options.ts';
import {
  CLEAR_SEL,
  CLEAR_SEL_ACTION,
  GET_SEL_ENTRY,
  GET_SEL_INFO,
  LAST_RECORD_ID,
  READ_ENTIRE_RECORD,
  RESERVE_SEL,
  decodeClearSelResponse,
  decodeRecordReadResponse,
  decodeReservationResponse,
  decodeSelInfoResponse,
  encodeClearSelRequest,
  encodeRecordReadRequest,
  type RepositoryInfo,
} from './codec/commands/sel-commands.ts';
import { GET_SDR, GET_SDR_REPOSITORY_INFO, RESERVE_SDR_REPOSITORY, decodeSdrRepositoryInfoResponse } from './codec/commands/sdr-commands.ts';
import { GET_SENSOR_READING, decodeGetSensorReadingResponse, encodeGetSensorReadingRequest, type SensorReadingResponse } from './codec/commands/sensor-reading.ts';
import { GET_CHANNEL_AUTH_CAPABILITIES, CURRENT_CHANNEL, decodeChannelAuthResponse, encodeChannelAuthRequest, type ChannelAuthCapabilities } from './codec/commands/channel-auth.ts';
import { PRIVILEGE_BY_NAME } from './codec/commands/spec.ts';
import { decodeSelRecord, type SelRecord } from './codec/sel.ts';
import { decodeSdrRecord, SDR_HEADER_LENGTH, type SdrRecord } from './codec/sdr.ts';

const NO_DATA = Buffer.alloc(0);

/** Wait `ms` on `clock`, or reject when `signal` aborts. */
function pause(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timer.cancel();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
/** Bytes per partial Get SDR read when a BMC cannot return a whole record at once. */
const SDR_CHUNK = 16;
/** Records read from one repository at most (a guard on time, not on loops: those are detected). */
const MAX_RECORDS = 4096;
/** Clear SEL: how long the erasure may take, and the longest pause between two status polls. */
const CLEAR_SEL_TIMEOUT_MS = 60_000;
const CLEAR_SEL_MAX_POLL_GAP_MS = 1000;

export interface SelEntry {
  recordId: number;
  nextRecordId: number;
  record: SelRecord;
}

/** A record chain and, when it was not read to its end, why (e.g. the record cap). */
export interface RecordListing<T> {
  entries: T[];
  /** Set when the listing stops before the last record; says where and why. */
  partial: string | undefined;
}

export class IpmiClient {
  constructor(readonly session: IpmiSession) {}

  /** Open a session (log in) and return a client over it. */
  static async connect(opts: IpmiSessionOptions, signal?: AbortSignal): Promise<IpmiClient> {
    const session = new IpmiSession(opts);
    try {
      await session.open(signal);
    } catch (e) {
      await session.close();
      throw e;
    }
    return new IpmiClient(session);
  }

  close(): Promise<void> {
    return this.session.close();
  }

  private async call<T>(spec: CommandSpec, data: Buffer, decode: (d: Buffer) => Decoded<T>, signal?: AbortSignal): Promise<T> {
    const rsp = await this.session.request(spec, data, signal ? { signal } : {});
    return this.decoded(spec, decode(rsp.data));
  }

  private decoded<T>(spec: CommandSpec, d: Decoded<T>): T {
    if (!d.ok) throw new IpmiProtocolError(`IPMI ${spec.name} from ${this.session.target}: ${d.error.message}`, { cause: d.error });
    return d.value;
  }

  deviceId(signal?: AbortSignal): Promise<DeviceId> {
    return this.call(GET_DEVICE_ID, NO_DATA, decodeGetDeviceIdResponse, signal);
  }

  channelAuthCapabilities(signal?: AbortSignal): Promise<ChannelAuthCapabilities> {
    const req = encodeChannelAuthRequest({ channel: CURRENT_CHANNEL, extended: true, privilege: PRIVILEGE_BY_NAME[this.session.options.privilege] });
    return this.call(GET_CHANNEL_AUTH_CAPABILITIES, req, decodeChannelAuthResponse, signal);
  }

  chassisStatus(signal?: AbortSignal): Promise<ChassisStatus> {
    return this.call(GET_CHASSIS_STATUS, NO_DATA, decodeChassisStatusResponse, signal);
  }

  /** Chassis Control: on, off, cycle, reset (hard), soft (ACPI shutdown), diag (NMI). */
  async chassisControl(action: ChassisActionName, signal?: AbortSignal): Promise<void> {
    const code = CHASSIS_ACTION_BY_NAME[action];
    if (code === undefined) throw new RangeError(`chassis action must be one of ${Object.keys(CHASSIS_ACTION_BY_NAME).join(', ')}, got ${String(action)}`);
    await this.session.request(CHASSIS_CONTROL, encodeChassisControlRequest(code), signal ? { signal } : {});
  }

  async bootFlags(signal?: AbortSignal): Promise<BootFlags> {
    const rsp = await this.call(GET_SYSTEM_BOOT_OPTIONS, encodeGetBootOptionsRequest({ parameter: BOOT_PARAM.BOOT_FLAGS, setSelector: 0, blockSelector: 0 }), decodeGetBootOptionsResponse, signal);
    return this.decoded(GET_SYSTEM_BOOT_OPTIONS, decodeBootFlags(rsp.data));
  }

  /** Set the boot device override (boot flags parameter 5, marked valid). */
  async setBootDevice(device: BootDevice, opts: { persistent?: boolean; efi?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const data = encodeBootFlags(bootFlagsFor({ valid: true, persistent: opts.persistent ?? false, efi: opts.efi ?? false, device }));
    await this.session.request(SET_SYSTEM_BOOT_OPTIONS, encodeSetBootOptionsRequest({ parameter: BOOT_PARAM.BOOT_FLAGS, invalid: false, data }), opts.signal ? { signal: opts.signal } : {});
  }

  selInfo(signal?: AbortSignal): Promise<RepositoryInfo> {
    return this.call(GET_SEL_INFO, NO_DATA, decodeSelInfoResponse, signal);
  }

  reserveSel(signal?: AbortSignal): Promise<number> {
    return this.call(RESERVE_SEL, NO_DATA, decodeReservationResponse, signal);
  }

  async selEntry(recordId: number, reservationId = 0, signal?: AbortSignal): Promise<SelEntry> {
    const rsp = await this.call(GET_SEL_ENTRY, encodeRecordReadRequest({ reservationId, recordId, offset: 0, bytesToRead: READ_ENTIRE_RECORD }), decodeRecordReadResponse, signal);
    const record = this.decoded(GET_SEL_ENTRY, decodeSelRecord(rsp.data));
    return { recordId: record.recordId, nextRecordId: rsp.nextRecordId, record };
  }

  /** Every SEL record, oldest first (at most `maxRecords`; see readSel to learn whether it was cut). */
  async selEntries(signal?: AbortSignal): Promise<SelEntry[]> {
    return (await this.readSel(signal)).entries;
  }

  /** The SEL, oldest first, at most `maxRecords` (default 4096) records; `partial` says when it stops early. */
  async readSel(signal?: AbortSignal, opts: { maxRecords?: number } = {}): Promise<RecordListing<SelEntry>> {
    const info = await this.selInfo(signal);
    if (info.count === 0) return { entries: [], partial: undefined };
    const listing = await this.walkRecords(GET_SEL_ENTRY, (id) => this.selEntry(id, 0, signal), opts.maxRecords ?? MAX_RECORDS);
    if (listing.partial) listing.partial += `; the BMC reports ${info.count} SEL entries`;
    return listing;
  }

  /**
   * Follow a repository's record chain from the first record (ID 0) to the last (0xFFFF), at most
   * `maxRecords` records (then the listing is marked partial). A chain that comes back to a record
   * already read (1 → 2 → 1, or a record naming itself) is a protocol error naming the records.
   */
  private async walkRecords<T extends { nextRecordId: number; recordId?: number }>(spec: CommandSpec, read: (id: number) => Promise<T>, maxRecords: number): Promise<RecordListing<T>> {
    const entries: T[] = [];
    const ids: number[] = []; // each entry's own record ID (the ID asked for when the record has none)
    const seen = new Map<number, number>(); // record ID → position in the chain
    let id = 0;
    while (id !== LAST_RECORD_ID) {
      if (entries.length >= maxRecords) {
        return { entries, partial: `listing stopped after ${maxRecords} records (the next one is record ${id})` };
      }
      const rec = await read(id);
      const own = rec.recordId ?? id;
      seen.set(id, entries.length);
      seen.set(own, entries.length);
      entries.push(rec);
      ids.push(own);
      const next = rec.nextRecordId;
      const again = seen.get(next);
      if (again !== undefined) {
        const chain = ids.slice(again).concat(next).join(' → ');
        throw new IpmiProtocolError(`IPMI ${spec.name} from ${this.session.target}: the record chain loops: record ${own} names record ${next} as next, which was already read (${chain})`);
      }
      id = next;
    }
    return { entries, partial: undefined };
  }

  /**
   * Clear SEL: reserve, initiate erase, then poll the erasure status with growing pauses (10 ms
   * doubling up to 1 s) until the BMC reports completion or `timeoutMs` (default 60 s) passes.
   */
  async clearSel(signal?: AbortSignal, opts: { timeoutMs?: number } = {}): Promise<void> {
    const clock = this.session.clock;
    const timeoutMs = opts.timeoutMs ?? CLEAR_SEL_TIMEOUT_MS;
    const reservationId = await this.reserveSel(signal);
    let done = await this.call(CLEAR_SEL, encodeClearSelRequest({ reservationId, action: CLEAR_SEL_ACTION.INITIATE }), decodeClearSelResponse, signal);
    const deadlineAt = clock.now() + timeoutMs;
    let gap = 10;
    let polls = 0;
    while (!done) {
      const left = deadlineAt - clock.now();
      if (left <= 0) throw new IpmiProtocolError(`IPMI Clear SEL on ${this.session.target}: erasure still in progress after ${polls} status polls over ${timeoutMs} ms`);
      await pause(clock, Math.min(gap, left), signal);
      gap = Math.min(gap * 2, CLEAR_SEL_MAX_POLL_GAP_MS);
      done = await this.call(CLEAR_SEL, encodeClearSelRequest({ reservationId, action: CLEAR_SEL_ACTION.GET_STATUS }), decodeClearSelResponse, signal);
      polls++;
    }
  }

  sdrRepositoryInfo(signal?: AbortSignal): Promise<RepositoryInfo> {
    return this.call(GET_SDR_REPOSITORY_INFO, NO_DATA, decodeSdrRepositoryInfoResponse, signal);
  }

  /** Raw bytes of one SDR (header included) and the next record ID; partial reads when the BMC needs them. */
  async sdrBytes(recordId: number, signal?: AbortSignal): Promise<{ bytes: Buffer; nextRecordId: number }> {
    const whole = await this.session.request(GET_SDR, encodeRecordReadRequest({ reservationId: 0, recordId, offset: 0, bytesToRead: READ_ENTIRE_RECORD }), {
      acceptCodes: [CC.CANNOT_RETURN_BYTES, CC.DATA_LENGTH_EXCEEDED, CC.DATA_LENGTH_INVALID],
      ...(signal ? { signal } : {}),
    });
    if (whole.completionCode === CC.OK) {
      const r = this.decoded(GET_SDR, decodeRecordReadResponse(whole.data));
      return { bytes: r.data, nextRecordId: r.nextRecordId };
    }
    // NOTE(partial reads): BMCs with small buffers refuse 0xFF; read the header, then chunks under a reservation.
    const reservationId = await this.call(RESERVE_SDR_REPOSITORY, NO_DATA, decodeReservationResponse, signal);
    const head = await this.call(GET_SDR, encodeRecordReadRequest({ reservationId, recordId, offset: 0, bytesToRead: SDR_HEADER_LENGTH }), decodeRecordReadResponse, signal);
    if (head.data.length < SDR_HEADER_LENGTH) throw new IpmiProtocolError(`IPMI Get SDR ${recordId} from ${this.session.target}: header shorter than 5 bytes`);
    const total = SDR_HEADER_LENGTH + byteAt(head.data, 4, 'SDR record length');
    const parts = [head.data.subarray(0, SDR_HEADER_LENGTH)];
    for (let off = SDR_HEADER_LENGTH; off < total; off += SDR_CHUNK) {
      const n = Math.min(SDR_CHUNK, total - off);
      const chunk = await this.call(GET_SDR, encodeRecordReadRequest({ reservationId, recordId, offset: off, bytesToRead: n }), decodeRecordReadResponse, signal);
      parts.push(chunk.data.subarray(0, n));
    }
    return { bytes: Buffer.concat(parts), nextRecordId: head.nextRecordId };
  }

  /** Every SDR in the repository, decoded. */
  async sdrRecords(signal?: AbortSignal): Promise<SdrRecord[]> {
    if ((await this.sdrRepositoryInfo(signal)).count === 0) return [];
    const { entries: raw, partial } = await this.walkRecords(GET_SDR, (id) => this.sdrBytes(id, signal), MAX_RECORDS);
    if (partial) throw new IpmiProtocolError(`IPMI Get SDR from ${this.session.target}: ${partial}`);
    return raw.map(({ bytes }) => this.decoded(GET_SDR, decodeSdrRecord(bytes)));
  }

  sensorReading(sensorNumber: number, signal?: AbortSignal): Promise<SensorReadingResponse> {
    return this.call(GET_SENSOR_READING, encodeGetSensorReadingRequest(sensorNumber), decodeGetSensorReadingResponse, signal);
  }
}
