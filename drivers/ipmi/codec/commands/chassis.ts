/** Get Chassis Status (Chassis 00h, cmd 01h, §28.2) and Chassis Control (cmd 02h, §28.3). */
import { checkByte, decoding, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const GET_CHASSIS_STATUS: CommandSpec = { name: 'Get Chassis Status', netFn: 0x00, cmd: 0x01 };
export const CHASSIS_CONTROL: CommandSpec = { name: 'Chassis Control', netFn: 0x00, cmd: 0x02 };

/** Chassis Control actions (byte 1 bits 3:0, Table 28-4), indexed by their code. */
export const CHASSIS_ACTIONS = ['power-off', 'power-on', 'power-cycle', 'hard-reset', 'diagnostic-interrupt', 'soft-off'] as const;
export type ChassisAction = (typeof CHASSIS_ACTIONS)[number];
/** The short verbs consoles use (`ipmitool chassis power off`, `ftlab bmc … power cycle`). */
export type ChassisActionName = 'off' | 'on' | 'cycle' | 'reset' | 'diag' | 'soft';
export const CHASSIS_ACTION_BY_NAME: Readonly<Record<ChassisActionName, ChassisAction>> = {
  off: 'power-off',
  on: 'power-on',
  cycle: 'power-cycle',
  reset: 'hard-reset',
  diag: 'diagnostic-interrupt',
  soft: 'soft-off',
};

export type RestorePolicy = 'always-off' | 'previous' | 'always-on' | 'unknown';
const POLICIES: readonly RestorePolicy[] = ['always-off', 'previous', 'always-on', 'unknown'];

export interface ChassisStatus {
  powerOn: boolean;
  powerOverload: boolean;
  interlock: boolean;
  powerFault: boolean;
  powerControlFault: boolean;
  restorePolicy: RestorePolicy;
  /** Byte 2 as sent: bit4 on via IPMI, bit3 fault, bit2 interlock, bit1 overload, bit0 AC failed. */
  lastPowerEvent: number;
  intrusion: boolean;
  frontPanelLockout: boolean;
  driveFault: boolean;
  coolingFault: boolean;
  /** 0 off, 1 temporary on, 2 indefinite on (meaningful when identifySupported). */
  identifyState: number;
  identifySupported: boolean;
  /** Byte 4 (front panel button capabilities) when present. */
  frontPanelButtons?: number;
}

const b = (v: boolean, n: number): number => (v ? 1 << n : 0);

export function encodeChassisStatusResponse(s: ChassisStatus): Buffer {
  const bytes = [
    b(s.powerOn, 0) | b(s.powerOverload, 1) | b(s.interlock, 2) | b(s.powerFault, 3) | b(s.powerControlFault, 4) | (POLICIES.indexOf(s.restorePolicy) << 5),
    checkByte('lastPowerEvent', s.lastPowerEvent, 0x1f),
    b(s.intrusion, 0) | b(s.frontPanelLockout, 1) | b(s.driveFault, 2) | b(s.coolingFault, 3) | (checkByte('identifyState', s.identifyState, 3) << 4) | b(s.identifySupported, 6),
  ];
  if (POLICIES.indexOf(s.restorePolicy) < 0) throw new RangeError(`restorePolicy must be one of ${POLICIES.join(', ')}`);
  if (s.frontPanelButtons !== undefined) bytes.push(checkByte('frontPanelButtons', s.frontPanelButtons));
  return Buffer.from(bytes);
}

export function decodeChassisStatusResponse(input: Uint8Array): Decoded<ChassisStatus> {
  return decoding('Get Chassis Status response', input, (r) => {
    const p = r.u8('current power state');
    const lastPowerEvent = r.u8('last power event') & 0x1f;
    const m = r.u8('misc chassis state');
    const s: ChassisStatus = {
      powerOn: (p & 1) !== 0,
      powerOverload: (p & 2) !== 0,
      interlock: (p & 4) !== 0,
      powerFault: (p & 8) !== 0,
      powerControlFault: (p & 0x10) !== 0,
      restorePolicy: POLICIES[(p >> 5) & 3] ?? 'unknown',
      lastPowerEvent,
      intrusion: (m & 1) !== 0,
      frontPanelLockout: (m & 2) !== 0,
      driveFault: (m & 4) !== 0,
      coolingFault: (m & 8) !== 0,
      identifyState: (m >> 4) & 3,
      identifySupported: (m & 0x40) !== 0,
    };
    if (r.remaining >= 1) s.frontPanelButtons = r.u8('front panel buttons');
    return s;
  });
}

export function encodeChassisControlRequest(action: ChassisAction): Buffer {
  const code = CHASSIS_ACTIONS.indexOf(action);
  if (code < 0) throw new RangeError(`chassis control action must be one of ${CHASSIS_ACTIONS.join(', ')}, got ${String(action)}`);
  return Buffer.from([code]);
}

export function decodeChassisControlRequest(input: Uint8Array): Decoded<ChassisAction> {
  return decoding('Chassis Control request', input, (r) => {
    const code = r.u8('chassis control') & 0x0f;
    return CHASSIS_ACTIONS[code] ?? r.fail(`chassis control action must be 0–${CHASSIS_ACTIONS.length - 1}, got ${code}`, 0);
  });
}
