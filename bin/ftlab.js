#!/usr/bin/env node
// Entry point for `npx ftlab`: loads the TypeScript sources through tsx, so a fresh clone
// needs no build step (`npm ci` is enough).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
