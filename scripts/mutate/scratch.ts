/**
 * A scratch copy of the repository for one mutant, in os.tmpdir(): every tracked and untracked
 * (not ignored) file copied, node_modules symlinked to the repository's, and at most one file
 * replaced by its mutated text. The working tree is never written.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError, errorMessage } from '../../lib/errors.ts';

export const SCRATCH_PREFIX = 'ftlab-mutant-';

/** The repository's files (relative), as git sees them: tracked plus untracked-not-ignored. */
export function repoFiles(root: string): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // A tracked file deleted in the working tree is not part of it.
    return [...new Set(out.split('\0').filter((f) => f !== '' && existsSync(path.join(root, f))))].sort();
  } catch (e) {
    throw new InfraError(`${root}: cannot list the repository's files with git (${errorMessage(e)})`, { cause: e });
  }
}

/** Scratch folders not removed yet (for removeAllScratches on Ctrl-C). */
const live = new Set<string>();

export function removeAllScratches(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

export interface Scratch {
  dir: string;
  remove(): void;
}

/** Copy `files` of `root` into a fresh scratch folder; `mutated` replaces one file's text. */
export function makeScratch(root: string, files: readonly string[], mutated?: { file: string; text: string }): Scratch {
  const dir = mkdtempSync(path.join(os.tmpdir(), SCRATCH_PREFIX));
  live.add(dir);
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
    live.delete(dir);
  };
  try {
    const made = new Set<string>();
    for (const f of files) {
      const target = path.join(dir, f);
      const parent = path.dirname(target);
      if (!made.has(parent)) mkdirSync(parent, { recursive: true });
      made.add(parent);
      if (f === mutated?.file) writeFileSync(target, mutated.text);
      else copyFileSync(path.join(root, f), target);
    }
    if (mutated && !files.includes(mutated.file)) throw new InfraError(`${mutated.file}: not a file of the repository`);
    symlinkSync(realpathSync(path.join(root, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  } catch (e) {
    remove();
    throw e instanceof InfraError ? e : new InfraError(`scratch copy of ${root} in ${dir}: ${errorMessage(e)}`, { cause: e });
  }
  return { dir, remove };
}
