/**
 * A `ws` client for the rpc tests: queues incoming frames, waits with bounded timeouts, and
 * records how the connection closed.
 */
import WebSocket, { type ClientOptions } from "ws";

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export class TestClient {
  private readonly frames: (string | Uint8Array)[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<Closed>;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      this.frames.push(isBinary ? new Uint8Array(data) : data.toString("utf8"));
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on("error", () => undefined); // surfaced through `closed`
  }

  static connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, { handshakeTimeout: 5000, ...options });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new TestClient(socket)));
      socket.once("error", reject);
      socket.once("unexpected-response", (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    });
  }

  sendJson(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  /** The next frame, or a rejection after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<string | Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.frames.shift() as string | Uint8Array;
  }

  async nextJson(timeoutMs?: number): Promise<any> {
    const frame = await this.next(timeoutMs);
    if (typeof frame !== "string") throw new Error("expected a text frame, got a binary one");
    return JSON.parse(frame);
  }

  async nextBinary(timeoutMs?: number): Promise<Uint8Array> {
    const frame = await this.next(timeoutMs);
    if (typeof frame === "string") throw new Error(`expected a binary frame, got text ${frame.slice(0, 200)}`);
    return frame;
  }

  /** Sends `value` and returns the next frame parsed. */
  async call(value: unknown): Promise<any> {
    this.sendJson(value);
    return this.nextJson();
  }

  /** Resolves true when no frame arrives within `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.frames.length === 0;
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
  }
}
