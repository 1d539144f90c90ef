/**
 * JSON-RPC errors of the node's ingress: the five standard codes of JSON-RPC 2.0 plus the
 * application errors wallets map by message.
 *
 * | code   | message (prefix)                 | when |
 * |--------|----------------------------------|------|
 * | -32700 | "parse error"                    | the text frame is not valid UTF-8 JSON |
 * | -32600 | "invalid request"                | not a JSON-RPC 2.0 request object, empty batch, batch too long |
 * | -32601 | "method not found"               | the method is not served |
 * | -32602 | "invalid params: <path>: …"      | a `ParamError` from the protocol parsers, an unknown subscription |
 * | -32603 | "internal error"                 | a handler failed unexpectedly (details are logged, never sent) |
 * | -32000 | "nonce too low"                  | the transaction's nonce is below the sender's next nonce |
 * | -32001 | "nonce too high"                 | the nonce is beyond the mempool's window of future nonces |
 * | -32002 | "insufficient funds"             | amount + fee exceed the sender's pending balance |
 * | -32003 | "already known"                  | the same transaction is already pending or sealed |
 * | -32004 | "mempool full"                   | the global mempool cap is reached; retry later |
 * | -32005 | "limit exceeded: …"              | too much work in flight on this connection (EIP-1474 code) |
 *
 * The messages are exactly geth's, which ethers and wallets turn into their own error codes
 * (e.g. ethers' NONCE_EXPIRED for "nonce too low", INSUFFICIENT_FUNDS for "insufficient funds").
 */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  nonceTooLow: -32000,
  nonceTooHigh: -32001,
  insufficientFunds: -32002,
  alreadyKnown: -32003,
  mempoolFull: -32004,
  limitExceeded: -32005,
} as const;
export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/** An error a handler throws to answer with exactly this JSON-RPC error object. */
export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** The nonce is below the sender's next nonce (it was already used). */
export const nonceTooLow = (data?: unknown) => new RpcError(RpcErrorCode.nonceTooLow, "nonce too low", data);
/** The nonce is too far ahead of the sender's next nonce for the mempool to hold it. */
export const nonceTooHigh = (data?: unknown) => new RpcError(RpcErrorCode.nonceTooHigh, "nonce too high", data);
/** amount + fee exceed the sender's balance after its pending transactions. */
export const insufficientFunds = (data?: unknown) => new RpcError(RpcErrorCode.insufficientFunds, "insufficient funds", data);
/** The transaction (same hash) is already pending or sealed. */
export const alreadyKnown = (data?: unknown) => new RpcError(RpcErrorCode.alreadyKnown, "already known", data);
/** The mempool holds its maximum number of transactions; the client should retry later. */
export const mempoolFull = (data?: unknown) => new RpcError(RpcErrorCode.mempoolFull, "mempool full", data);

export const invalidRequest = (detail: string) => new RpcError(RpcErrorCode.invalidRequest, `invalid request: ${detail}`);
export const methodNotFound = (method: string) =>
  new RpcError(RpcErrorCode.methodNotFound, `method not found: the method ${quoteForMessage(method)} does not exist/is not available`);
export const parseError = (detail: string) => new RpcError(RpcErrorCode.parseError, `parse error: ${detail}`);
export const internalError = () => new RpcError(RpcErrorCode.internalError, "internal error");
export const limitExceeded = (detail: string) => new RpcError(RpcErrorCode.limitExceeded, `limit exceeded: ${detail}`);

/** A client-supplied string shortened for an error message. */
export function quoteForMessage(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
