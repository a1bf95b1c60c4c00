/** The checked byte read shared by the codec and the BMC's command handlers. */
import test from 'ava';
import { byteAt, decoding } from './bytes.ts';
import { IpmiDecodeError } from './errors.ts';

test('byteAt returns the byte, and past the end throws a decode error naming the field', (t) => {
  const buf = Buffer.from([0x10, 0x20]);
  t.is(byteAt(buf, 1, 'second'), 0x20);
  const e = t.throws(() => byteAt(buf, 2, 'event data 1'), { instanceOf: IpmiDecodeError });
  t.is(e?.where, 'event data 1');
  t.is(e?.offset, 2);
  t.regex(e?.message ?? '', /event data 1: needs byte 2, only 2 byte\(s\) given/);
});

test('inside decoding, a byteAt past the end becomes the result, never an exception', (t) => {
  const d = decoding('thing', Buffer.from([1]), (r) => byteAt(r.buf, 3, 'fourth byte'));
  t.false(d.ok);
  if (!d.ok) t.is(d.error.where, 'fourth byte');
});
