import test from 'ava';
import { compileFilter, FilterPropertyError, FilterSyntaxError, parseFilter, type FilterSubject } from './filter.ts';

const ev = (over: Partial<FilterSubject> = {}): FilterSubject => ({
  EventFormatType: 'Event',
  MessageId: 'ResourceEvent.1.4.ResourcePoweredOn',
  RegistryPrefix: 'ResourceEvent',
  OriginResource: '/redfish/v1/Systems/1',
  ResourceType: 'ComputerSystem',
  MessageSeverity: 'OK',
  ...over,
});

test('eq with quoted and bare values', (t) => {
  t.true(compileFilter("RegistryPrefix eq 'ResourceEvent'")(ev()));
  t.true(compileFilter('EventFormatType eq Event')(ev()));
  t.false(compileFilter("RegistryPrefix eq 'TaskEvent'")(ev()));
  t.true(compileFilter("OriginResource eq '/redfish/v1/Systems/1'")(ev()));
});

test('and / or / not / parentheses with precedence', (t) => {
  const f = compileFilter("(RegistryPrefix eq 'TaskEvent') or (RegistryPrefix eq 'ResourceEvent') and MessageSeverity eq 'OK'");
  t.true(f(ev()));
  t.false(f(ev({ MessageSeverity: 'Critical' })));
  t.true(f(ev({ RegistryPrefix: 'TaskEvent', MessageSeverity: 'Critical' })));
  t.true(compileFilter("not (MessageSeverity eq 'OK')")(ev({ MessageSeverity: 'Warning' })));
  t.false(compileFilter("MessageSeverity ne 'OK'")(ev()));
});

test('MessageId matches exactly or without version', (t) => {
  t.true(compileFilter("MessageId eq 'ResourceEvent.1.4.ResourcePoweredOn'")(ev()));
  t.true(compileFilter("MessageId eq 'ResourceEvent.ResourcePoweredOn'")(ev()));
  t.false(compileFilter("MessageId eq 'ResourceEvent.1.3.ResourcePoweredOn'")(ev()));
  t.false(compileFilter("MessageId eq 'ResourceEvent.ResourcePoweredOff'")(ev()));
});

test('quotes are escaped by doubling', (t) => {
  const tree = parseFilter("OriginResource eq 'it''s'");
  t.deepEqual(tree, { op: 'eq', property: 'OriginResource', value: "it's" });
});

test('syntax errors name the position', (t) => {
  for (const bad of ['', 'RegistryPrefix', "RegistryPrefix gt 'x'", "(RegistryPrefix eq 'x'", "RegistryPrefix eq 'x' extra", "RegistryPrefix eq 'open", 'and']) {
    const e = t.throws(() => parseFilter(bad), { instanceOf: FilterSyntaxError }, bad);
    t.regex(e?.message ?? '', /position \d+/);
  }
});

test('unsupported properties are rejected by name', (t) => {
  const e = t.throws(() => parseFilter("Foo eq 'x'"), { instanceOf: FilterPropertyError });
  t.is(e?.property, 'Foo');
});
