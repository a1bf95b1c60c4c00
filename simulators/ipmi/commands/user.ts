/**
 * User commands (netFn 06h, §22.26–22.30): Get/Set User Access, Get/Set User Name, Set User
 * Password, over the server's UserTable. Reading needs Operator, changing Administrator (Table
 * G-1). Where another view owns the accounts (the ft server's Redfish AccountService) the changes
 * are refused with CC D5h, so the two views never disagree.
 */
import { timingSafeEqual } from 'node:crypto';
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { FIRST_NAMED_USER_ID, MAX_USER_BYTES, MAX_USER_ID, NO_ACCESS, type UserTable } from '../accounts.ts';
import { ourChannel } from './channel.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

/** Set User Password: password test failed (80h), wrong password size (81h) (§22.30). */
const CC_PASSWORD_TEST_FAILED = 0x80;
const CC_WRONG_PASSWORD_SIZE = 0x81;
const NAME_FIELD = 16;

function userId(data: Buffer, at: number): number | undefined {
  const id = byteAt(data, at, 'user ID') & 0x3f;
  return id >= 1 && id <= MAX_USER_ID ? id : undefined;
}

/** Changes go through here: refused where the accounts are owned elsewhere, and for the null user (ID 1). */
function writable(ctx: CommandContext, id: number | undefined): UserTable | number {
  if (!ctx.server.userCommands) return CC.NOT_SUPPORTED_IN_STATE;
  if (id === undefined || id < FIRST_NAMED_USER_ID) return CC.INVALID_DATA_FIELD;
  return ctx.server.users;
}

function getUserAccess(ctx: CommandContext, data: Buffer): CommandResult {
  const id = userId(data, 1);
  if (ourChannel(ctx, data) === undefined || id === undefined) return fail(CC.INVALID_DATA_FIELD);
  const users = ctx.server.users;
  const all = users.names().map((n) => users.find(Buffer.from(n)));
  const enabledCount = all.filter((u) => u !== undefined).length;
  const s = users.slot(id);
  // Byte 2: enable status (01b enabled, 10b disabled) | enabled IDs; byte 3: fixed-name IDs (the null user).
  const status = s ? (s.enabled ? 0x40 : 0x80) : 0x80;
  const access = s ? (s.messaging ? 0x10 : 0) | (s.privilegeLimit & 0x0f) : NO_ACCESS;
  return ok([MAX_USER_ID, status | (enabledCount & 0x3f), 1, access]);
}

function setUserAccess(ctx: CommandContext, data: Buffer): CommandResult {
  const id = userId(data, 1);
  const users = writable(ctx, id);
  if (typeof users === 'number' || id === undefined) return fail(typeof users === 'number' ? users : CC.INVALID_DATA_FIELD);
  if (ourChannel(ctx, data) === undefined) return fail(CC.INVALID_DATA_FIELD);
  const slot = users.slot(id);
  if (!slot) return fail(CC.INVALID_DATA_FIELD);
  const b1 = byteAt(data, 0, 'change bits');
  const limit = byteAt(data, 2, 'privilege limit') & 0x0f;
  if (limit !== NO_ACCESS && (limit < PRIVILEGE.CALLBACK || limit > PRIVILEGE.ADMINISTRATOR)) return fail(CC.INVALID_DATA_FIELD);
  const messaging = (b1 & 0x80) !== 0 ? (b1 & 0x10) !== 0 : slot.messaging;
  users.setAccess(id, { privilegeLimit: limit, messaging });
  return ok();
}

function getUserName(ctx: CommandContext, data: Buffer): CommandResult {
  const id = userId(data, 0);
  if (id === undefined) return fail(CC.INVALID_DATA_FIELD);
  const name = Buffer.alloc(NAME_FIELD);
  name.write(ctx.server.users.slot(id)?.name ?? '', 'utf8');
  return ok(name);
}

function setUserName(ctx: CommandContext, data: Buffer): CommandResult {
  const id = userId(data, 0);
  const users = writable(ctx, id);
  if (typeof users === 'number' || id === undefined) return fail(typeof users === 'number' ? users : CC.INVALID_DATA_FIELD);
  const raw = data.subarray(1);
  const end = raw.indexOf(0);
  const name = raw.subarray(0, end < 0 ? raw.length : end).toString('utf8');
  if (Buffer.byteLength(name) > MAX_USER_BYTES) return fail(CC.INVALID_DATA_FIELD);
  if (name === '') {
    const slot = users.slot(id);
    if (slot) users.remove(slot.name);
    return ok();
  }
  return users.rename(id, name) ? ok() : fail(CC.INVALID_DATA_FIELD);
}

function setUserPassword(ctx: CommandContext, data: Buffer): CommandResult {
  const id = userId(data, 0);
  const size = (byteAt(data, 0, 'user ID') & 0x80) !== 0 ? 20 : 16;
  const op = byteAt(data, 1, 'operation') & 0x03;
  const users = op === 3 ? ctx.server.users : writable(ctx, id);
  if (typeof users === 'number' || id === undefined) return fail(typeof users === 'number' ? users : CC.INVALID_DATA_FIELD);
  if (!users.slot(id)) return fail(CC.INVALID_DATA_FIELD);
  if (op === 0 || op === 1) return users.setEnabled(id, op === 1) ? ok() : fail(CC.INVALID_DATA_FIELD);
  if (data.length !== 2 + size) return fail(CC_WRONG_PASSWORD_SIZE);
  const field = data.subarray(2);
  let end = field.length;
  while (end > 0 && field[end - 1] === 0) end--;
  const password = field.subarray(0, end);
  if (op === 2) return users.setPassword(id, password) ? ok() : fail(CC.INVALID_DATA_FIELD);
  const kept = users.slot(id)?.password;
  return kept && kept.length === password.length && timingSafeEqual(kept, password) ? ok() : fail(CC_PASSWORD_TEST_FAILED);
}

export const USER_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.APP, 0x43), { name: 'Set User Access', privilege: PRIVILEGE.ADMINISTRATOR, length: [3, 4], run: setUserAccess }],
  [key(NETFN.APP, 0x44), { name: 'Get User Access', privilege: PRIVILEGE.OPERATOR, length: 2, run: getUserAccess }],
  [key(NETFN.APP, 0x45), { name: 'Set User Name', privilege: PRIVILEGE.ADMINISTRATOR, length: 17, run: setUserName }],
  [key(NETFN.APP, 0x46), { name: 'Get User Name', privilege: PRIVILEGE.OPERATOR, length: 1, run: getUserName }],
  [key(NETFN.APP, 0x47), { name: 'Set User Password', privilege: PRIVILEGE.ADMINISTRATOR, length: [2, 18, 22], run: setUserPassword }],
]);
