import test from 'ava';
import { LineSplitter } from './line-splitter.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const at = (n: number) => ({ at: n, wall: 1_000_000 + n });
const texts = (ls: Array<{ text: string }>): string[] => ls.map((l) => l.text);

test('LF, CRLF, LFCR and a lone CR each end one line', (t) => {
  const s = new LineSplitter();
  t.deepEqual(texts(s.feed(enc('a\nb\r\nc\n\rd\re'), at(0))), ['a', 'b', 'c', 'd']);
  t.is(s.partial()?.text, 'e');
  t.deepEqual(texts(s.flush()), ['e']);
  t.is(s.partial(), null);
});

test('a CRLF split between chunks is still one line end; an empty line stays one', (t) => {
  const s = new LineSplitter();
  t.deepEqual(texts(s.feed(enc('boot\r'), at(1))), ['boot']);
  t.deepEqual(texts(s.feed(enc('\n\nok\n'), at(2))), ['', 'ok']);
});

test('each line carries the arrival of its first byte, across chunks', (t) => {
  const s = new LineSplitter();
  t.deepEqual(s.feed(enc('Kernel pa'), at(10)), []);
  const [line] = s.feed(enc('nic\nnext'), at(25));
  t.deepEqual(line, { at: 10, wall: 1_000_010, text: 'Kernel panic' });
  t.is(s.partial()?.at, 25);
});

test('UTF-8 split inside a character decodes once whole', (t) => {
  const s = new LineSplitter();
  const bytes = enc('温度 ok\n');
  t.deepEqual(s.feed(bytes.subarray(0, 2), at(0)), []);
  t.deepEqual(texts(s.feed(bytes.subarray(2), at(1))), ['温度 ok']);
});

test('terminal control sequences are dropped, also when split between chunks', (t) => {
  const s = new LineSplitter();
  t.deepEqual(texts(s.feed(enc('\x1b[1;3'), at(0))), []);
  t.deepEqual(texts(s.feed(enc('1mRED\x1b[0m \x1b]0;title\x07x\x1b]2;t\x1b\\y\x1bcz\x07\x08\n'), at(1))), ['RED xyz']);
});

test('a line longer than the limit is cut and continues', (t) => {
  const s = new LineSplitter(4);
  t.deepEqual(texts(s.feed(enc('abcdefghij\n'), at(0))), ['abcd', 'efgh', 'ij']);
});
