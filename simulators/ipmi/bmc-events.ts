/**
 * The events the BMC logs about itself in its SEL (sensor-specific, event type 6Fh, §42.2):
 * the SEL cleared (Event Logging Disabled 10h, "Log area reset/cleared"), the watchdog expired
 * (Watchdog 2 23h) and a user locked out after failed logins (Session Audit 2Ah, "Invalid password
 * disable"). Sensor numbers are this BMC's own, outside the ranges the backends use.
 */
import type { SelEventInput, SelStore } from './sel-store.ts';

export const BMC_SENSOR = { WATCHDOG: 0x70, EVENT_LOG: 0x71, SESSION_AUDIT: 0x72 } as const;
const SENSOR_TYPE = { EVENT_LOGGING_DISABLED: 0x10, WATCHDOG2: 0x23, SESSION_AUDIT: 0x2a } as const;
const SENSOR_SPECIFIC = 0x6f;
/** Event data 1 bits 7:6 = 11b: event data 2 holds a sensor-specific extension code. */
const DATA2_SPECIFIC = 0xc0;

function event(sensorType: number, sensorNumber: number, offset: number, data2 = 0xff, data3 = 0xff): SelEventInput {
  return { sensorType, sensorNumber, eventType: SENSOR_SPECIFIC, assertion: true, eventData: [(data2 === 0xff ? 0 : DATA2_SPECIFIC) | offset, data2, data3] };
}

/** Offset 02h, "Log area reset/cleared": logged right after a Clear SEL. */
export function logCleared(sel: SelStore): void {
  sel.add(event(SENSOR_TYPE.EVENT_LOGGING_DISABLED, BMC_SENSOR.EVENT_LOG, 0x02));
}

/** Offsets 0..3: timer expired / hard reset / power down / power cycle; data 2 = interrupt type (7:4) | timer use (3:0). */
export function watchdogExpired(sel: SelStore, offset: number, interrupt: number, timerUse: number): void {
  sel.add(event(SENSOR_TYPE.WATCHDOG2, BMC_SENSOR.WATCHDOG, offset & 0x0f, ((interrupt & 0x0f) << 4) | (timerUse & 0x0f)));
}

/** Offset 03h, "Invalid password disable"; data 2 = the user ID (bits 5:0), data 3 = the channel (bits 3:0). */
export function userLockedOut(sel: SelStore, userId: number, channel: number): void {
  sel.add(event(SENSOR_TYPE.SESSION_AUDIT, BMC_SENSOR.SESSION_AUDIT, 0x03, userId & 0x3f, channel & 0x0f));
}
