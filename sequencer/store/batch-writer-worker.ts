/**
 * Entry of the batch writer thread (BatchWriterThread): writes batches on its own handle on the
 * store, strictly one after another. Batch n+1's transaction starts only once batch n's has
 * committed, and after a failed batch every later one is refused, so the disk never holds a
 * batch whose parent is missing. Flushes overlap; replies go back in batch order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { putSealedBatch } from "./batch-writer.ts";
import { forgetHeads } from "./history-chains.ts";
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
let committed: Promise<unknown> = Promise.resolve();
let failure: Error | undefined;
let replies: Promise<unknown> = Promise.resolve();
port.on("message", (request: WriterRequest) => {
  if (request.type === "close") {
    void replies.then(() => store.close()).then(() => process.exit(0));
    return;
  }
  const { id } = request;
  const batch = fromWire(request.batch);
  const commit = committed.then(() => {
    if (failure) throw new Error(`not written: an earlier batch failed (${failure.message})`);
    store.env.transactionSync(() => putSealedBatch(store, batch)); // aborted as a whole if it throws (store.ts)
  });
  committed = commit.catch((error: Error) => {
    failure ??= error;
    forgetHeads(store); // never used again (later batches are refused), but hold nothing uncommitted
  });
  const flushed = commit.then(() => store.env.flushed);
  replies = replies.then(() => flushed).then(
    () => reply({ type: "written", id }),
    (error: Error) => reply({ type: "failed", id, message: error.message }),
  );
});
reply({ type: "ready" });
