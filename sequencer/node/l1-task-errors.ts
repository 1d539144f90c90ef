/**
 * What the node does when a round of an L1 task (the queue watcher, the poster) fails: only a
 * conflict between its chain and L1 (l1-errors.ts) stops the node; every other failure is retried
 * with backoff while intake and sealing go on. An unreachable L1 was already reported once by
 * L1Rpc; other transient failures are logged at most once per LOG_EVERY_MS per task, anything
 * else every time (it may be a bug worth seeing).
 */
import type { Logger } from "pino";
import type { NodeMetrics } from "../metrics/node-metrics.ts";
import { describeL1Error, isL1Conflict, isTransientL1Error, L1UnreachableError } from "../l1/l1-errors.ts";
import type { TaskErrorAction } from "./periodic-task.ts";
import { isStorageFault } from "../store/storage-fault.ts";

const LOG_EVERY_MS = 30_000;

export function l1TaskErrorHandler(task: "watcher" | "poster", log: Logger, stop: (what: string, error: unknown) => void, metrics?: NodeMetrics): (error: unknown) => TaskErrorAction {
  const what = task === "watcher" ? "the L1 watcher" : "the L1 poster";
  let lastLogged = 0;
  return (error) => {
    if (isL1Conflict(error)) {
      stop(what, error);
      return "stop";
    }
    if (isStorageFault(error)) return "backoff"; // the disk refused the round's write: said once by store.health (loft-node.ts)
    const transient = isTransientL1Error(error);
    metrics?.l1TaskFailures.inc({ task, kind: transient ? "transient" : "other" });
    if (error instanceof L1UnreachableError) return "backoff";
    if (!transient) log.warn({ err: error }, `${what} round failed; retrying with backoff`);
    else if (Date.now() - lastLogged >= LOG_EVERY_MS) {
      lastLogged = Date.now();
      log.warn({ err: describeL1Error(error) }, `${what}: transient L1 error; retrying with backoff`);
    }
    return "backoff";
  };
}
