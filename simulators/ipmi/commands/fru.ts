/**
 * FRU inventory (netFn 0Ah, §34): Get FRU Inventory Area Info and Read FRU Data for FRU device 0,
 * the image the backend describes (fru-image.ts). The inventory is read-only: Write FRU Data
 * answers CC 80h (write-protected offset).
 */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import type { IpmiBmcBackend } from '../backend.ts';
import { encodeFruImage } from '../fru-image.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

const MAX_READ = 64;
const CC_WRITE_PROTECTED = 0x80;
const BUILTIN_FRU = 0;

async function image({ backend }: { backend: IpmiBmcBackend }, data: Buffer): Promise<Buffer | undefined> {
  if (byteAt(data, 0, 'FRU device ID') !== BUILTIN_FRU || !backend.fru) return undefined;
  return encodeFruImage(await backend.fru());
}

async function areaInfo(ctx: CommandContext, data: Buffer): Promise<CommandResult> {
  const img = await image(ctx, data);
  if (!img) return fail(CC.NOT_PRESENT);
  return ok([img.length & 0xff, img.length >> 8, 0x00]); // accessed by bytes
}

async function readFru(ctx: CommandContext, data: Buffer): Promise<CommandResult> {
  const img = await image(ctx, data);
  if (!img) return fail(CC.NOT_PRESENT);
  const offset = data.readUInt16LE(1);
  const count = byteAt(data, 3, 'count to read');
  if (offset >= img.length) return fail(CC.PARAMETER_OUT_OF_RANGE);
  if (count > MAX_READ) return fail(CC.CANNOT_RETURN_BYTES);
  const bytes = img.subarray(offset, Math.min(img.length, offset + count));
  return ok([bytes.length, ...bytes]);
}

export const FRU_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.STORAGE, 0x10), { name: 'Get FRU Inventory Area Info', privilege: PRIVILEGE.USER, length: 1, run: areaInfo }],
  [key(NETFN.STORAGE, 0x11), { name: 'Read FRU Data', privilege: PRIVILEGE.USER, length: 4, run: readFru }],
  [key(NETFN.STORAGE, 0x12), { name: 'Write FRU Data', privilege: PRIVILEGE.OPERATOR, run: () => fail(CC_WRITE_PROTECTED) }],
]);
