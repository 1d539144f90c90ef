/** A whole devnet node (Hardhat L1, Rollup, node on a free port, temp data dir) for end-to-end tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import WebSocket from "ws";
import { resolveNodeConfig, type NodeConfig } from "../../sequencer/config/node-config.ts";
import { setUpDevnet } from "../../sequencer/node/devnet-setup.ts";
import { startNode, type LoftNode } from "../../sequencer/node/loft-node.ts";
import type { L1Setup } from "../../sequencer/node/l1-setup.ts";

export interface NodeFixture {
  node: LoftNode;
  reader(): LoftNode["reader"];
  l1: L1Setup;
  config: NodeConfig;
  close(): Promise<void>;
}

export async function startDevnetNode(flags: Record<string, string> = {}): Promise<NodeFixture> {
  const dir = mkdtempSync(join(tmpdir(), "loft-node-"));
  const config = resolveNodeConfig({ port: "0", "data-dir": dir, "l1-confirmations": "1", "challenge-window": "3", "batch-interval-ms": "50", "signature-workers": "1", ...flags }, {});
  const l1 = await setUpDevnet(config);
  let node: LoftNode;
  try {
    node = await startNode(config, l1, pino({ level: process.env.LOFT_TEST_LOG ?? "silent" }));
  } catch (error) {
    await l1.stop();
    throw error;
  }
  return {
    node, l1, config,
    reader: () => node.reader,
    async close() {
      await node.stop();
      await l1.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSON-RPC client over one WebSocket that also collects subscription notifications. */
export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  readonly notifications: { subscription: string; result: Record<string, unknown> }[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data, binary) => {
      if (binary) return;
      const message = JSON.parse(String(data));
      if (message.method === "eth_subscription") this.notifications.push(message.params);
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(Object.assign(new Error(message.error.message), { code: message.error.code, data: message.error.data }));
      else waiter.resolve(message.result);
    });
  }

  static open(url: string): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once("open", () => resolve(new RpcClient(socket)));
      socket.once("error", reject);
    });
  }

  call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  /** Waits until a notification matches, polling for up to `timeoutMs`. */
  async waitFor(match: (n: { subscription: string; result: Record<string, unknown> }) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching notification within ${timeoutMs} ms; got ${JSON.stringify(this.notifications).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): void {
    this.socket.close();
  }
}
