/**
 * What an L1 failure means for the caller: retry or stop. Transport failures (a refused, reset or
 * hung connection, DNS), HTTP 5xx and 429, rate limits and the L1 node's own "try again" answers
 * are transient: the node keeps sequencing and retries the L1 step with backoff. Only a conflict
 * between the node's chain and L1 (an error class named below, thrown by the poster or the queue
 * watcher with what to do) stops the node.
 */

/** Every URL of --l1-rpc failed at the transport level (or answered 5xx/429) for one request. */
export class L1UnreachableError extends Error {
  override name = "L1UnreachableError";
}

/** The node's chain and L1 disagree for real (a queue message changed, a commit the contract refuses): the node stops, with what to do. */
export class L1ConflictError extends Error {
  override name = "L1ConflictError";
}

const TRANSPORT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT"]);
const TRANSIENT_ETHERS_CODES = new Set(["TIMEOUT", "NETWORK_ERROR", "SERVER_ERROR"]);
/** JSON-RPC answers that mean "not now": rate limits (-32005, 429 bodies), a node still syncing or behind its load balancer. */
const TRANSIENT_MESSAGE = /rate limit|too many requests|limit exceeded|header not found|missing trie node|request timed out|timeout|temporarily unavailable|service unavailable|bad gateway|gateway timeout|socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE/i;

/** Whether a failed L1 call should simply be tried again later. */
export function isTransientL1Error(error: unknown): boolean {
  if (error instanceof L1ConflictError) return false;
  for (let e = error as { name?: string; code?: unknown; message?: string; cause?: unknown; error?: { code?: unknown; message?: string } } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === "L1UnreachableError" || e.name === "JsonRpcHttpError") return true;
    if (e.name === "L1ConflictError" || e.name === "PosterFatalError") return false;
    if (typeof e.code === "string" && (TRANSPORT_CODES.has(e.code) || TRANSIENT_ETHERS_CODES.has(e.code))) return true;
    if (e.error?.code === -32005 || e.error?.code === 429) return true;
    if (TRANSIENT_MESSAGE.test(e.error?.message ?? "") || TRANSIENT_MESSAGE.test(e.message ?? "")) return true;
  }
  return false;
}

/** Whether an L1 failure must stop the node: only a conflict between the node's chain and L1. */
export function isL1Conflict(error: unknown): boolean {
  return error instanceof L1ConflictError || (error as { name?: string } | undefined)?.name === "PosterFatalError";
}

/** A short description of an L1 failure for logs: its code and message, without stacks. */
export function describeL1Error(error: unknown): string {
  const e = error as { code?: unknown; message?: string; shortMessage?: string };
  const message = e.shortMessage ?? e.message ?? String(error);
  return typeof e.code === "string" && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}
