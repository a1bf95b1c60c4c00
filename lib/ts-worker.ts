/**
 * A worker thread that runs a TypeScript module: the worker gets a one-line bootstrap module
 * that registers tsx in the worker (registration does not carry over from the parent thread)
 * and then imports the entry.
 */
export function tsWorkerUrl(entry: URL): URL {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const code = `import { register } from ${JSON.stringify(tsxApi)};\nregister();\nawait import(${JSON.stringify(entry.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
