/**
 * `loft_subscribe` / `loft_unsubscribe`, served by the ingress itself (spec §4).
 *
 * - "newBatches": a server-wide feed on the uWS topic "newBatches"; the node calls
 *   `server.publish("newBatches", result)` and uWS delivers one serialized message to every
 *   subscriber. All connections share the feed's subscription id (minted once per server), which
 *   is what lets one message serve them all.
 * - "receipts": per connection; the node calls `server.notifyReceipts(connectionId, result)` (or
 *   `ctx.connection.notifyReceipts(result)`) for status changes of transactions sent on it.
 *
 * A connection holds at most one subscription of each kind: subscribing again returns the same id.
 * Everything is dropped when the connection closes.
 */
import { randomBytes } from "node:crypto";
import { ParamError, ParamErrorCode } from "../protocol/param-error.ts";
import type { Connection } from "./connection.ts";
import { RpcError, RpcErrorCode } from "./rpc-error.ts";

export const SUBSCRIPTION_KINDS = ["newBatches", "receipts"] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];
export const NEW_BATCHES_TOPIC = "newBatches";
/** The `data.code` of the -32602 answered to an unknown subscription id. */
export const UNKNOWN_SUBSCRIPTION = "UNKNOWN_SUBSCRIPTION";

/** A fresh subscription id: 16 random bytes as 0x-hex, as geth's ids. */
export function newSubscriptionId(): string {
  return `0x${randomBytes(16).toString("hex")}`;
}

function singleStringParam(params: unknown): string {
  if (!Array.isArray(params) || params.length !== 1) {
    const got = Array.isArray(params) ? `${params.length} params` : "a params object";
    throw new ParamError(ParamErrorCode.wrongArity, "params", `expected 1 param, got ${got}`);
  }
  const value: unknown = params[0];
  if (typeof value !== "string") {
    throw new ParamError(ParamErrorCode.notString, "params[0]", `expected a string, got ${value === null ? "null" : typeof value}`);
  }
  return value;
}

type SubscriptionMethod = (params: unknown, context: { connection: Connection }) => unknown;

/** The two subscription methods, bound to the server's shared "newBatches" subscription id. */
export function subscriptionMethods(newBatchesId: string): Record<"loft_subscribe" | "loft_unsubscribe", SubscriptionMethod> {
  return {
    loft_subscribe(params, { connection }) {
      const kind = singleStringParam(params);
      if (kind === "newBatches") {
        if (connection.newBatchesSubscription === undefined) {
          connection.newBatchesSubscription = newBatchesId;
          connection.subscribeTopic(NEW_BATCHES_TOPIC);
        }
        return newBatchesId;
      }
      if (kind === "receipts") {
        connection.receiptsSubscription ??= newSubscriptionId();
        return connection.receiptsSubscription;
      }
      const shown = JSON.stringify(kind.length > 40 ? `${kind.slice(0, 40)}…` : kind);
      throw new ParamError(ParamErrorCode.unknownType, "params[0]", `unknown subscription kind ${shown}; expected "newBatches" or "receipts"`);
    },
    loft_unsubscribe(params, { connection }) {
      const id = singleStringParam(params);
      if (id === connection.newBatchesSubscription) {
        connection.newBatchesSubscription = undefined;
        connection.unsubscribeTopic(NEW_BATCHES_TOPIC);
        return true;
      }
      if (id === connection.receiptsSubscription) {
        connection.receiptsSubscription = undefined;
        return true;
      }
      throw new RpcError(RpcErrorCode.invalidParams, `invalid params: params[0]: no subscription with id ${JSON.stringify(id.slice(0, 80))} on this connection`, {
        code: UNKNOWN_SUBSCRIPTION,
        path: "params[0]",
      });
    },
  };
}
