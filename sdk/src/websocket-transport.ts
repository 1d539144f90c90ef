/**
 * JSON-RPC over one WebSocket (`ws://HOST:PORT/ws`): requests matched to answers by id, every
 * request bounded by a timeout, subscriptions delivered to their callbacks. Uses the global
 * WebSocket (browsers, Node 22+) or the `ws` package (Node 20) when there is none.
 */
import { LoftError } from "./errors.ts";
import { notificationOf, resultOf, type JsonRpcAnswer, type Transport } from "./transport.ts";

/** What the transport needs of a WebSocket: the browser API, which `ws` implements too. */
interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: "open" | "message" | "close" | "error", listener: (event: { data?: unknown }) => void): void;
}
type SocketConstructor = new (url: string) => SocketLike;

async function socketConstructor(): Promise<SocketConstructor> {
  const global = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
  if (global) return global;
  try {
    const module = "ws"; // not a static import: browsers have no `ws`
    return ((await import(module)) as { default: SocketConstructor }).default;
  } catch (cause) {
    throw new LoftError("TRANSPORT", "no WebSocket implementation: on Node 20 install the `ws` package, or connect over http(s)", { cause });
  }
}

const EARLY_LIMIT = 16;

export class WebSocketTransport implements Transport {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(answer: JsonRpcAnswer): void; reject(error: unknown): void; timer: ReturnType<typeof setTimeout> }>();
  private readonly listeners = new Map<string, (result: Record<string, unknown>) => void>();
  /** Notifications that arrived before their subscription's id was known (the node may send one right after its answer, in the same read). */
  private readonly early = new Map<string, Record<string, unknown>[]>();
  private closed: LoftError | undefined;
  private subscribing = 0;

  private constructor(private readonly socket: SocketLike, private readonly url: string, private readonly timeoutMs: number) {
    socket.addEventListener("message", (event) => this.onMessage(String(event.data)));
    socket.addEventListener("close", () => this.fail(new LoftError("TRANSPORT", `the connection to ${url} closed`)));
  }

  static async open(url: string, timeoutMs = 30_000, implementation?: SocketConstructor): Promise<WebSocketTransport> {
    const Socket = implementation ?? (await socketConstructor());
    const socket = new Socket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LoftError("TIMEOUT", `no connection to ${url} within ${timeoutMs} ms`)), timeoutMs);
      socket.addEventListener("open", () => (clearTimeout(timer), resolve()));
      socket.addEventListener("error", () => (clearTimeout(timer), reject(new LoftError("TRANSPORT", `cannot connect to ${url}`))));
    });
    return new WebSocketTransport(socket, url, timeoutMs);
  }

  request<T>(method: string, params: unknown[] = []): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise<JsonRpcAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LoftError("TIMEOUT", `${method}: no answer from ${this.url} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    }).then((answer) => resultOf<T>(answer));
  }

  async subscribe(kind: "newBatches" | "receipts", onResult: (result: Record<string, unknown>) => void): Promise<() => Promise<void>> {
    this.subscribing++;
    let id: string;
    try {
      id = await this.request<string>("loft_subscribe", [kind]);
    } finally {
      this.subscribing--;
    }
    this.listeners.set(id, onResult);
    for (const result of this.early.get(id) ?? []) onResult(result);
    if (this.subscribing === 0) this.early.clear();
    return async () => {
      this.listeners.delete(id);
      if (!this.closed) await this.request("loft_unsubscribe", [id]).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.fail(new LoftError("TRANSPORT", "the client was closed"));
    this.socket.close();
  }

  private onMessage(text: string): void {
    let message: JsonRpcAnswer;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not JSON-RPC (a binary-path reply): not ours
    }
    const notification = notificationOf(message);
    if (notification) return this.notify(notification.subscription, notification.result);
    const waiter = typeof message.id === "number" ? this.pending.get(message.id) : undefined;
    if (!waiter) return;
    this.pending.delete(message.id as number);
    clearTimeout(waiter.timer);
    waiter.resolve(message);
  }

  private notify(subscription: string, result: Record<string, unknown>): void {
    const listener = this.listeners.get(subscription);
    if (listener) return listener(result);
    if (this.subscribing === 0) return; // no subscribe in flight: a stale subscription's notification
    const queued = this.early.get(subscription) ?? [];
    if (queued.length < EARLY_LIMIT && (this.early.size < EARLY_LIMIT || this.early.has(subscription))) this.early.set(subscription, [...queued, result]);
  }

  private fail(error: LoftError): void {
    this.closed ??= error;
    for (const { reject, timer } of this.pending.values()) (clearTimeout(timer), reject(error));
    this.pending.clear();
  }
}
