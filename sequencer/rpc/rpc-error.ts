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
 * | -32000 | "nonce too high"                 | the nonce is beyond the mempool's window of future nonces |
 * | -32000 | "insufficient funds"             | amount + fee exceed the sender's pending balance |
 * | -32000 | "already known"                  | the same transaction is already pending or sealed |
 * | -32000 | "replacement transaction underpriced" | another pending transaction has this sender and nonce |
 * | -32000 | "txpool is full"                 | the global mempool cap is reached; retry later |
 * | -32005 | "limit exceeded: …"              | too much work in flight on this connection (EIP-1474 code) |
 *
 * The transaction-pool errors are geth's: code -32000 and geth's message, which ethers
 * (NONCE_EXPIRED, INSUFFICIENT_FUNDS, REPLACEMENT_UNDERPRICED) and viem (NonceTooLowError,
 * NonceTooHighError, InsufficientFundsError) map by message. `data.reason` tells them apart
 * without parsing text.
 */
export const RpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** geth's code for every transaction-pool refusal (the message says which). */
  transactionRejected: -32000,
  nonceTooLow: -32000,
  nonceTooHigh: -32000,
  insufficientFunds: -32000,
  alreadyKnown: -32000,
  mempoolFull: -32000,
  replacementUnderpriced: -32000,
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

/** A transaction-pool refusal: code -32000, geth's message (plus a detail), `data.reason` its short name. */
const poolError = (reason: string, message: string) => (detail?: string, data?: Record<string, unknown>) =>
  new RpcError(RpcErrorCode.transactionRejected, detail ? `${message}: ${detail}` : message, { reason, ...data });

/** The nonce is below the sender's next nonce (it was already used). */
export const nonceTooLow = poolError("NONCE_TOO_LOW", "nonce too low");
/** The nonce is too far ahead of the sender's next nonce for the mempool to hold it. */
export const nonceTooHigh = poolError("NONCE_TOO_HIGH", "nonce too high");
/** amount + fee exceed the sender's balance after its pending transactions. */
export const insufficientFunds = poolError("INSUFFICIENT_FUNDS", "insufficient funds");
/** The transaction (same hash) is already pending or sealed. */
export const alreadyKnown = poolError("ALREADY_KNOWN", "already known");
/** Another pending transaction has this sender and nonce. */
export const replacementUnderpriced = poolError("REPLACEMENT_UNDERPRICED", "replacement transaction underpriced");
/** The mempool holds its maximum number of transactions; the client should retry later. */
export const mempoolFull = poolError("MEMPOOL_FULL", "txpool is full");

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
