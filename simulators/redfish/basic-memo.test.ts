import test from 'ava';
import { BasicCredentialMemo, MEMO_MAX_BYTES } from './basic-memo.ts';

const cred = (s: string): Buffer => Buffer.from(s, 'utf8');

test('a remembered credential is found only for exactly the same bytes', (t) => {
  const memo = new BasicCredentialMemo<{ id: string }>();
  const acc = { id: '1' };
  t.is(memo.lookup('op', cred('op:secret-1')), undefined, 'nothing before verification');
  memo.remember('op', cred('op:secret-1'), acc);
  t.is(memo.lookup('op', cred('op:secret-1')), acc);
  t.is(memo.lookup('op', cred('op:secret-2')), undefined, 'same length, one byte differs');
  t.is(memo.lookup('op', cred('op:secret-1x')), undefined, 'longer');
  t.is(memo.lookup('op', cred('op:secret-')), undefined, 'a prefix');
  t.is(memo.lookup('op', cred('op:secret-1\0')), undefined, 'zero padding is not a wildcard');
  t.is(memo.lookup('other', cred('op:secret-1')), undefined, 'another user name');
});

test('invalidate() forgets every credential; later ones are remembered again', (t) => {
  const memo = new BasicCredentialMemo<string>();
  memo.remember('a', cred('a:pw-a'), 'A');
  memo.remember('b', cred('b:pw-b'), 'B');
  t.is(memo.size, 2);
  memo.invalidate();
  t.is(memo.size, 0);
  t.is(memo.lookup('a', cred('a:pw-a')), undefined);
  t.is(memo.lookup('b', cred('b:pw-b')), undefined);
  memo.remember('a', cred('a:pw-new'), 'A2');
  t.is(memo.lookup('a', cred('a:pw-new')), 'A2');
});

test('oversized credentials are never memoized; the memo is bounded', (t) => {
  const memo = new BasicCredentialMemo<string>(2);
  const long = cred(`u:${'x'.repeat(MEMO_MAX_BYTES)}`);
  memo.remember('u', long, 'U');
  t.is(memo.lookup('u', long), undefined);
  memo.remember('a', cred('a:1'), 'A');
  memo.remember('b', cred('b:1'), 'B');
  memo.remember('c', cred('c:1'), 'C');
  t.true(memo.size <= 2);
  t.is(memo.lookup('c', cred('c:1')), 'C');
});
