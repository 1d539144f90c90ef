/**
 * Failures of the signature pool, with a code callers branch on (tests assert on the code):
 * - `BUSY`: accepting the call would exceed `maxPendingTransactions` (backpressure: the call is
 *   rejected at once, nothing is queued; answer the client "busy" and let it retry).
 * - `BAD_INPUT`: `records`/`count` do not describe whole 146-byte records.
 * - `WORKER_CRASHED`: the worker running a chunk died twice on it (one retry on a fresh worker).
 * - `WORKER_START_FAILED`: a worker died before it was ready; the pool is unusable.
 * - `CLOSED`: the pool was closed before or while the call ran.
 */
export const SignaturePoolErrorCode = {
  busy: "BUSY",
  badInput: "BAD_INPUT",
  workerCrashed: "WORKER_CRASHED",
  workerStartFailed: "WORKER_START_FAILED",
  closed: "CLOSED",
} as const;
export type SignaturePoolErrorCode = (typeof SignaturePoolErrorCode)[keyof typeof SignaturePoolErrorCode];

export class SignaturePoolError extends Error {
  override name = "SignaturePoolError";
  constructor(
    readonly code: SignaturePoolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
