/**
 * Coalesces small recoveries into chunked pool calls: single JSON-RPC transactions
 * (`recoverOne`) and small binary frames (`recover`, a few records each when a client paces its
 * sending) go to the pool together, up to `maxBatch` records per call. They are flushed after the
 * current event-loop turn if the pool has a free worker slot, otherwise as soon as it has one
 * (`pool.whenRoom`), and at once when `maxBatch` records wait: while the workers are busy the
 * records gather into one call instead of queuing as many small ones. A pool call costs about as
 * much main-thread work for 4 records as for 500 (a shared buffer, a message per chunk, a
 * promise), so one per small frame capped a paced load at a few thousand tx/s. Pool errors (BUSY,
 * CLOSED, …) reject every waiter of that call.
 *
 * @example
 *   const batcher = new RecoveryBatcher(pool);
 *   const { status, sender } = await batcher.recoverOne(record); // record: 146-byte SSZ Transaction
 *   const { senders, statuses } = await batcher.recover(frame, 4); // four records
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
  first: number;
  count: number;
  resolve(result: RecoveredSenders): void;
  reject(error: unknown): void;
}

export interface RecoveryPort {
  recover(records: Uint8Array, count: number): Promise<RecoveredSenders>;
  /** Runs the callback once a call would start at once (SignaturePool.whenRoom); absent: at once. */
  whenRoom?(callback: () => void): void;
}

export class RecoveryBatcher {
  private readonly buffer: Uint8Array;
  private waiters: Waiter[] = [];
  private waiting = 0;
  private scheduled = false;

  constructor(
    private readonly pool: RecoveryPort,
    private readonly maxBatch = 512,
  ) {
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
    this.buffer = new Uint8Array(maxBatch * RECORD_SIZE);
  }

  /** Recovers the sender of one 146-byte record; the record is copied before this returns. */
  async recoverOne(record: Uint8Array): Promise<RecoveredSender> {
    if (!(record instanceof Uint8Array) || record.length !== RECORD_SIZE) {
      const length = record instanceof Uint8Array ? `${record.length} bytes` : typeof record;
      throw new SignaturePoolError(SignaturePoolErrorCode.badInput, `expected one ${RECORD_SIZE}-byte transaction record, got ${length}`);
    }
    const { senders, statuses } = await this.recover(record, 1);
    const status = statuses[0] as RecoveryStatus;
    return { status, sender: status === RecoveryStatus.ok ? senders : undefined };
  }

  /**
   * Recovers the first `count` records of `records` (copied before this returns), together with
   * the other small calls of this turn; a call of `maxBatch` records or more goes to the pool alone.
   */
  recover(records: Uint8Array, count: number): Promise<RecoveredSenders> {
    if (!Number.isSafeInteger(count) || count < 0 || !(records instanceof Uint8Array) || records.length < count * RECORD_SIZE) {
      return this.pool.recover(records, count); // the pool words the refusal
    }
    if (count >= this.maxBatch) return this.pool.recover(records, count);
    if (this.waiting + count > this.maxBatch) this.flush();
    return new Promise<RecoveredSenders>((resolve, reject) => {
      this.buffer.set(records.subarray(0, count * RECORD_SIZE), this.waiting * RECORD_SIZE);
      this.waiters.push({ first: this.waiting, count, resolve, reject });
      this.waiting += count;
      if (this.waiting === this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => (this.pool.whenRoom ? this.pool.whenRoom(() => this.flush()) : this.flush()));
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const waiters = this.waiters;
    const count = this.waiting;
    if (waiters.length === 0) return;
    this.waiters = [];
    this.waiting = 0;
    // The pool copies the records before `recover` returns, so the buffer is free again at once.
    this.pool.recover(this.buffer, count).then(
      ({ senders, statuses, digests }) => {
        for (const { first, count: n, resolve } of waiters) {
          const part: RecoveredSenders = { senders: senders.slice(first * SENDER_SIZE, (first + n) * SENDER_SIZE), statuses: statuses.slice(first, first + n) };
          if (digests) part.digests = digests.slice(first * 32, (first + n) * 32);
          resolve(part);
        }
      },
      (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
