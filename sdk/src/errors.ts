/**
 * Typed errors: every failure the SDK reports is a LoftError with a stable `code` (assert on the
 * code, not the text). Node answers become the subclass of their meaning, matched on geth's
 * messages first (what the node sends and what wallets map: "nonce too low", "insufficient
 * funds", …) and on the node's documented codes second (docs/node-api.md, Errors).
 */
export type LoftErrorCode =
  | "NONCE_TOO_LOW" | "NONCE_TOO_HIGH" | "INSUFFICIENT_FUNDS" | "ALREADY_KNOWN" | "MEMPOOL_FULL" | "LIMIT_EXCEEDED"
  | "INVALID_SIGNATURE" | "INVALID_TRANSACTION" | "NODE_BUSY" | "REPLACEMENT_UNDERPRICED" | "FEE_TOO_LOW" | "FOLLOWER"
  | "INVALID_PARAMS" | "METHOD_NOT_FOUND" | "RPC_ERROR" | "TRANSPORT" | "TIMEOUT" | "REJECTED" | "NOT_FOUND"
  | "WALLET" | "L1_REVERTED" | "ALREADY_CLAIMED" | "NOT_CLAIMABLE" | "HASH_MISMATCH" | "BAD_ARGUMENT";

export class LoftError extends Error {
  override name = "LoftError";
  constructor(readonly code: LoftErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An error object the node answered (JSON-RPC `error`), kept whole in `rpc`. */
export class LoftRpcError extends LoftError {
  override name = "LoftRpcError";
  constructor(code: LoftErrorCode, readonly rpc: { code: number; message: string; data?: unknown }) {
    super(code, rpc.message);
  }
}

/** `loft_sendTransaction` refused the fee: `minimum` is the lowest the node accepts, when it said. */
export class FeeTooLowError extends LoftRpcError {
  override name = "FeeTooLowError";
  constructor(rpc: { code: number; message: string; data?: unknown }, readonly minimum: bigint | undefined) {
    super("FEE_TOO_LOW", rpc);
  }
}

/** The transaction reached `rejected` (or was dropped) while being waited for. */
export class TransactionRejectedError extends LoftError {
  override name = "TransactionRejectedError";
  constructor(readonly hash: string, readonly reason: string) {
    super("REJECTED", `transaction ${hash} was rejected: ${reason}`);
  }
}

/** An L1 call reverted: `reason` is the Rollup's custom error (e.g. AlreadyWithdrawn) when known. */
export class L1RevertedError extends LoftError {
  override name = "L1RevertedError";
  constructor(message: string, readonly reason: string | undefined, options?: { cause?: unknown }) {
    super("L1_REVERTED", message, options);
  }
}

const BY_MESSAGE: [RegExp, LoftErrorCode][] = [
  [/^nonce too low/i, "NONCE_TOO_LOW"],
  [/^nonce too high/i, "NONCE_TOO_HIGH"],
  [/^insufficient funds/i, "INSUFFICIENT_FUNDS"],
  [/^already known/i, "ALREADY_KNOWN"],
  [/^mempool full/i, "MEMPOOL_FULL"],
  [/^replacement transaction underpriced/i, "REPLACEMENT_UNDERPRICED"],
  [/fee too low|below the minimum|underpriced/i, "FEE_TOO_LOW"],
  [/^invalid signature/i, "INVALID_SIGNATURE"],
  [/^invalid transaction/i, "INVALID_TRANSACTION"],
  [/^node busy/i, "NODE_BUSY"],
  [/^limit exceeded/i, "LIMIT_EXCEEDED"],
  [/follower and takes no transactions/i, "FOLLOWER"],
  [/^invalid params/i, "INVALID_PARAMS"],
  [/^method not found|does not exist\/is not available/i, "METHOD_NOT_FOUND"],
];

const BY_CODE: Record<number, LoftErrorCode> = {
  [-32601]: "METHOD_NOT_FOUND", [-32602]: "INVALID_PARAMS", [-32001]: "NONCE_TOO_HIGH", [-32002]: "INSUFFICIENT_FUNDS",
  [-32003]: "ALREADY_KNOWN", [-32004]: "MEMPOOL_FULL", [-32005]: "LIMIT_EXCEEDED", [-32010]: "INVALID_SIGNATURE",
  [-32011]: "INVALID_TRANSACTION", [-32012]: "NODE_BUSY", [-32013]: "REPLACEMENT_UNDERPRICED", [-32020]: "FOLLOWER",
};

/** The typed error of a JSON-RPC error object. */
export function rpcErrorOf(error: { code: number; message: string; data?: unknown }): LoftRpcError {
  const code = BY_MESSAGE.find(([pattern]) => pattern.test(error.message))?.[1] ?? BY_CODE[error.code] ?? "RPC_ERROR";
  if (code === "FEE_TOO_LOW") return new FeeTooLowError(error, minimumFeeOf(error));
  return new LoftRpcError(code, error);
}

/** The minimum fee a refusal names: `data.minimum` / `data.minFee` (0x-hex or decimal), else the first wei amount in the message. */
function minimumFeeOf(error: { message: string; data?: unknown }): bigint | undefined {
  const data = (error.data ?? {}) as Record<string, unknown>;
  for (const value of [data.minimum, data.minFee, data.minimumFee]) {
    if (typeof value === "string" && /^(0x[0-9a-f]+|[0-9]+)$/i.test(value)) return BigInt(value);
  }
  const inMessage = /(0x[0-9a-f]+|[0-9]+)\s*wei/i.exec(error.message);
  return inMessage ? BigInt(inMessage[1]!) : undefined;
}
