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
  isOpen(): boolean;
  /** Sends a `loft_subscription` notification if `subscriptionId` is one of this connection's; false otherwise. */
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

export class Connection implements ConnectionHandle {
  inFlight = 0;
  binarySequence = 0;
  receiptsSubscription: string | undefined;
  newBatchesSubscription: string | undefined;
  private open = true;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket<SocketData>,
    readonly remoteAddress: string,
    private readonly maxBackpressureBytes: number,
    private readonly reporter: Reporter,
  ) {}

  isOpen(): boolean {
    return this.open;
  }

  /** Called from the uWS close handler: afterwards nothing is sent and subscriptions are gone. */
  markClosed(): void {
    this.open = false;
    this.receiptsSubscription = undefined;
    this.newBatchesSubscription = undefined;
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
    if (!this.open) return;
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
    // uWS drops (and, with closeOnBackpressureLimit, closes) only past its own limit, the same one.
    if (dropped) {
      if (this.open) this.closeSlowConsumer();
      else this.reporter.report("rejected", "slow_consumer");
    }
  }

  /** Closes with a close frame (code and reason); no-op when already closed. */
  end(code: number, reason: string): void {
    if (!this.open) return;
    this.socket.end(code, reason);
  }

  private closeSlowConsumer(): void {
    this.reporter.report("rejected", "slow_consumer");
    this.reporter.logger.warn({ connection: this.id, remoteAddress: this.remoteAddress }, "closing slow consumer");
    this.end(SLOW_CONSUMER_CLOSE_CODE, "slow consumer: backpressure limit reached");
  }

  notify(subscriptionId: string, result: unknown): boolean {
    if (!this.open || (subscriptionId !== this.receiptsSubscription && subscriptionId !== this.newBatchesSubscription)) return false;
    this.send(encodeNotification(subscriptionId, result));
    return true;
  }

  notifyReceipts(result: unknown): boolean {
    const subscription = this.receiptsSubscription;
    return subscription !== undefined && this.notify(subscription, result);
  }

  notifyReceiptsJson(results: readonly string[]): boolean {
    const subscription = this.receiptsSubscription;
    if (!this.open || subscription === undefined) return false;
    this.sendAll(results.map(notificationEncoder(subscription)));
    return true;
  }

  subscribeTopic(topic: string): void {
    if (this.open) this.socket.subscribe(topic);
  }

  unsubscribeTopic(topic: string): void {
    if (this.open) this.socket.unsubscribe(topic);
  }
}
