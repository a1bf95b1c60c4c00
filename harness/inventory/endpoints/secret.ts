/** Passwords are never inline: `${env:VAR}` or `passwordFile` (relative to the inventory); registered as secrets. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { registerSecret } from '../../../lib/redact.ts';
import type { Secret } from '../types.ts';
import type { EndpointContext, RawCredentials } from './context.ts';

export const ENV_REF = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

function errnoOf(e: unknown): string {
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code ?? e.message;
  return String(e);
}

function fromEnv(ctx: EndpointContext, ref: string): Secret {
  const varName = ENV_REF.exec(ref)?.[1];
  if (varName === undefined) throw ctx.src.error([...ctx.at, 'password'], `expected password: '\${env:VAR}'`);
  const value = ctx.env[varName];
  if (!value) throw ctx.src.error([...ctx.at, 'password'], `environment variable ${varName} is not set (or empty)`);
  registerSecret(value);
  return { value, source: `env:${varName}` };
}

function fromFile(ctx: EndpointContext, name: string): Secret {
  const file = path.resolve(ctx.baseDir, name);
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw ctx.src.error([...ctx.at, 'passwordFile'], `expected a readable file holding the password (${file}: ${errnoOf(e)})`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) throw ctx.src.error([...ctx.at, 'passwordFile'], `the password file ${file} is empty`);
  registerSecret(value);
  return { value, source: `file:${file}` };
}

export function resolveSecret(ctx: EndpointContext, c: RawCredentials): Secret {
  if (c.password !== undefined && c.passwordFile !== undefined) throw ctx.src.error(ctx.at, 'expected either password or passwordFile, not both');
  if (c.password !== undefined) return fromEnv(ctx, c.password);
  if (c.passwordFile !== undefined) return fromFile(ctx, c.passwordFile);
  throw ctx.src.error(ctx.at, `expected password: '\${env:VAR}' or passwordFile: PATH`);
}
