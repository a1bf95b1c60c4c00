/** curl as a test peer: `curl -sS --max-time 10 ARGS`, its exit code (60 = peer verification failed, 7 = refused) and output. */
import { execFile } from 'node:child_process';

export interface CurlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function curl(args: readonly string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '10', ...args], (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? Number((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
