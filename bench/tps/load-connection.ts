/**
 * One load connection: a WebSocket to the node subscribed to its receipts, sending its share of
 * the workload in order, as binary frames of 146-byte records or as JSON-RPC batches of
 * loft_sendTransaction requests, and recording replies and receipts in the tracker.
 */
import WebSocket from "ws";
import { decodeBinaryReply } from "../../sequencer/rpc/index.ts";
import { INTAKE_STATUS_TEXT, type IntakeStatus } from "../../sequencer/node/intake-status.ts";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import type { TxTracker } from "./tx-tracker.ts";

/** binary frames; JSON-RPC batches; "json1": one JSON-RPC request per WebSocket message (what wallets do); "http": one per HTTP POST (keep-alive, http-load-connection.ts). */
export type SendMode = "json" | "binary" | "json1" | "http";

export interface ConnectionSource {
  records: Uint8Array;
  /** Request texts by tx index (JSON mode only). */
  requests?: string[];
}

export class LoadConnection {
  private cursor = 0;
  private sequence = 0;
  private readonly framesBySequence = new Map<number, [number, number]>(); // sequence → [queue start, count]
  inFlightFrames = 0;
  inFlightTxs = 0;
  /** Called after every admission reply (max mode tops up its window here). */
  onReply: () => void = () => {};

  private constructor(
    private readonly socket: WebSocket,
    private readonly queue: Uint32Array,
    private readonly mode: SendMode,
    private readonly source: ConnectionSource,
    private readonly tracker: TxTracker,
  ) {
    socket.on("message", (data: Buffer, binary: boolean) => (binary ? this.onBinary(data) : this.onText(data.toString())));
  }

  static async open(url: string, queue: Uint32Array, mode: SendMode, source: ConnectionSource, tracker: TxTracker): Promise<LoadConnection> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const connection = new LoadConnection(socket, queue, mode, source, tracker);
    const subscribed = new Promise<void>((resolve) => socket.once("message", () => resolve()));
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: -1, method: "loft_subscribe", params: ["receipts"] }));
    await subscribed;
    return connection;
  }

  get sent(): number {
    return this.cursor;
  }

  get remaining(): number {
    return this.queue.length - this.cursor;
  }

  /** Sends the next `count` transactions of this connection's queue in one frame. */
  sendFrame(count: number): void {
    const n = Math.min(count, this.remaining);
    if (n <= 0) return;
    const start = this.cursor;
    this.cursor += n;
    const now = performance.now();
    for (let k = start; k < start + n; k++) this.tracker.submit(this.queue[k]!, now);
    this.inFlightFrames++;
    this.inFlightTxs += n;
    if (this.mode === "binary") {
      const frame = Buffer.allocUnsafe(n * TRANSACTION_SIZE);
      for (let k = 0; k < n; k++) {
        const i = this.queue[start + k]!;
        frame.set(this.source.records.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE), k * TRANSACTION_SIZE);
      }
      this.framesBySequence.set(this.sequence++, [start, n]);
      this.socket.send(frame, { binary: true });
    } else if (this.mode === "json1") {
      this.inFlightFrames += n - 1; // one frame per request
      for (let k = 0; k < n; k++) this.socket.send(this.source.requests![this.queue[start + k]!]!);
    } else {
      const parts = new Array<string>(n);
      for (let k = 0; k < n; k++) parts[k] = this.source.requests![this.queue[start + k]!]!;
      this.socket.send(`[${parts.join(",")}]`);
    }
  }

  private frameDone(count: number): void {
    this.inFlightFrames--;
    this.inFlightTxs -= count;
    this.onReply();
  }

  private onBinary(data: Buffer): void {
    const now = performance.now();
    const reply = decodeBinaryReply(data);
    const frame = this.framesBySequence.get(reply.sequence);
    if (!frame) return;
    this.framesBySequence.delete(reply.sequence);
    const [start, count] = frame;
    for (let k = 0; k < count; k++) {
      const outcome = reply.type === "statuses" ? INTAKE_STATUS_TEXT[reply.statuses[k] as IntakeStatus] ?? `status ${reply.statuses[k]}` : `frame error: ${reply.message.replace(/\d+/g, "N")}`;
      this.tracker.reply(this.queue[start + k]!, now, outcome);
    }
    this.frameDone(count);
  }

  private onText(text: string): void {
    const now = performance.now();
    const message = JSON.parse(text);
    if (Array.isArray(message)) {
      for (const item of message) this.tracker.reply(item.id, now, item.error ? String(item.error.message) : "accepted");
      this.frameDone(message.length);
    } else if (message.id !== undefined && message.id !== null && message.id >= 0) {
      this.tracker.reply(message.id, now, message.error ? String(message.error.message) : "accepted");
      this.frameDone(1);
    } else if (message.method === "eth_subscription") {
      const r = message.params.result;
      this.tracker.receipt(r.hash, r.status, now, r.error);
    } else if (message.error && message.id === null) {
      throw new Error(`node refused a frame: ${message.error.message}`);
    }
  }

  close(): void {
    this.socket.close();
  }
}
