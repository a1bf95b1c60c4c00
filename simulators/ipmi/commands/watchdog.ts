/** Watchdog timer (§27.5–27.7) and BMC Global Enables (§22.1–22.2) commands (netFn 06h). */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { fail, key, ok, type CommandHandler, type CommandResult } from './types.ts';

/** BMC Global Enables bit 4 is reserved. */
const GLOBAL_ENABLES_RESERVED = 0x10;

function result(cc: number): CommandResult {
  return cc === 0 ? ok() : fail(cc);
}

export const WATCHDOG_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.APP, 0x22), { name: 'Reset Watchdog Timer', privilege: PRIVILEGE.OPERATOR, length: 0, run: ({ server }) => result(server.watchdog.reset()) }],
  [key(NETFN.APP, 0x24), { name: 'Set Watchdog Timer', privilege: PRIVILEGE.OPERATOR, length: 6, run: ({ server }, data) => result(server.watchdog.set(data)) }],
  [key(NETFN.APP, 0x25), { name: 'Get Watchdog Timer', privilege: PRIVILEGE.USER, length: 0, run: ({ server }) => ok(server.watchdog.get()) }],
  [
    key(NETFN.APP, 0x2e),
    {
      name: 'Set BMC Global Enables',
      privilege: PRIVILEGE.ADMINISTRATOR,
      length: 1,
      run: ({ server }, data) => {
        const v = byteAt(data, 0, 'global enables');
        if (v & GLOBAL_ENABLES_RESERVED) return fail(CC.INVALID_DATA_FIELD);
        server.state.globalEnables = v;
        return ok();
      },
    },
  ],
  [key(NETFN.APP, 0x2f), { name: 'Get BMC Global Enables', privilege: PRIVILEGE.USER, length: 0, run: ({ server }) => ok([server.state.globalEnables]) }],
]);
