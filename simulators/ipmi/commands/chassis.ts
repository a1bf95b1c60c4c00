/** Chassis commands (netFn 00h): status, control, identify, boot options. */
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { PRIV } from '../accounts.ts';
import { CHASSIS_ACTIONS, type BootDevice, type BootFlags } from '../backend.ts';
import { fail, key, ok, type CommandHandler } from './types.ts';

/** Boot device selector values (§28.13 parameter 5, data 2 bits 5..2). */
const BOOT_DEVICE_CODES: ReadonlyArray<[BootDevice, number]> = [
  ['none', 0x0],
  ['pxe', 0x1],
  ['disk', 0x2],
  ['disk-safe', 0x3],
  ['diagnostic', 0x4],
  ['cdrom', 0x5],
  ['bios', 0x6],
  ['remote-floppy', 0x7],
  ['remote-cdrom', 0x8],
  ['remote-disk', 0xb],
  ['floppy', 0xf],
];

export function encodeBootFlags(f: BootFlags): Buffer {
  const code = BOOT_DEVICE_CODES.find(([d]) => d === f.device)?.[1] ?? 0;
  return Buffer.from([(f.valid ? 0x80 : 0) | (f.persistent ? 0x40 : 0) | (f.efi ? 0x20 : 0), code << 2, 0, 0, 0]);
}

export function decodeBootFlags(d: Buffer): BootFlags | undefined {
  const code = ((d[1] as number) >> 2) & 0x0f;
  const device = BOOT_DEVICE_CODES.find(([, c]) => c === code)?.[0];
  if (!device) return undefined;
  const b0 = d[0] as number;
  return { device, valid: (b0 & 0x80) !== 0, persistent: (b0 & 0x40) !== 0, efi: (b0 & 0x20) !== 0 };
}

const BOOT_PARAM_VERSION = 0x01;
const PARAM_SET_IN_PROGRESS = 0;
const PARAM_SERVICE_PARTITION = 1;
const PARAM_INFO_ACK = 4;
const PARAM_BOOT_FLAGS = 5;

/** Parameters other than boot flags are kept as given, so Get returns what Set stored. */
const otherParams = new WeakMap<object, Map<number, Buffer>>();

export const CHASSIS_COMMANDS = new Map<number, CommandHandler>([
  [
    key(NETFN.CHASSIS, 0x00),
    {
      name: 'Get Chassis Capabilities',
      privilege: PRIV.USER,
      length: 0,
      // No intrusion/lockout capabilities; FRU, SDR, SEL and system management device at the BMC.
      run: () => ok([0x00, 0x20, 0x20, 0x20, 0x20]),
    },
  ],
  [
    key(NETFN.CHASSIS, 0x01),
    {
      name: 'Get Chassis Status',
      privilege: PRIV.USER,
      length: 0,
      run: async ({ backend }) => {
        const p = await backend.power();
        const policy = p.restorePolicy === 'always-on' ? 2 : p.restorePolicy === 'previous' ? 1 : 0;
        return ok([(p.on ? 0x01 : 0) | (p.powerFault ? 0x08 : 0) | (policy << 5), 0x00, 0x40, 0x00]);
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x02),
    {
      name: 'Chassis Control',
      privilege: PRIV.OPERATOR,
      length: 1,
      run: async ({ backend }, data) => {
        const action = CHASSIS_ACTIONS[(data[0] as number) & 0x0f];
        if (!action) return fail(CC.INVALID_DATA_FIELD);
        await backend.chassisControl(action);
        return ok();
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x04),
    {
      name: 'Chassis Identify',
      privilege: PRIV.OPERATOR,
      length: [0, 1, 2],
      run: async ({ backend }, data) => {
        const interval = data.length >= 1 ? (data[0] as number) : 15;
        const force = data.length >= 2 && ((data[1] as number) & 1) === 1;
        await backend.identify?.(interval, force);
        return ok();
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x08),
    {
      name: 'Set System Boot Options',
      privilege: PRIV.OPERATOR,
      run: async ({ backend }, data) => {
        if (data.length < 1) return fail(CC.DATA_LENGTH_INVALID);
        const param = (data[0] as number) & 0x7f;
        const value = data.subarray(1);
        if (param === PARAM_BOOT_FLAGS) {
          if (value.length < 5) return fail(CC.DATA_LENGTH_INVALID);
          const flags = decodeBootFlags(value);
          if (!flags) return fail(CC.INVALID_DATA_FIELD);
          await backend.setBootFlags(flags);
          return ok();
        }
        if (param === PARAM_SET_IN_PROGRESS || param === PARAM_SERVICE_PARTITION || param === 2 || param === 3 || param === PARAM_INFO_ACK) {
          let store = otherParams.get(backend);
          if (!store) otherParams.set(backend, (store = new Map()));
          store.set(param, Buffer.from(value));
          return ok();
        }
        return fail(0x80); // parameter not supported
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x09),
    {
      name: 'Get System Boot Options',
      privilege: PRIV.USER,
      length: 3,
      run: async ({ backend }, data) => {
        const param = (data[0] as number) & 0x7f;
        if (param === PARAM_BOOT_FLAGS) return ok(Buffer.concat([Buffer.from([BOOT_PARAM_VERSION, param]), encodeBootFlags(await backend.bootFlags())]));
        const stored = otherParams.get(backend)?.get(param);
        const defaults: Record<number, number[]> = { 0: [0], 1: [0], 2: [0], 3: [0x1f], 4: [0, 0] };
        const value = stored ?? (defaults[param] ? Buffer.from(defaults[param]) : undefined);
        if (!value) return fail(0x80);
        return ok(Buffer.concat([Buffer.from([BOOT_PARAM_VERSION, param]), value]));
      },
    },
  ],
]);
