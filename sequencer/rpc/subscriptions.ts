/**
 * `loft_subscribe` / `eth_subscribe` and their unsubscribes, served by the ingress itself (spec §4).
 * Every notification has geth's shape `{method: "eth_subscription", params: {subscription, result}}`.
 *
 * - Feeds, server-wide: "newBatches" (`loft_subscribe`) and "newHeads" (`eth_subscribe`). The node
 *   calls `server.publish(feed, result)`; the message is serialized once and sent to every
 *   subscriber through its own guarded send (a subscriber that stops reading is closed 4008 like
 *   any slow consumer). A feed's subscription id is minted once per server and shared.
 * - "receipts" (`loft_subscribe`), per connection: the node calls `server.notifyReceipts(id, r)`
 *   for status changes of transactions sent on it.
 * - "logs" (`eth_subscribe`): accepted, never notified: a payments rollup has no contract logs,
 *   which is what an empty EVM chain would answer.
 *
 * A connection holds at most one subscription of each feed and one "receipts": subscribing again
 * returns the same id. Everything is dropped when the connection closes. HTTP has no subscriptions.
 */
import { randomBytes } from "node:crypto";
import { ParamError, ParamErrorCode } from "../protocol/param-error.ts";
import type { ConnectionHandle } from "./connection.ts";
import { Connection } from "./connection.ts";
import { RpcError, RpcErrorCode } from "./rpc-error.ts";

export const SUBSCRIPTION_KINDS = ["newBatches", "receipts"] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
export const ETH_SUBSCRIPTION_KINDS = ["newHeads", "logs"] as const;
export const FEEDS = ["newBatches", "newHeads"] as const;
export type Feed = (typeof FEEDS)[number];
/** The `data.code` of the -32602 answered to an unknown subscription id. */
export const UNKNOWN_SUBSCRIPTION = "UNKNOWN_SUBSCRIPTION";
/** geth's code and message for a subscription asked over a transport without notifications. */
export const NOTIFICATIONS_UNSUPPORTED = -32001;

/** A fresh subscription id: 16 random bytes as 0x-hex, as geth's ids. */
export function newSubscriptionId(): string {
  return `0x${randomBytes(16).toString("hex")}`;
}

function stringParam(params: unknown, maxLength: number): string {
  if (!Array.isArray(params) || params.length < 1 || params.length > maxLength) {
    const got = Array.isArray(params) ? `${params.length} params` : "a params object";
    throw new ParamError(ParamErrorCode.wrongArity, "params", `expected ${maxLength === 1 ? "1 param" : `1 to ${maxLength} params`}, got ${got}`);
  }
  const value: unknown = params[0];
  if (typeof value !== "string") {
    throw new ParamError(ParamErrorCode.notString, "params[0]", `expected a string, got ${value === null ? "null" : typeof value}`);
  }
  return value;
}

function unknownKind(kind: string, expected: string): ParamError {
  const shown = JSON.stringify(kind.length > 40 ? `${kind.slice(0, 40)}…` : kind);
  return new ParamError(ParamErrorCode.unknownType, "params[0]", `unknown subscription kind ${shown}; expected ${expected}`);
}

type SubscriptionMethod = (params: unknown, context: { connection: ConnectionHandle }) => unknown;

/** The WebSocket connection behind a request, or geth's error for HTTP (no notifications there). */
function socketOf(connection: ConnectionHandle): Connection {
  if (connection instanceof Connection) return connection;
  throw new RpcError(NOTIFICATIONS_UNSUPPORTED, "notifications not supported: subscribe over the WebSocket (ws://HOST:PORT/ws)");
}

function joinFeed(connection: Connection, feed: Feed, id: string): string {
  if (!connection.feeds.has(feed)) connection.feeds.set(feed, id);
  return id;
}

function unsubscribe(connection: Connection, id: string): boolean {
  for (const [feed, feedId] of connection.feeds) {
    if (feedId !== id) continue;
    connection.feeds.delete(feed);
    return true;
  }
  if (id === connection.receiptsSubscription) {
    connection.receiptsSubscription = undefined;
    return true;
  }
  if (connection.logSubscriptions.delete(id)) return true;
  throw new RpcError(RpcErrorCode.invalidParams, `invalid params: params[0]: no subscription with id ${JSON.stringify(id.slice(0, 80))} on this connection`, {
    code: UNKNOWN_SUBSCRIPTION,
    path: "params[0]",
  });
}

/** The subscription methods, bound to the server's shared feed ids. */
export function subscriptionMethods(feedIds: Readonly<Record<Feed, string>>): Record<string, SubscriptionMethod> {
  return {
    loft_subscribe(params, context) {
      const kind = stringParam(params, 1);
      const connection = socketOf(context.connection);
      if (kind === "newBatches") return joinFeed(connection, "newBatches", feedIds.newBatches);
      if (kind === "receipts") return (connection.receiptsSubscription ??= newSubscriptionId());
      throw unknownKind(kind, '"newBatches" or "receipts"');
    },
    eth_subscribe(params, context) {
      const kind = stringParam(params, 2);
      const connection = socketOf(context.connection);
      if (kind === "newHeads") return joinFeed(connection, "newHeads", feedIds.newHeads);
      if (kind === "logs") {
        const id = newSubscriptionId();
        if (connection.logSubscriptions.size >= 64) throw new RpcError(RpcErrorCode.limitExceeded, "limit exceeded: 64 logs subscriptions on this connection");
        connection.logSubscriptions.add(id);
        return id;
      }
      throw unknownKind(kind, '"newHeads" or "logs" (newBatches and receipts: loft_subscribe)');
    },
    loft_unsubscribe: (params, context) => unsubscribe(socketOf(context.connection), stringParam(params, 1)),
    eth_unsubscribe: (params, context) => unsubscribe(socketOf(context.connection), stringParam(params, 1)),
  };
}
