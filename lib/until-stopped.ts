/**
 * Keep a foreground server running until it is told to stop: SIGINT or SIGTERM, or — with
 * `stdinEof` — the end of standard input. A supervisor (ftlab run, ftlab lab up) holds the
 * emulators' stdin open, so EOF means the supervisor is gone, even if it was SIGKILLed.
 */
export function untilStopped(opts: { stdinEof?: boolean } = {}): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdin.off('end', stop);
      process.stdin.off('close', stop);
      if (opts.stdinEof) process.stdin.pause();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (opts.stdinEof) {
      process.stdin.once('end', stop);
      process.stdin.once('close', stop);
      process.stdin.resume();
    }
  });
}
