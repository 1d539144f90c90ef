/**
 * A durable write that failed for a reason of the storage itself (disk full, I/O error, LMDB's map
 * full), as opposed to a bug in what was written. The node keeps running on one: it stops intake,
 * serves reads and retries the write (sequencer/sealer/pending-writes.ts), so nothing acknowledged
 * is lost. LMDB reports a disk that filled up mid-commit as a short write, EIO ("Input/output
 * error"), so whether the disk is full is read from the file system (statfs) when the write fails.
 */
import { statfsSync } from "node:fs";

/**
 * Below this much free space on the data dir's file system the disk counts as full and writes are
 * not even tried (StoreOptions.minFreeBytes): a batch's write needs a few MB, and a write LMDB
 * starts on a full disk fails mid-commit (lmdb-js prints its own stack trace for each).
 */
export const MIN_FREE_BYTES = 16 * 2 ** 20;

/** errno names and LMDB codes that say "no space": ENOSPC, EDQUOT, MDB_MAP_FULL. */
const NO_SPACE = new Set<unknown>(["ENOSPC", "EDQUOT", 28, 122, -30792]);

export class StorageFaultError extends Error {
  override name = "StorageFaultError";
  constructor(
    /** What clients are told: "disk full" or "storage error: <reason>". */
    message: string,
    readonly diskFull: boolean,
    /** What the operator is told: the data dir, the free space and LMDB's own error. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isStorageFault(error: unknown): error is StorageFaultError {
  return error instanceof StorageFaultError;
}

/** Free bytes for this process on the file system holding `dir`, or undefined if it cannot be read. */
export function freeBytes(dir: string): number | undefined {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/** The StorageFaultError for `error`, a failed write on the data dir `dir`; undefined when it is not a storage fault. */
export function storageFaultOf(dir: string, error: unknown): StorageFaultError | undefined {
  if (isStorageFault(error)) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  // lmdb-js' async commits fail with "Commit failed (see commitError for details)" and the cause attached
  const storageLevel = code !== undefined || /Commit failed|MDB_|No space|Input\/output/i.test(reason);
  if (!storageLevel) return undefined;
  const free = freeBytes(dir);
  const diskFull = NO_SPACE.has(code) || /ENOSPC|No space|MDB_MAP_FULL/.test(reason) || (free !== undefined && free < MIN_FREE_BYTES);
  const detail = reason.startsWith(`data dir ${dir}: `) // the batch writer's own low-space refusal says it all
    ? reason
    : `data dir ${dir}: ${reason}${code === undefined ? "" : ` (code ${String(code)})`}, ${free === undefined ? "free space unknown" : `${formatBytes(free)} free`}`;
  return new StorageFaultError(diskFull ? "disk full" : `storage error: ${reason}`, diskFull, detail, { cause: error });
}

/** "disk full" while the file system holding `dir` has less than `minFreeBytes` free (checked before a write, and at start). */
export function lowSpaceFault(dir: string, minFreeBytes = MIN_FREE_BYTES): StorageFaultError | undefined {
  const free = minFreeBytes > 0 ? freeBytes(dir) : undefined;
  if (free === undefined || free >= minFreeBytes) return undefined;
  return new StorageFaultError("disk full", true, `data dir ${dir}: ${formatBytes(free)} free, under the ${formatBytes(minFreeBytes)} a batch write needs`);
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${bytes} bytes`;
}
