/**
 * What a report file holds when its renderer failed: a short document in the file's own format
 * saying which renderer failed and why, so a user opening index.html (or a CI job reading
 * junit.xml) sees the failure instead of a stale or missing file. Built without the summary, so
 * they cannot fail the same way.
 */
import { esc } from './html/escape.ts';
import { md } from './markdown.ts';
import { RESULTS_SCHEMA } from './summary-types.ts';
import { xmlAttr, xmlText } from './xml.ts';

export interface FailedRender {
  /** What failed: a reporter ("html") or "summary" (then every file fails). */
  reporter: string;
  file: string;
  message: string;
}

const HINT = 'The other report files in this directory were still written. Fix the cause and render again with `ftlab report DIR`.';

function html(f: FailedRender): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>ftlab report error</title></head>
<body>
<h1>ftlab: the ${esc(f.reporter)} renderer failed</h1>
<p>${esc(f.file)} could not be rendered: <b>${esc(f.message)}</b></p>
<p>${esc(HINT)}</p>
</body>
</html>
`;
}

function junit(f: FailedRender): string {
  const message = `the ${f.reporter} renderer failed: ${f.message}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ftlab" tests="1" failures="0" errors="1">
  <testsuite name="ftlab.report" tests="1" failures="0" errors="1" skipped="0">
    <testcase classname="ftlab.report" name="${xmlAttr(f.file)}">
      <error type="report-error" message="${xmlAttr(message)}">${xmlText(`${message}\n${HINT}`)}</error>
    </testcase>
  </testsuite>
</testsuites>
`;
}

function json(f: FailedRender): string {
  return `${JSON.stringify({ schema: RESULTS_SCHEMA, reportError: { reporter: f.reporter, file: f.file, message: f.message } }, null, 2)}\n`;
}

function markdown(f: FailedRender): string {
  return `# ftlab compliance report\n\n> **ERROR** — the ${md(f.reporter)} renderer failed: ${md(f.message)}\n\n${md(HINT)}\n`;
}

/** The error document for a report file, by the file's format. */
export function errorDocument(format: 'html' | 'junit' | 'json' | 'compliance', failure: FailedRender): string {
  switch (format) {
    case 'html':
      return html(failure);
    case 'junit':
      return junit(failure);
    case 'json':
      return json(failure);
    case 'compliance':
      return markdown(failure);
  }
}
