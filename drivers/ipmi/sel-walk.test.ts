/**
 * The client's SEL walk and Clear SEL against BMC behaviours no local peer produces (ipmi_sim and
 * the embedded BMC erase at once and keep a sound chain): a repository stand-in that answers each
 * request through the real codec, with real completion codes and record encodings.
 */
import test from 'ava';
import { systemClock } from '../../lib/clock.ts';
import type { IpmiResponse } from './codec/message.ts';
import type { CommandSpec } from './codec/commands/spec.ts';
import {
  CLEAR_SEL,
  CLEAR_SEL_ACTION,
  GET_SEL_ENTRY,
  GET_SEL_INFO,
  LAST_RECORD_ID,
  RESERVE_SEL,
  decodeClearSelRequest,
  decodeRecordReadRequest,
  encodeClearSelResponse,
  encodeRecordReadResponse,
  encodeReservationResponse,
  encodeSelInfoResponse,
} from './codec/commands/sel-commands.ts';
import { encodeSelRecord } from './codec/sel.ts';
import { CC } from './codec/completion-codes.ts';
import { IpmiClient } from './client.ts';
import type { IpmiSession } from './session.ts';
import { IpmiProtocolError } from './errors.ts';

/** A SEL whose chain is `next` (record ID → next record ID, first record = `first`) and whose erasure takes `eraseMs`. */
class SelStandIn {
  readonly target = '127.0.0.1:623 (stand-in)';
  readonly clock = systemClock;
  statusPolls = 0;
  private erasedAt: number | undefined;

  constructor(
    private readonly first: number,
    private readonly next: Map<number, number>,
    private readonly eraseMs = 0,
  ) {}

  private answer(spec: CommandSpec, completionCode: number, data: Buffer = Buffer.alloc(0)): IpmiResponse {
    return { rqAddr: 0x81, netFn: spec.netFn + 1, rqLun: 0, rsAddr: 0x20, rqSeq: 1, rsLun: 0, cmd: spec.cmd, completionCode, data };
  }

  async request(spec: CommandSpec, data: Buffer): Promise<IpmiResponse> {
    if (spec === GET_SEL_INFO) {
      return this.answer(spec, CC.OK, encodeSelInfoResponse({ version: 0x51, count: this.next.size, freeBytes: 1024, lastAddTimestamp: 0, lastEraseTimestamp: 0, operationSupport: 0x02 }));
    }
    if (spec === RESERVE_SEL) return this.answer(spec, CC.OK, encodeReservationResponse(7));
    if (spec === GET_SEL_ENTRY) {
      const req = decodeRecordReadRequest(data);
      if (!req.ok) return this.answer(spec, CC.INVALID_DATA_FIELD);
      const id = req.value.recordId === 0 ? this.first : req.value.recordId;
      const nextId = this.next.get(id);
      if (nextId === undefined) return this.answer(spec, CC.NOT_PRESENT);
      const record = encodeSelRecord({ kind: 'oem', recordId: id, recordType: 0xe0, oemData: Buffer.alloc(13, id & 0xff) });
      return this.answer(spec, CC.OK, encodeRecordReadResponse({ nextRecordId: nextId, data: record }));
    }
    if (spec === CLEAR_SEL) {
      const req = decodeClearSelRequest(data);
      if (!req.ok) return this.answer(spec, CC.INVALID_DATA_FIELD);
      if (req.value.action === CLEAR_SEL_ACTION.INITIATE) {
        this.erasedAt = this.clock.now() + this.eraseMs;
      } else {
        this.statusPolls++;
      }
      return this.answer(spec, CC.OK, encodeClearSelResponse(this.erasedAt !== undefined && this.clock.now() >= this.erasedAt));
    }
    return this.answer(spec, CC.INVALID_COMMAND);
  }
}

function clientOver(bmc: SelStandIn): IpmiClient {
  return new IpmiClient(bmc as unknown as IpmiSession);
}

test('a SEL chain that loops (1 → 2 → 1) is an error naming the records, not thousands of duplicates', async (t) => {
  const bmc = new SelStandIn(1, new Map([[1, 2], [2, 1]]));
  const e = await t.throwsAsync(clientOver(bmc).readSel(), { instanceOf: IpmiProtocolError });
  t.regex(e?.message ?? '', /loops: record 2 names record 1 as next.*\(1 → 2 → 1\)/);
});

test('a SEL longer than the record cap is listed as partial, saying where it stopped', async (t) => {
  const chain = new Map<number, number>();
  for (let id = 1; id <= 5000; id++) chain.set(id, id === 5000 ? LAST_RECORD_ID : id + 1);
  const listing = await clientOver(new SelStandIn(1, chain)).readSel();
  t.is(listing.entries.length, 4096);
  t.regex(listing.partial ?? '', /stopped after 4096 records \(the next one is record 4097\); the BMC reports 5000 SEL entries/);
  const whole = await clientOver(new SelStandIn(1, new Map([[1, 2], [2, LAST_RECORD_ID]]))).readSel();
  t.is(whole.entries.length, 2);
  t.is(whole.partial, undefined);
});

test('Clear SEL waits for a slow erasure (polls with pauses) instead of reporting a false failure', async (t) => {
  const bmc = new SelStandIn(1, new Map([[1, LAST_RECORD_ID]]), 1500);
  await t.notThrowsAsync(clientOver(bmc).clearSel());
  t.true(bmc.statusPolls >= 1);
  // An erasure that never completes still ends, at the deadline.
  const stuck = new SelStandIn(1, new Map([[1, LAST_RECORD_ID]]), Number.POSITIVE_INFINITY);
  await t.throwsAsync(clientOver(stuck).clearSel(undefined, { timeoutMs: 300 }), { instanceOf: IpmiProtocolError, message: /erasure still in progress/ });
});
