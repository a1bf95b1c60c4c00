// End-to-end suites (`*.e2e.test.ts`): whole `ftlab run`s against the embedded lab, judged against
// timing budgets. They run after the other tests, one file at a time, so the emulated servers are
// not starved of CPU by unrelated test files on a 2-core machine (at time scale 10 a 40 ms stall
// of an emulator is a 400 ms blackout of the SUT it emulates).
export default {
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx'],
  files: ['**/*.e2e.test.ts', '!node_modules/**'],
  timeout: '5m',
  concurrency: 1,
  workerThreads: false,
};
