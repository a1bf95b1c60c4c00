/**
 * `npx ftlab …` runs ftlab under `npm exec`, through `sh -c`. A SIGTERM sent to the npx process
 * (`kill %1` of a backgrounded `npx ftlab worker &`, a CI job's timeout) ends npm and that shell
 * but never reaches ftlab, which then runs on, orphaned, with its lab up and its faults injected.
 * Launched that way (npm sets npm_command=exec), ftlab watches for being orphaned and then stops
 * as it would on SIGTERM: the same handlers undo, report and exit 143.
 */
export interface LauncherWatchDeps {
  env: NodeJS.ProcessEnv;
  ppid: () => number;
  /** What to do once orphaned (default: SIGTERM to this process). */
  stop: () => void;
  pollMs?: number;
}

/** Start watching when launched through npm exec; returns the stop-watching function. */
export function stopWhenLauncherDies(deps: LauncherWatchDeps = defaultDeps()): () => void {
  if (deps.env['npm_command'] !== 'exec') return () => undefined;
  const launcher = deps.ppid();
  const timer = setInterval(() => {
    if (deps.ppid() === launcher) return;
    clearInterval(timer);
    deps.stop();
  }, deps.pollMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}

function defaultDeps(): LauncherWatchDeps {
  return { env: process.env, ppid: () => process.ppid, stop: () => process.kill(process.pid, 'SIGTERM') };
}
