// Command-line parsing lives in lib/ so simulators' own CLIs can use it too.
export { UsageError, parseCli, numberOption, logLevelOption } from '../lib/cli-args.ts';
