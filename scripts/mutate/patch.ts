/** Applying one mutation to a file's text: checked, so a stale site never patches the wrong place. */
import { FtlabError } from '../../lib/errors.ts';
import type { Edit } from './site.ts';

/** The file no longer reads what the site was enumerated from. */
export class StaleSiteError extends FtlabError {}

/** `text` with [start, end) replaced; throws StaleSiteError when that span is not `original`. */
export function applyEdit(text: string, edit: Edit, where: string): string {
  const found = text.slice(edit.start, edit.end);
  if (edit.start < 0 || edit.end > text.length || edit.start > edit.end || found !== edit.original) {
    throw new StaleSiteError(`${where}: expected ${JSON.stringify(edit.original)} at ${edit.start}..${edit.end}, found ${JSON.stringify(found)} (the file changed since the sites were enumerated)`);
  }
  return `${text.slice(0, edit.start)}${edit.replacement}${text.slice(edit.end)}`;
}
