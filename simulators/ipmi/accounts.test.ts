import test from 'ava';
import { ConfigError } from '../../lib/errors.ts';
import { redactString } from '../../lib/redact.ts';
import { PRIV, UserTable, type BmcAccount } from './accounts.ts';

test('roles map to IPMI privileges and passwords become registered secrets', (t) => {
  const users = new UserTable([
    { user: 'a', password: 'Adm-pass-123', role: 'Administrator' },
    { user: 'o', password: 'Op-pass-123', role: 'Operator' },
    { user: 'r', password: 'Ro-pass-123', role: 'ReadOnly' },
  ]);
  t.deepEqual(['a', 'o', 'r'].map((u) => users.find(Buffer.from(u))?.maxPrivilege), [PRIV.ADMIN, PRIV.OPERATOR, PRIV.USER]);
  t.is(users.find(Buffer.from('nobody')), undefined);
  t.is(redactString('login with Op-pass-123'), 'login with ***');
});

test('bad accounts are ConfigErrors naming the entry and the expectation', (t) => {
  const bad = (a: Partial<BmcAccount>, msg: RegExp): void => {
    const e = t.throws(() => new UserTable([{ user: 'ok', password: 'fine-pass', role: 'Operator', ...a } as BmcAccount]), { instanceOf: ConfigError });
    t.regex(e?.message ?? '', msg);
  };
  bad({ user: 'x'.repeat(17) }, /accounts\[0\]\.user: at most 16 bytes/);
  bad({ password: 'p'.repeat(21) }, /accounts\[0\]\.password: at most 20 bytes/);
  bad({ role: 'Root' as BmcAccount['role'] }, /accounts\[0\]\.role: one of ReadOnly, Operator, Administrator/);
  t.throws(
    () =>
      new UserTable([
        { user: 'd', password: 'pass-one-1', role: 'Operator' },
        { user: 'd', password: 'pass-two-2', role: 'Operator' },
      ]),
    { message: /accounts\[1\]\.user: a user name not already listed/ },
  );
});
