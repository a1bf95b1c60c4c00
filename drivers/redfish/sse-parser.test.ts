import test from 'ava';
import { SseParser, type SseItem } from './sse-parser.ts';

const enc = new TextEncoder();

function parseAll(chunks: Array<Uint8Array | string>, lastId = ''): SseItem[] {
  const p = new SseParser(lastId);
  const out: SseItem[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

/** Every way of cutting `bytes` in two, and in three around each offset. */
function* splits(bytes: Uint8Array): Generator<Uint8Array[]> {
  for (let i = 0; i <= bytes.length; i++) {
    yield [bytes.slice(0, i), bytes.slice(i)];
    for (let j = i; j <= Math.min(bytes.length, i + 3); j++) yield [bytes.slice(0, i), bytes.slice(i, j), bytes.slice(j)];
  }
}

const STREAM =
  '\uFEFF: hello comment\r\n' +
  'retry: 1500\n' +
  'id: 7\r' +
  'event: Alert\n' +
  'data: {"Events":[{"MessageId":"ResourceEvent.1.4.ResourceStatusChangedCritical","Message":"Modul\u00e9 \u2713 0"}]}\r\n' +
  'data:second line\n' +
  '\n' +
  'data\n' +
  '\r\n' +
  'id: 8\n' +
  ': keep-alive\n' +
  '\n' +
  'unknown: field\n' +
  'data:  two spaces\n' +
  'id: bad\u0000id\n' +
  '\n' +
  'data: never dispatched';

const EXPECTED: SseItem[] = [
  { type: 'comment', text: 'hello comment' },
  { type: 'retry', ms: 1500 },
  {
    type: 'event',
    event: 'Alert',
    data: '{"Events":[{"MessageId":"ResourceEvent.1.4.ResourceStatusChangedCritical","Message":"Modul\u00e9 \u2713 0"}]}\nsecond line',
    id: '7',
  },
  { type: 'event', event: 'message', data: '', id: '7' },
  { type: 'comment', text: 'keep-alive' },
  { type: 'event', event: 'message', data: ' two spaces', id: '8' },
];

test('parses a stream in one piece: fields, comments, retry, id persistence, CR/LF/CRLF, BOM', (t) => {
  t.deepEqual(parseAll([STREAM]), EXPECTED);
});

test('gives the same items however the bytes are split (every offset, also inside UTF-8 and CRLF)', (t) => {
  const bytes = enc.encode(STREAM);
  let cases = 0;
  for (const parts of splits(bytes)) {
    t.deepEqual(parseAll(parts), EXPECTED, `split at ${parts.map((p) => p.length).join('+')}`);
    cases += 1;
  }
  t.true(cases > bytes.length);
});

test('byte-by-byte feeding gives the same items', (t) => {
  const bytes = enc.encode(STREAM);
  t.deepEqual(parseAll([...bytes].map((b) => Uint8Array.of(b))), EXPECTED);
});

test('a CR at the end of a chunk followed by LF in the next is one line end', (t) => {
  t.deepEqual(parseAll(['data: a\r', '\n\r', '\n']), [{ type: 'event', event: 'message', data: 'a', id: '' }]);
  t.deepEqual(parseAll(['data: a\r', '\r']), [{ type: 'event', event: 'message', data: 'a', id: '' }]);
});

test('keeps the initial Last-Event-ID until the stream sends another, and reports it', (t) => {
  const p = new SseParser('41');
  t.deepEqual(p.push('data: x\n\n'), [{ type: 'event', event: 'message', data: 'x', id: '41' }]);
  p.push('id: 42\ndata: y\n\n');
  t.is(p.lastEventId, '42');
  p.push('id\n\n');
  t.is(p.lastEventId, '', 'an empty id resets the last event id');
});

test('retry values that are not all digits are ignored', (t) => {
  t.deepEqual(parseAll(['retry: 10s\nretry: -5\nretry:\nretry: 20\n']), [{ type: 'retry', ms: 20 }]);
});
