import test from 'ava';
import { ConfigError } from '../../lib/errors.ts';
import { redactString } from '../../lib/redact.ts';
import { PRIVILEGE } from '../../drivers/ipmi/codec/commands/spec.ts';
import { UserTable, type BmcAccount } from './accounts.ts';

test('roles map to IPMI privileges and passwords become registered secrets', (t) => {
  const users = new UserTable([
    { user: 'a', password: 'Adm-pass-123', role: 'Administrator' },
    { user: 'o', password: 'Op-pass-123', role: 'Operator' },
    { user: 'r', password: 'Ro-pass-123', role: 'ReadOnly' },
  ]);
  t.deepEqual(['a', 'o', 'r'].map((u) => users.find(Buffer.from(u))?.maxPrivilege), [PRIVILEGE.ADMINISTRATOR, PRIVILEGE.OPERATOR, PRIVILEGE.USER]);
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

test('accounts change while serving: set replaces, remove with a reason is remembered, listeners are told', (t) => {
  const users = new UserTable([{ user: 'a', password: 'Adm-pass-123', role: 'Administrator' }]);
  const told: Array<[string, number | undefined]> = [];
  users.onChange((name, u) => told.push([name, u?.maxPrivilege]));
  users.set({ user: 'o', password: 'Op-pass-456', role: 'Operator' });
  t.is(users.find(Buffer.from('o'))?.maxPrivilege, PRIVILEGE.OPERATOR);
  users.set({ user: 'o', password: 'Op-pass-789', role: 'ReadOnly' });
  t.deepEqual(users.find(Buffer.from('o'))?.password, Buffer.from('Op-pass-789'));
  t.throws(() => users.set({ user: 'o', password: 'p'.repeat(21), role: 'Operator' }, 'account "o"'), { instanceOf: ConfigError, message: /account "o"\.password: at most 20 bytes/ });
  t.deepEqual(users.find(Buffer.from('o'))?.password, Buffer.from('Op-pass-789'), 'a refused set leaves the account as it was');
  t.true(users.remove('o', 'the account is disabled'));
  t.is(users.find(Buffer.from('o')), undefined);
  t.is(users.refusal(Buffer.from('o')), 'the account is disabled');
  t.false(users.remove('nobody'));
  t.is(users.refusal(Buffer.from('nobody')), undefined);
  t.deepEqual(users.names(), ['a']);
  t.deepEqual(told, [
    ['o', PRIVILEGE.OPERATOR],
    ['o', PRIVILEGE.USER],
    ['o', undefined],
  ]);
});

test('user IDs: accounts take IDs 2.. in order; the IPMI user commands rename, set access, password and enable a slot', (t) => {
  const users = new UserTable([
    { user: 'a', password: 'Adm-pass-123', role: 'Administrator' },
    { user: 'o', password: 'Op-pass-123', role: 'Operator' },
  ]);
  t.is(users.find(Buffer.from('a'))?.id, 2);
  t.is(users.find(Buffer.from('o'))?.id, 3);
  const told: Array<[string, number | undefined]> = [];
  users.onChange((name, u) => told.push([name, u?.maxPrivilege]));
  t.true(users.rename(4, 'bob'));
  t.is(users.find(Buffer.from('bob')), undefined, 'a new slot: disabled, no password, no access');
  t.false(users.rename(4, 'a'), 'a name already taken');
  users.setPassword(4, Buffer.from('Bob-pass-1'));
  users.setAccess(4, { privilegeLimit: PRIVILEGE.OPERATOR, messaging: true });
  users.setEnabled(4, true);
  t.like(users.find(Buffer.from('bob')), { id: 4, maxPrivilege: PRIVILEGE.OPERATOR });
  t.is(redactString('Bob-pass-1'), '***');
  users.remove('o');
  users.set({ user: 'x', password: 'X-pass-1234', role: 'ReadOnly' });
  t.is(users.find(Buffer.from('x'))?.id, 3, 'the freed ID is reused');
  t.deepEqual(told.at(-1), ['x', PRIVILEGE.USER]);
  t.false(users.setAccess(9, { privilegeLimit: 2, messaging: true }), 'an empty slot');
});
