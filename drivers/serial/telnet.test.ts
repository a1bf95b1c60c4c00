import test from 'ava';
import { TelnetDecoder, telnetEscape } from './telnet.ts';

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const A = 0x41;

test('negotiation is answered: the server may echo and suppress go-ahead; everything else is refused', (t) => {
  const d = new TelnetDecoder();
  // WILL ECHO, WILL SGA, DO TTYPE(24), WILL LINEMODE(34), DONT ECHO
  const r = d.decode(bytes(255, 251, 1, 255, 251, 3, 255, 253, 24, 255, 251, 34, 255, 254, 1, A));
  t.deepEqual([...r.replies], [255, 253, 1, 255, 253, 3, 255, 252, 24, 255, 254, 34]);
  t.deepEqual([...r.data], [A]);
});

test('IAC IAC is a data byte; a subnegotiation is skipped whole, across chunks', (t) => {
  const d = new TelnetDecoder();
  t.deepEqual([...d.decode(bytes(A, 255)).data], [A]);
  t.deepEqual([...d.decode(bytes(255, 255, 250, 44, 1, 0)).data], [255]);
  t.deepEqual([...d.decode(bytes(255)).data], []);
  t.deepEqual([...d.decode(bytes(240, A, 255, 241, A)).data], [A, A], 'SE ends the subnegotiation; NOP (241) is dropped');
});

test('data to the server doubles 0xFF', (t) => {
  t.deepEqual([...telnetEscape(bytes(1, 255, 2))], [1, 255, 255, 2]);
});
