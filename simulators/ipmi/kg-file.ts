/** `--kg-file F`: the BMC key K_g as text (what `ipmitool -k` and `ftlab bmc --kg-file` take), read once and registered as a secret. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../lib/errors.ts';
import { registerSecret } from '../../lib/redact.ts';

export function readKgFile(file: string, option = '--kg-file'): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new ConfigError(`${option} ${file}`, 'a readable file holding the BMC key', { cause: e });
  }
  const kg = Buffer.from(text, 'utf8');
  if (kg.length === 0 || kg.length > 20) throw new ConfigError(`${option} ${file}`, 'a BMC key of 1 to 20 bytes', { found: `${kg.length} bytes` });
  registerSecret(text);
  return kg;
}
