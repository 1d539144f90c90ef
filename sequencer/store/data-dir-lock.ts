/**
 * One process per data dir. Every mode that opens a store (sequencer, follower, devnet, `loft
 * deploy`, `loft prove --data-dir`) holds an exclusive lock on `DIR/loft.lock` for as long as the
 * store is open, so a second process on the same dir fails at once, naming the dir and the
 * holder's pid, instead of sharing the LMDB environment (LMDB lets several processes write one
 * environment: two nodes would interleave two chains in it).
 *
 * Why an OS lock and not a pid file: the lock is an open-file-description lock (fcntl
 * F_OFD_SETLK, through fs-native-extensions) on a descriptor kept open for the process lifetime.
 * The kernel drops it when the descriptor closes, which a kill -9, a crash or a power cut does
 * too, so there is no stale lock to detect and nothing can be taken over wrongly: a pid file
 * needs a liveness check that pid reuse defeats and a takeover that two starting processes can
 * race. The pid, host and start time written into the file are only there for the error
 * message. OFD locks (unlike classic POSIX record locks) conflict between two descriptors of
 * one process too, and closing some other descriptor of the file does not drop them; they also
 * hold across containers sharing the directory and on NFSv4.
 *
 * The lock file is never deleted (deleting it would let a process that opened the old file and
 * one that creates a new one both "hold" a lock). Within one process the lock is re-entrant
 * (counted): the devnet holds it while it clears the dir, then the node's store takes it again.
 * A worker thread opens a store only as the batch writer of the store its main thread opened and
 * locked (store/batch-writer-thread.ts), so it takes no lock of its own.
 */
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, statSync, writeSync, ftruncateSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname } from "node:os";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

const require = createRequire(import.meta.url);
const { tryLock } = require("fs-native-extensions") as { tryLock(fd: number, offset?: number, length?: number, options?: { shared?: boolean }): boolean };

export const LOCK_FILE = "loft.lock";

/** Who holds a data dir, as its lock file says. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(readonly dir: string, readonly holder: LockHolder | undefined) {
    super(
      holder
        ? `data dir ${dir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}): stop that process first, or give another --data-dir`
        : `data dir ${dir} is in use by another process (it is starting): stop it first, or give another --data-dir`,
    );
  }
}

export interface DataDirLock {
  readonly dir: string;
  /** Drops this hold (the lock itself once the process's last hold is released). Idempotent. */
  release(): void;
}

const held = new Map<string, { fd: number; holds: number }>();

/** Takes the exclusive lock on `dir` (created if missing) or throws DataDirLockedError at once. */
export function lockDataDir(dir: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  if (!isMainThread) return { dir, release() {} };
  const { dev, ino } = statSync(dir);
  const key = `${dev}:${ino}`; // the directory itself, whatever path names it
  let entry = held.get(key);
  if (!entry) {
    const fd = openSync(join(dir, LOCK_FILE), constants.O_RDWR | constants.O_CREAT, 0o644);
    let locked: boolean;
    try {
      locked = tryLock(fd);
    } catch (error) {
      closeSync(fd);
      throw new Error(`cannot lock data dir ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): it must be on a file system with file locks`);
    }
    if (!locked) {
      const holder = readHolder(fd);
      closeSync(fd);
      throw new DataDirLockedError(dir, holder);
    }
    writeHolder(fd);
    entry = { fd, holds: 0 };
    held.set(key, entry);
  }
  entry.holds++;
  let released = false;
  return {
    dir,
    release() {
      if (released) return;
      released = true;
      if (--entry.holds > 0) return;
      held.delete(key);
      closeSync(entry.fd); // closing the only descriptor of the file description drops the lock
    },
  };
}

function writeHolder(fd: number): void {
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  try {
    ftruncateSync(fd, 0);
    writeSync(fd, `${JSON.stringify(holder)}\n`, 0);
  } catch {
    // a full disk: the lock holds all the same (it is the kernel's); only its note is missing, so a second process is told "another process"
  }
}

function readHolder(fd: number): LockHolder | undefined {
  const size = Math.min(fstatSync(fd).size, 4096);
  const buffer = Buffer.alloc(size);
  readSync(fd, buffer, 0, size, 0);
  try {
    const parsed = JSON.parse(buffer.toString("utf8")) as LockHolder;
    return Number.isInteger(parsed.pid) ? parsed : undefined;
  } catch {
    return undefined; // empty: the holder has locked but not written yet
  }
}
