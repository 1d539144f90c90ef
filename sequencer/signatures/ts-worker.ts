/**
 * Starts a worker thread whose entry is a TypeScript module, under tsx.
 *
 * `execArgv: ["--import", "tsx"]` is not enough on Node 20 with this tsx: its loader registers
 * its hooks only on the main thread, so the worker fails with ERR_UNKNOWN_FILE_EXTENSION. The
 * worker therefore starts from a tiny ESM bootstrap that calls tsx's `register()` API and then
 * imports the entry. An import error surfaces as the worker's `error` event, then `exit`.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

const TSX_API = import.meta.resolve("tsx/esm/api");

export function startTsWorker(entry: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  const bootstrap = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
