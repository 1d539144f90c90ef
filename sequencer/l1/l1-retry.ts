/**
 * Retries one L1 call while it fails transiently (l1-errors.ts): a reset connection, a timeout,
 * HTTP 5xx or a rate limit; waits `baseMs`, then twice as long each time (at most `maxMs`), for
 * at most `attempts` tries. Anything else, and the last failure, is thrown. For one-shot L1
 * steps that have no round to retry them (a fraud proof's send, one commit's calldata).
 *
 *     const receipt = await withL1Retry(() => provider.getTransactionReceipt(hash));
 */
import { isTransientL1Error } from "./l1-errors.ts";

export interface L1RetryOptions {
  attempts?: number;
  baseMs?: number;
  maxMs?: number;
}

export async function withL1Retry<T>(call: () => Promise<T>, options: L1RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  let wait = options.baseMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransientL1Error(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, options.maxMs ?? 8_000);
    }
  }
}
