/**
 * Coalesces single-transaction recoveries (the JSON-RPC path: one `loft_sendTransaction` at a
 * time) into chunked pool calls: every `recoverOne` made in the same event-loop turn, up to
 * `maxBatch`, goes to the pool as one `recover` call, flushed on `setImmediate` or as soon as
 * `maxBatch` records are waiting. Pool errors (BUSY, CLOSED, …) reject every waiter of that call.
 *
 * @example
 *   const batcher = new RecoveryBatcher(pool);
 *   const { status, sender } = await batcher.recoverOne(record); // record: 146-byte SSZ Transaction
 */
import { RECORD_SIZE, SENDER_SIZE } from "./record-layout.ts";
import type { RecoveredSenders } from "./recover-chunk.ts";
import { RecoveryStatus } from "./recovery-status.ts";
import { SignaturePoolError, SignaturePoolErrorCode } from "./signature-pool-error.ts";

export interface RecoveredSender {
  status: RecoveryStatus;
  /** The 20-byte sender when `status` is ok, otherwise undefined. */
  sender: Uint8Array | undefined;
}

interface Waiter {
  resolve(result: RecoveredSender): void;
  reject(error: unknown): void;
}

export class RecoveryBatcher {
  private readonly buffer: Uint8Array;
  private waiters: Waiter[] = [];
  private scheduled = false;

  constructor(
    private readonly pool: { recover(records: Uint8Array, count: number): Promise<RecoveredSenders> },
    private readonly maxBatch = 512,
  ) {
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    this.buffer = new Uint8Array(maxBatch * RECORD_SIZE);
  }

  /** Recovers the sender of one 146-byte record; the record is copied before this returns. */
  recoverOne(record: Uint8Array): Promise<RecoveredSender> {
    if (!(record instanceof Uint8Array) || record.length !== RECORD_SIZE) {
      const length = record instanceof Uint8Array ? `${record.length} bytes` : typeof record;
      return Promise.reject(new SignaturePoolError(SignaturePoolErrorCode.badInput, `expected one ${RECORD_SIZE}-byte transaction record, got ${length}`));
    }
    return new Promise<RecoveredSender>((resolve, reject) => {
      this.buffer.set(record, this.waiters.length * RECORD_SIZE);
      this.waiters.push({ resolve, reject });
      if (this.waiters.length === this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    if (waiters.length === 0) return;
    this.waiters = [];
    // The pool copies the records before `recover` returns, so the buffer is free again at once.
    this.pool.recover(this.buffer, waiters.length).then(
      ({ senders, statuses }) => {
        waiters.forEach((waiter, i) => {
          const status = statuses[i] as RecoveryStatus;
          const sender = status === RecoveryStatus.ok ? senders.slice(i * SENDER_SIZE, (i + 1) * SENDER_SIZE) : undefined;
          waiter.resolve({ status, sender });
        });
      },
      (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
