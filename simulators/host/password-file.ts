/** `--password-file F`: the BMC account password, read once and registered as a secret. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../lib/errors.ts';
import { registerSecret } from '../../lib/redact.ts';

export function readPasswordFile(file: string): string {
  let password: string;
  try {
    password = readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new ConfigError(`--password-file ${file}`, 'expected a readable file holding the password', { cause: e });
  }
  if (!password) throw new ConfigError(`--password-file ${file}`, 'expected a non-empty password');
  registerSecret(password);
  return password;
}
