/**
 * Typed IPMI commands over one IpmiSession. Every method takes an optional AbortSignal; errors are
 * IpmiTimeoutError / IpmiAuthError / IpmiCompletionCodeError / IpmiProtocolError (errors.ts).
 */
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
/** Bytes per partial Get SDR read when a BMC cannot return a whole record at once. */
const SDR_CHUNK = 16;
const MAX_RECORDS = 4096;

export interface SelEntry {
  recordId: number;
  nextRecordId: number;
  record: SelRecord;
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

  /** Every SEL record, oldest first. */
  async selEntries(signal?: AbortSignal): Promise<SelEntry[]> {
    if ((await this.selInfo(signal)).count === 0) return [];
    return this.walkRecords(GET_SEL_ENTRY, (id) => this.selEntry(id, 0, signal));
  }

  /**
   * Follow a repository's record chain from the first record (ID 0) to the last (0xFFFF), at most
   * MAX_RECORDS records; a record naming itself as next is a protocol error, not an endless loop.
   */
  private async walkRecords<T extends { nextRecordId: number }>(spec: CommandSpec, read: (id: number) => Promise<T>): Promise<T[]> {
    const out: T[] = [];
    let id = 0;
    while (id !== LAST_RECORD_ID && out.length < MAX_RECORDS) {
      const rec = await read(id);
      out.push(rec);
      if (rec.nextRecordId === id) throw new IpmiProtocolError(`IPMI ${spec.name} from ${this.session.target}: record ${id} points to itself as next`);
      id = rec.nextRecordId;
    }
    return out;
  }

  /** Clear SEL: reserve, initiate erase, then poll until the BMC reports completion. */
  async clearSel(signal?: AbortSignal): Promise<void> {
    const reservationId = await this.reserveSel(signal);
    let done = await this.call(CLEAR_SEL, encodeClearSelRequest({ reservationId, action: CLEAR_SEL_ACTION.INITIATE }), decodeClearSelResponse, signal);
    for (let i = 0; !done && i < 50; i++) {
      done = await this.call(CLEAR_SEL, encodeClearSelRequest({ reservationId, action: CLEAR_SEL_ACTION.GET_STATUS }), decodeClearSelResponse, signal);
    }
    if (!done) throw new IpmiProtocolError(`IPMI Clear SEL on ${this.session.target}: erasure did not complete after 50 status polls`);
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
    const raw = await this.walkRecords(GET_SDR, (id) => this.sdrBytes(id, signal));
    return raw.map(({ bytes }) => this.decoded(GET_SDR, decodeSdrRecord(bytes)));
  }

  sensorReading(sensorNumber: number, signal?: AbortSignal): Promise<SensorReadingResponse> {
    return this.call(GET_SENSOR_READING, encodeGetSensorReadingRequest(sensorNumber), decodeGetSensorReadingResponse, signal);
  }
}
