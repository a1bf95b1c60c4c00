/** Sensor/Event commands (netFn 04h): readings, thresholds, sensor type, platform events. */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { decodeGetSensorReadingRequest } from '../../../drivers/ipmi/codec/commands/sensor-reading.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import type { SdrFullSensor } from '../../../drivers/ipmi/codec/sdr.ts';
import { sensorReadingData, sensorThresholdsData } from '../sensor-model.ts';
import type { IpmiSensor } from '../backend.ts';
import { fail, key, ok, type CommandHandler, type CommandResult } from './types.ts';

type SensorRun = (s: IpmiSensor) => CommandResult | Promise<CommandResult>;

/** A handler body for the sensor named by request byte 1 (CC CBh when there is none). */
function forSensor(run: SensorRun): CommandHandler['run'] {
  return ({ sdr }, data) => {
    const s = sdr.sensor(byteAt(data, 0, 'sensor number'));
    return s ? run(s) : fail(CC.NOT_PRESENT);
  };
}

/** The same, for full (threshold) sensor records only (CC CDh for the others). */
function forFullSensor(run: (s: IpmiSensor, sdr: SdrFullSensor) => CommandResult): CommandHandler['run'] {
  return forSensor((s) => (s.sdr.kind === 'full' ? run(s, s.sdr) : fail(CC.ILLEGAL_FOR_SENSOR)));
}

async function sensorReading(s: IpmiSensor): Promise<CommandResult> {
  if (s.sdr.kind === 'event-only') return fail(CC.ILLEGAL_FOR_SENSOR);
  return ok(sensorReadingData(s.sdr, await s.read()));
}

function eventEnables(s: IpmiSensor): CommandResult {
  if (s.sdr.kind === 'event-only') return ok([0xc0]);
  const a = s.sdr.assertionMask & 0x0fff;
  const d = s.sdr.deassertionMask & 0x0fff;
  return ok([0xc0, a & 0xff, a >> 8, d & 0xff, d >> 8]);
}

export const SENSOR_COMMANDS = new Map<number, CommandHandler>([
  [
    key(NETFN.SENSOR, 0x2d),
    {
      name: 'Get Sensor Reading',
      privilege: PRIVILEGE.USER,
      length: 1,
      run: async (ctx, data) => {
        const number = decodeGetSensorReadingRequest(data);
        if (!number.ok) return fail(CC.DATA_LENGTH_INVALID);
        const s = ctx.sdr.sensor(number.value);
        return s ? sensorReading(s) : fail(CC.NOT_PRESENT);
      },
    },
  ],
  [key(NETFN.SENSOR, 0x27), { name: 'Get Sensor Thresholds', privilege: PRIVILEGE.USER, length: 1, run: forFullSensor((_s, sdr) => ok(sensorThresholdsData(sdr))) }],
  [key(NETFN.SENSOR, 0x25), { name: 'Get Sensor Hysteresis', privilege: PRIVILEGE.USER, length: 2, run: forFullSensor((_s, sdr) => ok([sdr.hysteresisPositive, sdr.hysteresisNegative])) }],
  [key(NETFN.SENSOR, 0x29), { name: 'Get Sensor Event Enable', privilege: PRIVILEGE.USER, length: 1, run: forSensor(eventEnables) }],
  [key(NETFN.SENSOR, 0x2f), { name: 'Get Sensor Type', privilege: PRIVILEGE.USER, length: 1, run: forSensor((s) => ok([s.sdr.sensorType, s.sdr.eventType & 0x7f])) }],
  [
    key(NETFN.SENSOR, 0x02),
    {
      name: 'Platform Event',
      privilege: PRIVILEGE.OPERATOR,
      length: [7, 8],
      run: ({ backend }, data) => {
        // With 8 bytes the first is the generator ID; with 7 the requester is the (software) generator.
        const d = data.length === 8 ? data.subarray(1) : data;
        const generatorId = data.length === 8 ? byteAt(data, 0, 'generator ID') : 0x41;
        const dir = byteAt(d, 3, 'event direction / type');
        backend.sel.add({
          generatorId,
          sensorType: byteAt(d, 1, 'sensor type'),
          sensorNumber: byteAt(d, 2, 'sensor number'),
          assertion: (dir & 0x80) === 0,
          eventType: dir & 0x7f,
          eventData: [byteAt(d, 4, 'event data 1'), byteAt(d, 5, 'event data 2'), byteAt(d, 6, 'event data 3')],
        });
        return ok();
      },
    },
  ],
]);
