/**
 * Serialization of JSON-RPC 2.0 responses and notifications. Each response is serialized on its
 * own so that one unserializable result fails only its own request.
 */
import type { JsonRpcId } from "./json-rpc-request.ts";
import type { RpcError } from "./rpc-error.ts";

/**
 * A result that JSON cannot carry faithfully: a bigint (quantities must be 0x-hex strings, as in
 * Ethereum JSON-RPC), a function or a symbol. A programming error in a handler: answered -32603.
 */
export class ResultEncodingError extends Error {
  override name = "ResultEncodingError";
  constructor(
    readonly what: string,
    readonly key: string,
    readonly valueType: string,
  ) {
    super(
      `${what} contains a ${valueType} at key ${JSON.stringify(key)}; ` +
        "results must be JSON values (encode quantities as 0x-hex strings, e.g. ethers' toQuantity)",
    );
  }
}

/** JSON.stringify that refuses bigint, function and symbol values instead of dropping or throwing vaguely. */
export function stringifyStrict(value: unknown, what: string): string {
  const text = JSON.stringify(value === undefined ? null : value, (key, member: unknown) => {
    const type = typeof member;
    if (type === "bigint" || type === "function" || type === "symbol") throw new ResultEncodingError(what, key, type);
    return member;
  });
  return text;
}

function encodeId(id: JsonRpcId): string {
  return JSON.stringify(id);
}

export function encodeResult(id: JsonRpcId, result: unknown, method: string): string {
  return `{"jsonrpc":"2.0","id":${encodeId(id)},"result":${stringifyStrict(result, `the result of ${method}`)}}`;
}

export function encodeError(id: JsonRpcId, error: RpcError): string {
  const body: { code: number; message: string; data?: unknown } = { code: error.code, message: error.message };
  if (error.data !== undefined) body.data = error.data;
  let text: string;
  try {
    text = stringifyStrict(body, "the error");
  } catch {
    text = JSON.stringify({ code: error.code, message: error.message });
  }
  return `{"jsonrpc":"2.0","id":${encodeId(id)},"error":${text}}`;
}

/** A subscription notification in geth's shape, `{jsonrpc, method: "eth_subscription", params: {subscription, result}}` (spec §4 v2). */
export function encodeNotification(subscription: string, result: unknown): string {
  return notificationEncoder(subscription)(stringifyStrict(result, "the subscription result"));
}

/** The notification of already-encoded JSON results (the caller vouches for them) of one subscription: the envelope is built once. */
export function notificationEncoder(subscription: string): (resultJson: string) => string {
  const head = `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":${JSON.stringify(subscription)},"result":`;
  return (resultJson) => `${head}${resultJson}}}`;
}
