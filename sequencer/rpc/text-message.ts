/**
 * Answers one text frame: a single request or a batch, within the connection's in-flight bound.
 * Requests of a batch run concurrently; the batch's responses keep the request order and leave
 * out notifications (all-notification batches get no reply at all).
 */
import type { ConnectionHandle } from "./connection.ts";
import { parseTextMessage, type RequestItem } from "./json-rpc-request.ts";
import { encodeError } from "./json-rpc-response.ts";
import type { RequestContext, RequestDispatcher } from "./request-dispatcher.ts";
import { limitExceeded } from "./rpc-error.ts";
import type { Reporter } from "./rpc-hooks.ts";

export interface TextMessageLimits {
  readonly maxBatchLength: number;
  readonly maxInFlightPerConnection: number;
}

/** Requests being handled: a WebSocket connection's own count, or the one all HTTP clients share. */
export interface InFlightCounter {
  inFlight: number;
}

/** The reply text, or undefined when nothing is to be sent. */
export async function answerTextMessage(
  text: string,
  source: { readonly connection: ConnectionHandle; readonly inFlight: InFlightCounter },
  dispatcher: RequestDispatcher<RequestContext>,
  limits: TextMessageLimits,
  reporter: Reporter,
): Promise<string | undefined> {
  const { connection, inFlight: counter } = source;
  const parsed = parseTextMessage(text, limits.maxBatchLength);
  if (parsed.kind === "rejected") {
    reporter.report("rejected", parsed.reason);
    return encodeError(null, parsed.error);
  }
  const items = parsed.kind === "single" ? [parsed.item] : parsed.items;
  let units = 0;
  for (const item of items) {
    if (item.kind === "request") units++;
    else reporter.report("rejected", "invalid_request");
  }
  const overLimit = counter.inFlight + units > limits.maxInFlightPerConnection;
  if (overLimit) reporter.report("rejected", "in_flight_limit");
  else counter.inFlight += units;
  const answer = (item: RequestItem): string | undefined | Promise<string | undefined> => {
    if (item.kind === "invalid") return encodeError(item.id, item.error);
    if (overLimit) {
      const detail = `${counter.inFlight} requests in flight ${connection.transport === "http" ? "over HTTP" : "on this connection"}, the limit is ${limits.maxInFlightPerConnection}; wait for replies`;
      return item.id === undefined ? undefined : encodeError(item.id, limitExceeded(detail));
    }
    return dispatcher.run(item, { connection, method: item.method });
  };
  let responses: (string | undefined)[];
  try {
    responses = await Promise.all(items.map(answer));
  } finally {
    if (!overLimit) counter.inFlight -= units;
  }
  if (parsed.kind === "single") return responses[0];
  const present = responses.filter((response): response is string => response !== undefined);
  return present.length === 0 ? undefined : `[${present.join(",")}]`;
}
