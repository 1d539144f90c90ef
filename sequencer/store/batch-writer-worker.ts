/**
 * Entry of the batch writer thread (BatchWriterThread): writes batches on its own handle on the
 * store, strictly one after another. Batch n+1's transaction starts only once batch n's has
 * committed, and after a failed batch every later one is refused, so the disk never holds a
 * batch whose parent is missing. Flushes overlap; replies go back in batch order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { putSealedBatch } from "./batch-writer.ts";
import { SequentialWrites } from "./sequential-writes.ts";
import { fromWire, type WriterReply, type WriterRequest, type WriterWorkerData } from "./batch-writer-wire.ts";
import { openStore } from "./store.ts";

if (parentPort === null) throw new Error("batch-writer-worker.ts must run in a worker thread");
const port = parentPort;
const reply = (message: WriterReply) => port.postMessage(message);

let store: Awaited<ReturnType<typeof openStore>>;
try {
  store = await openStore(workerData as WriterWorkerData);
} catch (error) {
  reply({ type: "failed", id: 0, message: (error as Error).message });
  process.exit(1);
}
// synchronous on this thread of its own: it waits for the write lock instead of queuing behind
// lmdb-js' async batches, and it is aborted as a whole if it throws (see store.ts)
const writes = new SequentialWrites(store, (batch) => store.env.transactionSync(() => putSealedBatch(store, batch)));
let replies: Promise<unknown> = Promise.resolve();
port.on("message", (request: WriterRequest) => {
  if (request.type === "close") {
    void replies.then(() => store.close()).then(() => process.exit(0));
    return;
  }
  const { id } = request;
  const flushed = writes.write(fromWire(request.batch));
  replies = replies.then(() => flushed).then(
    () => reply({ type: "written", id }),
    (error: Error) => reply({ type: "failed", id, message: error.message, ...codeOf(error) }),
  );
});
reply({ type: "ready" });

/** The error's code (an errno or LMDB code), which tells the node whether the storage refused the write. */
function codeOf(error: Error): { code?: string | number } {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" || typeof code === "number" ? { code } : {};
}
