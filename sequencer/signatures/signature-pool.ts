/**
 * A pool of worker threads recovering the senders of signed user transactions with native
 * libsecp256k1, in chunks (never one message per transaction).
 *
 * Input: N concatenated 146-byte SSZ Transactions (`from` ignored). It is copied once into a
 * SharedArrayBuffer, split into chunks of at most `maxChunkTransactions` (and at least enough
 * chunks to use every worker), run in FIFO order, and reassembled in input order. Each worker
 * holds up to CHUNKS_PER_WORKER chunks, so it starts on the next one at once instead of idling
 * until this thread, busy sealing a batch, gets to its reply.
 * Backpressure: a call that would take the pool past `maxPendingTransactions` (queued + in
 * flight) is rejected at once with BUSY; nothing waits unboundedly.
 * Crashes: a worker that dies is replaced; its chunk is retried once on the fresh worker, and a
 * second death rejects the call with WORKER_CRASHED. A worker that dies before it is ready makes
 * the pool unusable (WORKER_START_FAILED). Idle workers are unref'd, so an idle pool never keeps
 * the process alive; `close()` terminates them all.
 *
 * @example
 *   const pool = new SignaturePool({ separator: domainSeparator(domain), workers: 2 });
 *   const { senders, statuses } = await pool.recover(records, count);
 *   await pool.close();
 */
import type { Worker } from "node:worker_threads";
import { resolvePoolOptions, type ResolvedPoolOptions, type SignaturePoolOptions } from "./pool-options.ts";
import { ChunkQueue } from "./chunk-queue.ts";
import { startTsWorker } from "./ts-worker.ts";
import { RECORD_SIZE, SENDER_SIZE } from "./record-layout.ts";
import type { RecoveredSenders } from "./recover-chunk.ts";
import { SignaturePoolError, SignaturePoolErrorCode as Code } from "./signature-pool-error.ts";
import type { ChunkRequest, RecoveryWorkerData, WorkerReply } from "./worker-messages.ts";

interface PendingCall {
  result: Required<RecoveredSenders>;
  remainingChunks: number;
  failed: boolean;
  resolve(result: RecoveredSenders): void;
  reject(error: Error): void;
}

interface Chunk {
  id: number;
  call: PendingCall;
  records: SharedArrayBuffer;
  byteOffset: number;
  count: number;
  firstIndex: number;
  attempts: number;
}

interface WorkerSlot {
  worker: Worker;
  ready: boolean;
  /** Chunks posted to the worker and not answered yet, oldest (the one it is running) first. */
  chunks: Chunk[];
  lastError: unknown;
}

/** Chunks handed to one worker at a time: the one it runs and the next one, waiting in its port. */
const CHUNKS_PER_WORKER = 2;
/** A call is split across workers only into chunks of at least this many transactions: below it, one message beats two. */
const MIN_SPLIT_CHUNK = 64;

export class SignaturePool {
  private readonly options: ResolvedPoolOptions;
  private readonly slots: WorkerSlot[] = [];
  private readonly queue = new ChunkQueue<Chunk>();
  private pending = 0;
  private nextChunkId = 0;
  private closed = false;
  private broken: SignaturePoolError | undefined;
  private roomWaiters: (() => void)[] = [];
  private readyWaiters: { resolve(): void; reject(error: Error): void }[] = [];

  constructor(options: SignaturePoolOptions) {
    this.options = resolvePoolOptions(options);
    for (let i = 0; i < this.options.workers; i++) this.slots.push(this.startWorker());
  }

  /** Worker threads in the pool. */
  get size(): number {
    return this.slots.length;
  }

  /** Transactions queued or being recovered. */
  get pendingTransactions(): number {
    return this.pending;
  }

  /** Thread ids of the current workers (a crashed worker's replacement has a new id). */
  get workerThreadIds(): number[] {
    return this.slots.map((slot) => slot.worker.threadId);
  }

  /**
   * Recovers the senders of the first `count` records of `records` (146 bytes each). The records
   * are copied before this returns, so a buffer that is only valid during a callback (a
   * uWebSockets.js message) can be passed as is and reused at once.
   * Rejects with a SignaturePoolError (BAD_INPUT, BUSY, CLOSED, WORKER_CRASHED, WORKER_START_FAILED).
   */
  recover(records: Uint8Array, count: number): Promise<RecoveredSenders> {
    const problem = this.refusal(records, count);
    if (problem) return Promise.reject(problem);
    const result = { senders: new Uint8Array(SENDER_SIZE * count), statuses: new Uint8Array(count), digests: new Uint8Array(32 * count) };
    if (count === 0) return Promise.resolve(result);
    const shared = new SharedArrayBuffer(count * RECORD_SIZE);
    new Uint8Array(shared).set(records.subarray(0, count * RECORD_SIZE));
    const perChunk = Math.min(this.options.maxChunkTransactions, Math.max(MIN_SPLIT_CHUNK, Math.ceil(count / this.slots.length)));
    return new Promise<RecoveredSenders>((resolve, reject) => {
      const call: PendingCall = { result, remainingChunks: Math.ceil(count / perChunk), failed: false, resolve, reject };
      for (let first = 0; first < count; first += perChunk) {
        const chunkCount = Math.min(perChunk, count - first);
        const id = this.nextChunkId++;
        this.queue.push({ id, call, records: shared, byteOffset: first * RECORD_SIZE, count: chunkCount, firstIndex: first, attempts: 0 });
      }
      this.pending += count;
      this.dispatch();
    });
  }

  /**
   * Resolves once every worker has loaded (its first chunk then starts at once, without paying
   * for module loading); rejects with WORKER_START_FAILED or CLOSED. Calls need not wait for it.
   */
  ready(): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.closed) return Promise.reject(new SignaturePoolError(Code.closed, "signature pool closed"));
    if (this.slots.every((slot) => slot.ready)) return Promise.resolve();
    for (const slot of this.slots) if (!slot.ready) slot.worker.ref(); // waiting for them keeps the process alive
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Whether a call made now would start at once: nothing queued, and a worker with a free chunk slot. */
  hasRoom(): boolean {
    return this.queue.length === 0 && this.slots.some((slot) => slot.chunks.length < CHUNKS_PER_WORKER && slot.lastError === undefined);
  }

  /**
   * Runs `callback` once a call made then would start at once: now if it would, else when a chunk
   * finishes and leaves room (or the pool closes). Callers that can wait gather more work into one
   * call meanwhile (RecoveryBatcher).
   */
  whenRoom(callback: () => void): void {
    if (this.closed || this.hasRoom()) callback();
    else this.roomWaiters.push(callback);
  }

  /**
   * Rejects every queued and running call with CLOSED (or the start failure that broke the pool)
   * and terminates all workers. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.callRoomWaiters();
    const error = this.broken ?? new SignaturePoolError(Code.closed, "signature pool closed");
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
    for (const chunk of this.queue.drain()) this.fail(chunk, error);
    for (const slot of this.slots) for (const chunk of slot.chunks) this.fail(chunk, error);
    // ref'd while terminating: an idle (unref'd) worker would otherwise let the event loop end
    // with close() still pending; a worker that already exited (thread id -1) has nothing to stop
    await Promise.all(this.slots.map((slot) => {
      if (slot.worker.threadId === -1) return undefined;
      slot.worker.ref();
      return slot.worker.terminate();
    }));
  }

  private refusal(records: Uint8Array, count: number): SignaturePoolError | undefined {
    if (this.broken) return this.broken;
    if (this.closed) return new SignaturePoolError(Code.closed, "signature pool closed");
    if (!(records instanceof Uint8Array)) return new SignaturePoolError(Code.badInput, "records must be a Uint8Array");
    if (!Number.isSafeInteger(count) || count < 0) return new SignaturePoolError(Code.badInput, `count must be a non-negative integer, got ${count}`);
    if (records.length < count * RECORD_SIZE) {
      return new SignaturePoolError(Code.badInput, `records hold ${records.length} bytes, fewer than ${count} × ${RECORD_SIZE}-byte transactions (${count * RECORD_SIZE} bytes)`);
    }
    if (count > 0 && this.pending + count > this.options.maxPendingTransactions) {
      return new SignaturePoolError(Code.busy, `signature pool busy: ${this.pending} transactions pending, ${count} more would exceed the limit of ${this.options.maxPendingTransactions}`);
    }
    return undefined;
  }

  private startWorker(): WorkerSlot {
    const workerData: RecoveryWorkerData = { separator: this.options.separator };
    const worker = startTsWorker(this.options.workerUrl, { workerData });
    worker.unref();
    const slot: WorkerSlot = { worker, ready: false, chunks: [], lastError: undefined };
    worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on("error", (error) => (slot.lastError = error));
    worker.on("exit", (code) => this.onExit(slot, code));
    return slot;
  }

  /** Fills the workers' slots, least loaded first, so two idle workers each get a chunk before either gets a second. */
  private dispatch(): void {
    for (let depth = 0; depth < CHUNKS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (slot.chunks.length > depth || slot.lastError !== undefined) continue; // full enough, or dying (its exit event is on the way)
        const chunk = this.nextLiveChunk();
        if (!chunk) return;
        slot.chunks.push(chunk);
        slot.worker.ref();
        const request: ChunkRequest = { id: chunk.id, records: chunk.records, byteOffset: chunk.byteOffset, count: chunk.count };
        slot.worker.postMessage(request);
      }
    }
  }

  /** The next queued chunk whose call has not already failed (chunks of failed calls are dropped). */
  private nextLiveChunk(): Chunk | undefined {
    for (let chunk = this.queue.shift(); chunk; chunk = this.queue.shift()) {
      if (!chunk.call.failed) return chunk;
      this.pending -= chunk.count;
    }
    return undefined;
  }

  private onReply(slot: WorkerSlot, reply: WorkerReply): void {
    if (reply.type === "ready") {
      slot.ready = true;
      if (slot.chunks.length === 0) slot.worker.unref();
      if (this.slots.every((each) => each.ready)) for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
      return;
    }
    const chunk = slot.chunks[0];
    if (!chunk || chunk.id !== reply.id) return;
    slot.chunks.shift();
    this.pending -= chunk.count;
    const call = chunk.call;
    if (!call.failed) {
      const senderBytes = SENDER_SIZE * chunk.count;
      call.result.senders.set(new Uint8Array(reply.output, 0, senderBytes), SENDER_SIZE * chunk.firstIndex);
      call.result.statuses.set(new Uint8Array(reply.output, senderBytes, chunk.count), chunk.firstIndex);
      call.result.digests.set(new Uint8Array(reply.output, senderBytes + chunk.count, 32 * chunk.count), 32 * chunk.firstIndex);
      if (--call.remainingChunks === 0) call.resolve(call.result);
    }
    this.dispatch();
    if (slot.chunks.length === 0) slot.worker.unref();
    if (this.roomWaiters.length > 0 && this.hasRoom()) this.callRoomWaiters();
  }

  private callRoomWaiters(): void {
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private onExit(slot: WorkerSlot, code: number): void {
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    const reason = slot.lastError instanceof Error ? slot.lastError.message : `exit code ${code}`;
    if (!slot.ready) {
      this.broken = new SignaturePoolError(Code.workerStartFailed, `signature worker failed to start: ${reason}`, { cause: slot.lastError });
      void this.close();
      return;
    }
    this.slots[index] = this.startWorker();
    // the oldest chunk was running when the worker died; the ones behind it never started
    for (const chunk of slot.chunks.slice(1).reverse()) this.queue.unshift(chunk);
    const running = slot.chunks[0];
    if (running) {
      if (++running.attempts < 2) this.queue.unshift(running);
      else this.fail(running, new SignaturePoolError(Code.workerCrashed, `signature worker crashed twice on a chunk of ${running.count} transactions: ${reason}`, { cause: slot.lastError }));
    }
    this.dispatch();
  }

  private fail(chunk: Chunk, error: Error): void {
    this.pending -= chunk.count;
    if (chunk.call.failed) return;
    chunk.call.failed = true;
    chunk.call.reject(error);
  }
}
