/**
 * One durable write on this thread's handle on the store: a child transaction (rolled back as a
 * whole if the callback throws), then the flush. A write that fails for a storage reason rejects
 * with a StorageFaultError and marks the store's health; nothing of it is left unhandled:
 * lmdb-js attaches the commit's real error as a second promise (`commitError`) that it rejects
 * too, and its event-turn batching (off, store.ts) started batches through a promise nobody held.
 *
 * Writes are not even tried while the disk is (nearly) full (under StoreOptions.minFreeBytes free),
 * nor, after a failure, within a backoff (1 s, doubling to 30 s): each failed async commit also
 * prints lmdb-js' own stack trace. A batch written since the last failure ends the backoff.
 */
import type { RootDatabase } from "lmdb";
import { lowSpaceFault, storageFaultOf } from "./storage-fault.ts";
import type { StorageHealth } from "./storage-health.ts";

const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;

export class DurableWrites {
  private failures = 0;
  private failedAt = 0;
  private blockedUntil = 0;

  constructor(private readonly env: RootDatabase, private readonly dir: string, private readonly health: StorageHealth, private readonly minFreeBytes: number) {}

  async write(write: () => void): Promise<void> {
    const current = this.health.faultOf("writes");
    const low = lowSpaceFault(this.dir, this.minFreeBytes);
    if (low) throw this.health.failed("writes", current?.diskFull ? current : low);
    // a batch written since the last failure ends the backoff: the disk takes writes again
    const waiting = Date.now() < this.blockedUntil && this.health.succeededAt("batches") <= this.failedAt;
    if (current && waiting) throw current;
    try {
      // childTransaction, not transaction: lmdb-js commits an async transaction's writes made
      // before its callback threw (a failed batch write left half a batch on disk), while a child
      // transaction is rolled back. Not transactionSync either: on this thread it would wait for
      // the LMDB write lock while the batch writer thread holds it (15% of the main thread at
      // 10,000 TPS, in the poster's small writes).
      await this.env.childTransaction(write);
      await this.env.flushed;
    } catch (error) {
      const fault = storageFaultOf(this.dir, await commitCause(error));
      if (!fault) throw error;
      await this.settleFailedCommit();
      this.failures++;
      this.failedAt = Date.now();
      this.blockedUntil = this.failedAt + Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.failures - 1));
      throw this.health.failed("writes", fault);
    }
    this.failures = 0;
    this.health.succeeded("writes");
  }

  /**
   * lmdb-js never settles the flush promise of a commit that failed, and env.close() waits for it
   * forever (a node stopped on a full disk would hang): an empty transaction after it, which
   * commits even on a full disk (no new pages, only the meta page rewritten in place), replaces it.
   */
  async settleFailedCommit(): Promise<void> {
    try {
      await this.env.childTransaction(() => {});
      await this.env.flushed;
    } catch (error) {
      await commitCause(error);
    }
  }
}

/** The error behind lmdb-js' "Commit failed (see commitError for details)", with its second promise handled. */
export async function commitCause(error: unknown): Promise<unknown> {
  const commitError = (error as { commitError?: Promise<unknown> } | undefined)?.commitError;
  if (!commitError || typeof commitError.then !== "function") return error;
  // already rejected by the time the commit's own promise is (same callback in lmdb-js); the timer is a guard
  let timer: NodeJS.Timeout | undefined;
  const cause = await Promise.race([
    commitError.then(() => error, (reason: unknown) => reason),
    new Promise((resolve) => (timer = setTimeout(() => resolve(error), 100))),
  ]);
  clearTimeout(timer);
  return cause;
}
