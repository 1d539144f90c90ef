/**
 * The body of a recovery worker: answers each {@link ChunkRequest} on `port` with one
 * `done` reply whose output buffer is transferred back (input records are read in place from
 * the shared buffer). Kept apart from the worker entry so
 * tests can start workers that inject faults (`beforeChunk`).
 */
import type { MessagePort } from "node:worker_threads";
import type { RecoveryContext } from "./chunk-digests.ts";
import { recoverChunkInto } from "./recover-chunk.ts";
import { RECORD_SIZE, SENDER_SIZE } from "./record-layout.ts";
import type { ChunkRequest, WorkerReply } from "./worker-messages.ts";

export function serveRecoveries(port: MessagePort, context: RecoveryContext, beforeChunk?: (records: Uint8Array) => void): void {
  port.on("message", (request: ChunkRequest) => {
    const records = new Uint8Array(request.records, request.byteOffset, request.count * RECORD_SIZE);
    beforeChunk?.(records);
    const output = new ArrayBuffer((SENDER_SIZE + 1 + 32) * request.count);
    const senders = new Uint8Array(output, 0, SENDER_SIZE * request.count);
    const statuses = new Uint8Array(output, SENDER_SIZE * request.count, request.count);
    const digests = new Uint8Array(output, (SENDER_SIZE + 1) * request.count, 32 * request.count);
    recoverChunkInto(context, records, request.count, { senders, statuses, digests });
    const reply: WorkerReply = { type: "done", id: request.id, output };
    port.postMessage(reply, [output]);
  });
  const ready: WorkerReply = { type: "ready" };
  port.postMessage(ready);
}
