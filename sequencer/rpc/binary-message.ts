/**
 * Answers one binary frame of concatenated SSZ Transactions with one binary reply frame (layout
 * in binary-frame.ts). The records are copied out of uWS's buffer before anything awaits.
 */
import { BinaryErrorCode, checkRequestFrame, encodeErrorReply, encodeStatusesReply } from "./binary-frame.ts";
import type { Connection } from "./connection.ts";
import type { RequestContext } from "./request-dispatcher.ts";
import { describeError, type Reporter } from "./rpc-hooks.ts";

/** The node's handler: one status byte per record, in order. */
export type BinaryTransactionsHandler = (records: Uint8Array, count: number, context: RequestContext) => Promise<Uint8Array>;

export interface BinaryMessageLimits {
  readonly maxBatchLength: number;
  readonly maxInFlightPerConnection: number;
}

/**
 * Validates synchronously (copying the records), then resolves to the reply frame. `frame` is
 * only read before the first await, so it may be uWS's short-lived ArrayBuffer.
 */
export function answerBinaryMessage(
  frame: ArrayBuffer,
  connection: Connection,
  handler: BinaryTransactionsHandler | undefined,
  limits: BinaryMessageLimits,
  reporter: Reporter,
): Uint8Array | Promise<Uint8Array> {
  const sequence = connection.binarySequence;
  connection.binarySequence = (sequence + 1) >>> 0;
  const checked = checkRequestFrame(frame.byteLength, limits.maxBatchLength);
  if (typeof checked !== "number") {
    reporter.report("rejected", "binary_malformed");
    return encodeErrorReply(sequence, checked.code, checked.message);
  }
  if (handler === undefined) {
    return encodeErrorReply(sequence, BinaryErrorCode.unsupported, "this server does not accept binary transactions");
  }
  const count = checked;
  if (connection.inFlight + count > limits.maxInFlightPerConnection) {
    reporter.report("rejected", "in_flight_limit");
    const detail = `${connection.inFlight} requests in flight on this connection, the limit is ${limits.maxInFlightPerConnection}; wait for replies`;
    return encodeErrorReply(sequence, BinaryErrorCode.busy, `limit exceeded: ${detail}`);
  }
  const records = new Uint8Array(frame.byteLength);
  records.set(new Uint8Array(frame));
  return runHandler(records, count, sequence, connection, handler, reporter);
}

async function runHandler(
  records: Uint8Array,
  count: number,
  sequence: number,
  connection: Connection,
  handler: BinaryTransactionsHandler,
  reporter: Reporter,
): Promise<Uint8Array> {
  connection.inFlight += count;
  const started = performance.now();
  let outcome: "ok" | "error" = "error";
  try {
    const statuses: unknown = await handler(records, count, { connection, method: "binary" });
    if (!(statuses instanceof Uint8Array) || statuses.length !== count) {
      const got = statuses instanceof Uint8Array ? `${statuses.length} statuses` : typeof statuses;
      reporter.logger.error({ connection: connection.id, count, got }, "onBinaryTransactions must resolve to one status byte per record");
      return encodeErrorReply(sequence, BinaryErrorCode.internal, "internal error");
    }
    outcome = "ok";
    return encodeStatusesReply(sequence, statuses);
  } catch (error) {
    reporter.logger.error({ connection: connection.id, count, err: describeError(error) }, "onBinaryTransactions failed");
    return encodeErrorReply(sequence, BinaryErrorCode.internal, "internal error");
  } finally {
    connection.inFlight -= count;
    reporter.report("binaryTransactions", count, outcome, (performance.now() - started) / 1000);
  }
}
