/** Options of the signature pool, with their defaults. */
import { availableParallelism } from "node:os";
import { SignaturePoolError, SignaturePoolErrorCode } from "./signature-pool-error.ts";

export interface SignaturePoolOptions {
  /** The 32-byte EIP-712 domain separator (`domainSeparator(loftDomain(chainId, rollup))`). */
  separator: Uint8Array;
  /** Worker threads; default `os.availableParallelism()`. */
  workers?: number;
  /** Largest chunk handed to one worker in one message; default 512 transactions. */
  maxChunkTransactions?: number;
  /** Transactions queued or in flight beyond which `recover` rejects with BUSY; default 65,536. */
  maxPendingTransactions?: number;
  /** The worker entry module; default ./recovery-worker.ts (tests pass fault-injecting ones). */
  workerUrl?: URL;
}

export type ResolvedPoolOptions = Required<SignaturePoolOptions>;

/** The default of `maxPendingTransactions` (callers that pace themselves against it import it). */
export const DEFAULT_MAX_PENDING_TRANSACTIONS = 65_536;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new SignaturePoolError(SignaturePoolErrorCode.badInput, `signature pool option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

export function resolvePoolOptions(options: SignaturePoolOptions): ResolvedPoolOptions {
  if (!(options.separator instanceof Uint8Array) || options.separator.length !== 32) {
    throw new SignaturePoolError(SignaturePoolErrorCode.badInput, "signature pool option separator must be a 32-byte Uint8Array");
  }
  return {
    separator: options.separator,
    workers: positiveInteger("workers", options.workers ?? availableParallelism()),
    maxChunkTransactions: positiveInteger("maxChunkTransactions", options.maxChunkTransactions ?? 512),
    maxPendingTransactions: positiveInteger("maxPendingTransactions", options.maxPendingTransactions ?? DEFAULT_MAX_PENDING_TRANSACTIONS),
    workerUrl: options.workerUrl ?? new URL("./recovery-worker.ts", import.meta.url),
  };
}
