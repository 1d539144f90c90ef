/** Entry of the batch writer thread (BatchWriterThread): writes batches, in order, on its own handle on the store. */
import { parentPort, workerData } from "node:worker_threads";
import { writeSealedBatch } from "./batch-writer.ts";
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
let queue = Promise.resolve();
port.on("message", (request: WriterRequest) => {
  if (request.type === "close") {
    queue = queue.then(() => store.close()).then(() => process.exit(0));
    return;
  }
  const { id } = request;
  const written = writeSealedBatch(store, fromWire(request.batch));
  // LMDB applies transactions in the order they were started; the replies keep that order too
  queue = queue.then(() => written).then(
    () => reply({ type: "written", id }),
    (error: Error) => reply({ type: "failed", id, message: error.message }),
  );
});
reply({ type: "ready" });
