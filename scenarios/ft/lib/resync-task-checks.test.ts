import test from 'ava';
import type { ResyncTaskView } from '../../../drivers/capabilities/index.ts';
import { completionProblem, notAdvancing, outside, percentPerStretch, taskOfResync, wentBack } from './resync-task-checks.ts';
import type { TaskReading } from './resync-task.ts';

const task = (over: Partial<ResyncTaskView> = {}): ResyncTaskView => ({
  uri: '/redfish/v1/TaskService/Tasks/7', name: 'Reintegrate Module1', state: 'Running', status: 'OK', percent: 10,
  startTime: '2026-01-01T00:00:10.000000+00:00', endTime: null, messages: ['TaskEvent.1.0.TaskStarted'], seenBy: null, ...over,
});
const seen = (start: number, end: number, over: Partial<ResyncTaskView> = {}) => ({ start, end, task: task(over) });
const parse = (iso: string): number => Date.parse(iso);

test('the task of this resync: the one whose StartTime is nearest ResyncStarted; other tasks and no-TaskService readings left out', (t) => {
  const old = task({ uri: '/redfish/v1/TaskService/Tasks/3', state: 'Completed', percent: 100, startTime: '2026-01-01T00:00:01.000000+00:00' });
  const readings: TaskReading[] = [
    { start: 0, end: 5, read: { offered: true, task: old } },
    { start: 10, end: 15, read: { offered: true, task: task() } },
    { start: 20, end: 25, read: { offered: true, task: null } },
    { start: 30, end: 35, read: { offered: true, task: task({ percent: 40 }) } },
  ];
  const mine = taskOfResync(readings, parse('2026-01-01T00:00:10.000000+00:00'), parse);
  t.deepEqual(mine.map((s) => [s.start, s.task.percent]), [[10, 10], [30, 40]]);
  t.deepEqual(taskOfResync([{ start: 0, end: 1, read: { offered: false } }], 0, parse), []);
});

test('within 0–100 and never back: PercentComplete and TaskState', (t) => {
  t.is(wentBack([seen(0, 1, { percent: 10 }), seen(2, 3, { percent: 40 }), seen(4, 5, { percent: 100, state: 'Completed' })]), null);
  t.is(wentBack([seen(0, 1, { percent: 40 }), seen(2, 3, { percent: 30 })]), 'PercentComplete went from 40 back to 30');
  t.is(wentBack([seen(0, 1, { state: 'Completed', percent: 100 }), seen(2, 3, { state: 'Running', percent: 100 })]), 'TaskState went from Completed back to Running');
  t.is(wentBack([seen(0, 1, { percent: 10 }), seen(2, 3, { percent: 820 })]), 'PercentComplete 820 outside 0–100');
  t.is(wentBack([seen(0, 1, { percent: -1 })]), 'PercentComplete -1 outside 0–100');
});

test('per stretch between events: only readings wholly inside, the end short by the delivery allowance', (t) => {
  const s = [seen(100, 120, { percent: 10 }), seen(190, 205, { percent: 10 }), seen(210, 230, { percent: 50 }), seen(295, 310, { percent: 60 }), seen(320, 330, { percent: 90 })];
  // edges: brownout start 100, pass 1 at 200, blackout 300; allowance 10
  t.deepEqual(percentPerStretch(s, [100, 200, 300], 10), [{ stretch: 0, percents: [10] }, { stretch: 1, percents: [50] }]);
  t.deepEqual(percentPerStretch(s, [100, 200, 300], 100), [], 'an allowance wider than the stretches resolves none');
});

test('advancing: each resolved stretch strictly above the one before', (t) => {
  const names = ['brownout start', 'pass 1', 'pass 2'];
  t.is(notAdvancing([{ stretch: 0, percents: [10, 10] }, { stretch: 2, percents: [82] }], names), null);
  t.is(notAdvancing([{ stretch: 0, percents: [10] }, { stretch: 1, percents: [10, 10] }], names), 'PercentComplete 10/10 after pass 1 is not above 10 after brownout start');
});

test('completion: 100 exactly with Completed, not before DuplexRestored, OK after it, with TaskCompletedOK and no error', (t) => {
  const done = { state: 'Completed', percent: 100, messages: ['TaskEvent.1.0.TaskStarted', 'TaskEvent.1.0.TaskCompletedOK'] };
  t.is(completionProblem([seen(0, 10, { percent: 90 }), seen(1000, 1010, done)], 1000, 10), null);
  t.is(completionProblem([seen(0, 10, { percent: 100 })], 1000, 10), 'PercentComplete 100 with TaskState Running');
  t.regex(completionProblem([seen(900, 950, done)], 1000, 10) ?? '', /^Completed before the resync completed/);
  t.is(completionProblem([seen(1000, 1010, { percent: 90 })], 1000, 10), 'TaskState Running, PercentComplete 90 after DuplexRestored');
  t.is(completionProblem([seen(1000, 1010, { ...done, messages: ['TaskEvent.1.0.TaskStarted', 'TaskEvent.1.0.TaskAborted', 'TaskEvent.1.0.TaskCompletedOK'] })], 1000, 10), 'the completed task carries TaskEvent.1.0.TaskAborted');
  t.regex(completionProblem([seen(1000, 1010, { ...done, messages: ['TaskEvent.1.0.TaskStarted'] })], 1000, 10) ?? '', /no TaskCompletedOK/);
});

test('task times inside the span the events allow, at their resolution', (t) => {
  const lo = parse('2026-01-01T00:00:10.000Z');
  t.is(outside('StartTime', '2026-01-01T00:00:10.000500+00:00', lo, lo + 100, parse), null);
  t.is(outside('StartTime', '2026-01-01T00:00:09.500000+00:00', lo, lo + 100, parse), 'StartTime 2026-01-01T00:00:09.500000+00:00 is 500 ms before the span the events allow');
  t.is(outside('StartTime', '2026-01-01T00:00:09Z', lo, lo + 100, parse), null, 'whole seconds: a second of resolution');
  t.is(outside('EndTime', null, lo, lo, parse), 'no EndTime');
});
