/** Chassis commands (netFn 00h): status, control, identify, boot options. Wire formats are the codec's. */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import {
  BOOT_PARAM,
  BOOT_PARAM_VERSION,
  bootFlagsFor,
  decodeBootFlags,
  decodeGetBootOptionsRequest,
  decodeSetBootOptionsRequest,
  encodeBootFlags,
  encodeGetBootOptionsResponse,
} from '../../../drivers/ipmi/codec/commands/boot-options.ts';
import { decodeChassisControlRequest, encodeChassisStatusResponse } from '../../../drivers/ipmi/codec/commands/chassis.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import type { BootFlags, IpmiBmcBackend } from '../backend.ts';
import type { IdentifyState } from '../bmc-state.ts';
import { fail, key, ok, type CommandHandler, type CommandResult } from './types.ts';

/** Parameter not supported (Get/Set System Boot Options, §28.12). */
const CC_PARAMETER_NOT_SUPPORTED = 0x80;
/** Parameters other than boot flags that are kept as given, so Get returns what Set stored. */
const STORED_PARAMS: readonly number[] = [
  BOOT_PARAM.SET_IN_PROGRESS,
  BOOT_PARAM.SERVICE_PARTITION_SELECTOR,
  BOOT_PARAM.SERVICE_PARTITION_SCAN,
  BOOT_PARAM.BMC_BOOT_FLAG_VALID_CLEARING,
  BOOT_PARAM.BOOT_INFO_ACK,
];
const PARAM_DEFAULTS: ReadonlyMap<number, readonly number[]> = new Map([
  [BOOT_PARAM.SET_IN_PROGRESS, [0]],
  [BOOT_PARAM.SERVICE_PARTITION_SELECTOR, [0]],
  [BOOT_PARAM.SERVICE_PARTITION_SCAN, [0]],
  [BOOT_PARAM.BMC_BOOT_FLAG_VALID_CLEARING, [0x1f]],
  [BOOT_PARAM.BOOT_INFO_ACK, [0, 0]],
]);
/** Chassis Status byte 3 bits 5:4 (§28.2). */
const IDENTIFY_STATE: Readonly<Record<IdentifyState, number>> = { off: 0, timed: 1, indefinite: 2 };
const otherParams = new WeakMap<object, Map<number, Buffer>>();

function storeParam(backend: IpmiBmcBackend, param: number, value: Buffer): void {
  let store = otherParams.get(backend);
  if (!store) otherParams.set(backend, (store = new Map()));
  store.set(param, Buffer.from(value));
}

async function setBootFlags(backend: IpmiBmcBackend, value: Buffer): Promise<CommandResult> {
  const flags = decodeBootFlags(value);
  if (!flags.ok) return fail(CC.DATA_LENGTH_INVALID);
  const { device, valid, persistent, efi } = flags.value;
  if (typeof device === 'number') return fail(CC.INVALID_DATA_FIELD);
  const kept: BootFlags = { device, valid, persistent, efi };
  await backend.setBootFlags(kept);
  return ok();
}

function bootOptionsResponse(parameter: number, data: Buffer): CommandResult {
  return ok(encodeGetBootOptionsResponse({ parameterVersion: BOOT_PARAM_VERSION, parameter, invalid: false, data }));
}

export const CHASSIS_COMMANDS = new Map<number, CommandHandler>([
  [
    key(NETFN.CHASSIS, 0x00),
    {
      name: 'Get Chassis Capabilities',
      privilege: PRIVILEGE.USER,
      length: 0,
      // No intrusion/lockout capabilities; FRU, SDR, SEL and system management device at the BMC.
      run: () => ok([0x00, 0x20, 0x20, 0x20, 0x20]),
    },
  ],
  [
    key(NETFN.CHASSIS, 0x01),
    {
      name: 'Get Chassis Status',
      privilege: PRIVILEGE.USER,
      length: 0,
      run: async ({ backend, server }) => {
        const p = await backend.power();
        return ok(
          encodeChassisStatusResponse({
            powerOn: p.on,
            powerOverload: false,
            interlock: false,
            powerFault: p.powerFault ?? false,
            powerControlFault: false,
            restorePolicy: p.restorePolicy ?? 'always-off',
            lastPowerEvent: 0,
            intrusion: false,
            frontPanelLockout: false,
            driveFault: false,
            coolingFault: false,
            identifyState: IDENTIFY_STATE[server.state.identifyState()],
            identifySupported: true,
            frontPanelButtons: 0,
          }),
        );
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x02),
    {
      name: 'Chassis Control',
      privilege: PRIVILEGE.OPERATOR,
      length: 1,
      run: async ({ backend }, data) => {
        const action = decodeChassisControlRequest(data);
        if (!action.ok) return fail(CC.INVALID_DATA_FIELD);
        await backend.chassisControl(action.value);
        return ok();
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x04),
    {
      name: 'Chassis Identify',
      privilege: PRIVILEGE.OPERATOR,
      length: [0, 1, 2],
      run: async ({ backend, server }, data) => {
        const interval = data.length >= 1 ? byteAt(data, 0, 'identify interval') : 15;
        const force = data.length >= 2 && (byteAt(data, 1, 'force identify') & 1) === 1;
        await backend.identify?.(interval, force);
        server.state.identify(interval, force);
        return ok();
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x08),
    {
      name: 'Set System Boot Options',
      privilege: PRIVILEGE.OPERATOR,
      run: async ({ backend }, data) => {
        const req = decodeSetBootOptionsRequest(data);
        if (!req.ok) return fail(CC.DATA_LENGTH_INVALID);
        const { parameter, data: value } = req.value;
        if (parameter === BOOT_PARAM.BOOT_FLAGS) return setBootFlags(backend, value);
        if (!STORED_PARAMS.includes(parameter)) return fail(CC_PARAMETER_NOT_SUPPORTED);
        storeParam(backend, parameter, value);
        return ok();
      },
    },
  ],
  [
    key(NETFN.CHASSIS, 0x09),
    {
      name: 'Get System Boot Options',
      privilege: PRIVILEGE.USER,
      length: 3,
      run: async ({ backend }, data) => {
        const req = decodeGetBootOptionsRequest(data);
        if (!req.ok) return fail(CC.DATA_LENGTH_INVALID);
        const { parameter } = req.value;
        if (parameter === BOOT_PARAM.BOOT_FLAGS) return bootOptionsResponse(parameter, encodeBootFlags(bootFlagsFor(await backend.bootFlags())));
        const fallback = PARAM_DEFAULTS.get(parameter);
        const value = otherParams.get(backend)?.get(parameter) ?? (fallback ? Buffer.from(fallback) : undefined);
        return value ? bootOptionsResponse(parameter, value) : fail(CC_PARAMETER_NOT_SUPPORTED);
      },
    },
  ],
]);
