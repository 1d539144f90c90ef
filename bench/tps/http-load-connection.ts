/**
 * `--mode http`: one loft_sendTransaction per HTTP POST over keep-alive sockets (what a wallet
 * or a backend using ethers' JsonRpcProvider / viem's http() does), `sockets` requests in flight
 * per connection (HTTP/1.1 without pipelining: one per socket). HTTP has no receipts
 * subscription, so `sealed` is seen as a dApp sees it: a WebSocket watches eth_subscribe
 * newHeads and reads each new block's transaction hashes (HeadWatcher); a transaction is sealed
 * when the head holding it arrives.
 */
import { Agent, request } from "node:http";
import WebSocket from "ws";
import type { ConnectionSource } from "./load-connection.ts";
import type { TxTracker } from "./tx-tracker.ts";

export class HttpLoadConnection {
  private cursor = 0;
  inFlightFrames = 0;
  inFlightTxs = 0;
  onReply: () => void = () => {};
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(url: string, private readonly queue: Uint32Array, private readonly source: ConnectionSource, private readonly tracker: TxTracker, sockets: number) {
    this.url = new URL(url.replace(/^ws/, "http").replace(/\/ws$/, "/"));
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  get sent(): number {
    return this.cursor;
  }

  get remaining(): number {
    return this.queue.length - this.cursor;
  }

  /** Sends the next `count` transactions, one POST each. */
  sendFrame(count: number): void {
    const n = Math.min(count, this.remaining);
    for (let k = 0; k < n; k++) {
      const i = this.queue[this.cursor++]!;
      this.tracker.submit(i, performance.now());
      this.inFlightFrames++;
      this.inFlightTxs++;
      this.post(i, this.source.requests![i]!);
    }
  }

  private post(i: number, body: string): void {
    const done = (outcome: string) => {
      this.tracker.reply(i, performance.now(), outcome);
      this.inFlightFrames--;
      this.inFlightTxs--;
      this.onReply();
    };
    const req = request(this.url, { method: "POST", agent: this.agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        try {
          const reply = JSON.parse(Buffer.concat(chunks).toString());
          done(reply.error ? String(reply.error.message) : "accepted");
        } catch {
          done(`HTTP ${res.statusCode}`);
        }
      });
    });
    req.on("error", (error) => done(`http error: ${error.message}`));
    req.end(body);
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Marks transactions sealed as their blocks arrive through eth_subscribe("newHeads"). */
export class HeadWatcher {
  private nextId = 1;

  private constructor(private readonly socket: WebSocket, private readonly tracker: TxTracker) {
    const arrivedAt = new Map<number, number>();
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString());
      if (message.method === "eth_subscription") {
        const number = message.params.result.number as string;
        const id = this.nextId++;
        arrivedAt.set(id, performance.now());
        socket.send(JSON.stringify({ jsonrpc: "2.0", id, method: "eth_getBlockByNumber", params: [number, false] }));
      } else if (arrivedAt.has(message.id)) {
        const at = arrivedAt.get(message.id)!;
        arrivedAt.delete(message.id);
        for (const hash of (message.result?.transactions ?? []) as string[]) this.tracker.receipt(hash, "sealed", at);
      }
    });
  }

  static async open(url: string, tracker: TxTracker): Promise<HeadWatcher> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const subscribed = new Promise<void>((resolve) => socket.once("message", () => resolve()));
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 0, method: "eth_subscribe", params: ["newHeads"] }));
    await subscribed;
    return new HeadWatcher(socket, tracker);
  }

  close(): void {
    this.socket.close();
  }
}
