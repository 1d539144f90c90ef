/**
 * Batch writes on their own thread. Writing a batch costs the thread that runs it about 18 µs of
 * CPU per transaction (three index entries each, LMDB's B-tree work included; bench numbers in
 * docs/benchmarks.md), which on the node's main thread competed with intake, execution and
 * receipts. The worker opens the same LMDB environment (lmdb-js shares it between threads of a
 * process) and runs writeSealedBatch there, in the order the batches were handed over; a write
 * resolves here only once the worker has seen it flushed, so `sealed` keeps meaning durable.
 */
import type { Worker } from "node:worker_threads";
import { startTsWorker } from "../signatures/ts-worker.ts";
import { toWire, type WriterReply, type WriterRequest, type WriterWorkerData } from "./batch-writer-wire.ts";
import type { SealedBatch } from "./sealed-batch.ts";

export class BatchWriterError extends Error {
  override name = "BatchWriterError";
  /** The errno or LMDB code of a write the storage refused (store/storage-fault.ts classes it). */
  readonly code: string | number | undefined;
  constructor(message: string, options?: ErrorOptions & { code?: string | number }) {
    super(message, options);
    this.code = options?.code;
  }
}

export class BatchWriterThread {
  /** Writes handed over and not answered yet, by request id. */
  private readonly pending = new Map<number, { written: Promise<void>; resolve(): void; reject(error: Error): void }>();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker, private readonly afterWrite: () => void) {
    worker.on("message", (reply: WriterReply) => this.settle(reply));
    worker.on("error", (error) => this.fail(new BatchWriterError(`the batch writer thread failed: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => this.fail(new BatchWriterError(`the batch writer thread exited (code ${code})`)));
  }

  /** Starts the thread on the store at `data.dir` (already opened and checked by this thread). */
  static async start(data: WriterWorkerData, afterWrite: () => void): Promise<BatchWriterThread> {
    const worker = startTsWorker(new URL("./batch-writer-worker.ts", import.meta.url), { workerData: data });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new BatchWriterError(`the batch writer thread exited while starting (code ${code})`));
      worker.once("error", reject).once("exit", onExit);
      worker.once("message", (reply: WriterReply) => {
        worker.off("error", reject).off("exit", onExit);
        if (reply.type === "ready") resolve();
        else reject(new BatchWriterError(`the batch writer thread could not open the store: ${reply.type === "failed" ? reply.message : reply.type}`));
      });
    });
    return new BatchWriterThread(worker, afterWrite);
  }

  /** Resolves once the batch is written and flushed to disk. */
  write(batch: SealedBatch): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const { request, transfer } = toWire(id, batch);
    let settle!: { resolve(): void; reject(error: Error): void };
    const written = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.pending.set(id, { written, ...settle });
    this.worker.postMessage(request, transfer);
    return written;
  }

  /** Waits for the writes handed over, then stops the thread (closing its handle on the store). */
  async close(): Promise<void> {
    if (this.failure) return;
    await Promise.allSettled([...this.pending.values()].map(({ written }) => written));
    if (this.failure) return;
    const closed = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    this.failure = new BatchWriterError("the batch writer is closed");
    this.worker.postMessage({ type: "close" } satisfies WriterRequest);
    await closed;
  }

  private settle(reply: WriterReply): void {
    if (reply.type !== "written" && reply.type !== "failed") return;
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.type === "written") {
      this.afterWrite();
      waiter.resolve();
    } else {
      waiter.reject(new BatchWriterError(reply.message, reply.code === undefined ? {} : { code: reply.code }));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
