/**
 * One WebSocket connection's state: its id, in-flight work, subscriptions and the guarded send
 * path that closes slow consumers instead of buffering for them without limit.
 */
import type { WebSocket } from "uWebSockets.js";
import { encodeNotification, notificationEncoder } from "./json-rpc-response.ts";
import type { Reporter } from "./rpc-hooks.ts";

/** What a method handler can do with the connection its request came on (`ctx.connection`). */
export interface ConnectionHandle {
  /** Unique for the server's lifetime; never reused. */
  readonly id: number;
  /** The peer's IP address as text. */
  readonly remoteAddress: string;
  /** "ws" for a WebSocket connection; "http" for a POST request, which has no subscriptions (receipts go nowhere). */
  readonly transport: "ws" | "http";
  isOpen(): boolean;
  /** Sends an `eth_subscription` notification if `subscriptionId` is one of this connection's; false otherwise. */
  notify(subscriptionId: string, result: unknown): boolean;
  /** Sends `result` to this connection's "receipts" subscription; false if it has none or is closed. */
  notifyReceipts(result: unknown): boolean;
  /**
   * Sends each already-encoded JSON value of `results` to the "receipts" subscription, all in one
   * uWS cork (one write to the socket instead of one per message); false if it has none or is closed.
   */
  notifyReceiptsJson(results: readonly string[]): boolean;
}

/** What the server keeps per uWS socket (uWS user data). */
export interface SocketData {
  connection?: Connection;
}

/** Close code sent to a consumer too slow to read what it asked for (4000–4999: application codes). */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;
/** uWS's send() status when it dropped the message because of backpressure. */
const SEND_DROPPED = 2;

/**
 * uWS's per-socket backpressure limit for a server whose own limit is `maxBackpressureBytes`:
 * far above it, so that when this server decides to close a slow consumer uWS still queues the
 * close frame (code 4008) instead of dropping it and cutting the socket (which the peer sees as
 * 1006): the buffer may hold our limit, one group of messages up to the payload limit, and the
 * close frame.
 */
export function uwsBackpressureLimit(maxBackpressureBytes: number, maxPayloadBytes: number): number {
  return 2 * maxBackpressureBytes + 4 * maxPayloadBytes + 64 * 1024;
}

export class Connection implements ConnectionHandle {
  readonly transport = "ws";
  inFlight = 0;
  binarySequence = 0;
  receiptsSubscription: string | undefined;
  /** Server-wide feeds ("newBatches", "newHeads") this connection hears, by feed name → the feed's id. */
  readonly feeds = new Map<string, string>();
  /** `eth_subscribe("logs")` ids: valid, never notified (a payments rollup emits no logs). */
  readonly logSubscriptions = new Set<string>();
  private open = true;
  /** end() was called: nothing more is sent, the close frame is on its way. */
  private ending = false;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket<SocketData>,
    readonly remoteAddress: string,
    private readonly maxBackpressureBytes: number,
    private readonly reporter: Reporter,
  ) {}

  /** False once closed or closing (end() called). */
  isOpen(): boolean {
    return this.open && !this.ending;
  }

  /** Called from the uWS close handler: afterwards nothing is sent and subscriptions are gone. */
  markClosed(): void {
    this.open = false;
    this.receiptsSubscription = undefined;
    this.feeds.clear();
    this.logSubscriptions.clear();
  }

  /**
   * Sends unless the connection is already behind: when more than maxBackpressureBytes wait
   * unsent, the peer is a slow consumer and is closed instead. A message is never refused for
   * its own size, so a large reply to a fast client goes out; the buffer stays under
   * maxBackpressureBytes plus one message (or one {@link sendAll} group).
   */
  send(message: string | Uint8Array): void {
    this.sendAll([message]);
  }

  /** {@link send} for several messages in one cork: the same checks, one socket write. */
  sendAll(messages: readonly (string | Uint8Array)[]): void {
    if (!this.open || this.ending) return;
    if (this.socket.getBufferedAmount() > this.maxBackpressureBytes) {
      this.closeSlowConsumer();
      return;
    }
    let dropped = false;
    this.socket.cork(() => {
      for (const message of messages) {
        if (this.socket.send(message, typeof message !== "string") !== SEND_DROPPED) continue;
        dropped = true;
        break;
      }
    });
    // uWS's own limit is well above ours (websocket-route.ts: uwsBackpressureLimit), so it drops
    // only after a group far larger than any reply; then the peer is a slow consumer all the same.
    if (dropped) this.closeSlowConsumer();
  }

  /** Closes with a close frame (code and reason); no-op when already closed. */
  end(code: number, reason: string): void {
    if (!this.open || this.ending) return;
    this.ending = true;
    this.socket.end(code, reason);
  }

  private closeSlowConsumer(): void {
    this.reporter.report("rejected", "slow_consumer");
    this.reporter.logger.warn({ connection: this.id, remoteAddress: this.remoteAddress }, "closing slow consumer");
    this.end(SLOW_CONSUMER_CLOSE_CODE, "slow consumer: backpressure limit reached");
  }

  notify(subscriptionId: string, result: unknown): boolean {
    if (!this.isOpen() || (subscriptionId !== this.receiptsSubscription && ![...this.feeds.values()].includes(subscriptionId))) return false;
    this.send(encodeNotification(subscriptionId, result));
    return true;
  }

  notifyReceipts(result: unknown): boolean {
    const subscription = this.receiptsSubscription;
    return subscription !== undefined && this.notify(subscription, result);
  }

  notifyReceiptsJson(results: readonly string[]): boolean {
    const subscription = this.receiptsSubscription;
    if (!this.isOpen() || subscription === undefined) return false;
    this.sendAll(results.map(notificationEncoder(subscription)));
    return true;
  }
}
