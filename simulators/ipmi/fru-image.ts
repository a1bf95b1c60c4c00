/**
 * The FRU inventory image (Platform Management FRU Information Storage Definition v1.0): common
 * header, chassis, board and product info areas, each padded to 8 bytes and zero-checksummed.
 * Pure: text in, bytes out. Fields are 8-bit ASCII type/length fields (type bits 11b).
 */
import { ConfigError } from '../../lib/errors.ts';

export interface FruInfo {
  chassis: { type: number; partNumber: string; serialNumber: string };
  board: { manufacturer: string; productName: string; serialNumber: string; partNumber: string; manufactured: Date };
  product: { manufacturer: string; name: string; partNumber: string; version: string; serialNumber: string; assetTag: string };
}

/** Chassis type 17h: rack mount chassis (SMBIOS chassis types). */
export const CHASSIS_RACK_MOUNT = 0x17;
const FORMAT_VERSION = 0x01;
const END_OF_FIELDS = 0xc1;
const LANGUAGE_ENGLISH = 0x00;
/** Board manufacturing date: minutes since 1996-01-01 00:00 UTC. */
const FRU_EPOCH_MS = Date.UTC(1996, 0, 1);
const MAX_FIELD = 63;

function checksum(bytes: readonly number[]): number {
  return (0x100 - (bytes.reduce((a, b) => a + b, 0) & 0xff)) & 0xff;
}

/** One 8-bit ASCII field; a 1-byte text is padded with a space (C1h would read as "end of fields"). */
function field(text: string, where: string): number[] {
  const t = text.length === 1 ? `${text} ` : text;
  const b = Buffer.from(t, 'latin1');
  if (b.length > MAX_FIELD || !/^[\x20-\x7e]*$/.test(t)) throw new ConfigError(where, `printable ASCII of at most ${MAX_FIELD} characters`, { found: text });
  return [0xc0 | b.length, ...b];
}

/** An info area: version, length in 8-byte units, the body, end marker, padding, checksum. */
function area(body: readonly number[]): number[] {
  const unpadded = 2 + body.length + 1 + 1;
  const length = Math.ceil(unpadded / 8) * 8;
  const bytes = [FORMAT_VERSION, length / 8, ...body, END_OF_FIELDS, ...new Array<number>(length - unpadded).fill(0)];
  return [...bytes, checksum(bytes)];
}

function minutesSince1996(d: Date): number[] {
  const m = Math.max(0, Math.min(0xffffff, Math.floor((d.getTime() - FRU_EPOCH_MS) / 60_000)));
  return [m & 0xff, (m >> 8) & 0xff, (m >> 16) & 0xff];
}

export function encodeFruImage(info: FruInfo): Buffer {
  const { chassis: c, board: b, product: p } = info;
  const chassis = area([c.type & 0xff, ...field(c.partNumber, 'FRU chassis part number'), ...field(c.serialNumber, 'FRU chassis serial number')]);
  const board = area([
    LANGUAGE_ENGLISH,
    ...minutesSince1996(b.manufactured),
    ...field(b.manufacturer, 'FRU board manufacturer'),
    ...field(b.productName, 'FRU board product name'),
    ...field(b.serialNumber, 'FRU board serial number'),
    ...field(b.partNumber, 'FRU board part number'),
    0xc0, // FRU file ID: empty
  ]);
  const product = area([
    LANGUAGE_ENGLISH,
    ...field(p.manufacturer, 'FRU product manufacturer'),
    ...field(p.name, 'FRU product name'),
    ...field(p.partNumber, 'FRU product part number'),
    ...field(p.version, 'FRU product version'),
    ...field(p.serialNumber, 'FRU product serial number'),
    ...field(p.assetTag, 'FRU product asset tag'),
    0xc0, // FRU file ID: empty
  ]);
  // Offsets in 8-byte units: header (1), chassis, board, product; no internal-use or multirecord area.
  const header = [FORMAT_VERSION, 0, 1, 1 + chassis.length / 8, 1 + (chassis.length + board.length) / 8, 0, 0];
  return Buffer.from([...header, checksum(header), ...chassis, ...board, ...product]);
}
