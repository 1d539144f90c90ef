/**
 * Strict parsing of explorer request parameters. Anything malformed is an ExplorerRequestError
 * (HTTP 400, `{"error": message, "parameter": name}`); unknown query parameters are refused too,
 * so a typo never silently falls back to a default.
 */
import { parseAddress, parseData } from "../protocol/hex-params.ts";
import { ParamError } from "../protocol/param-error.ts";

export class ExplorerRequestError extends Error {
  override name = "ExplorerRequestError";
  constructor(readonly parameter: string, message: string, readonly status: 400 | 404 | 503 = 400) {
    super(message);
  }
}

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/** A non-negative decimal integer ≤ max (no sign, no leading zeros, no hex). */
export function parseInteger(value: string, name: string, max: number): number {
  if (!DECIMAL.test(value)) throw new ExplorerRequestError(name, `${name}: expected a decimal integer, got ${JSON.stringify(value.slice(0, 80))}`);
  const number = Number(value);
  if (number > max) throw new ExplorerRequestError(name, `${name}: must be at most ${max}, got ${value}`);
  return number;
}

/** Refuses query parameters outside `allowed` and repeated ones. */
export function checkQuery(query: URLSearchParams, allowed: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of query.keys()) {
    if (!allowed.includes(key)) {
      const accepted = allowed.length > 0 ? `accepted: ${allowed.join(", ")}` : "this endpoint takes none";
      throw new ExplorerRequestError(key, `unknown query parameter ${JSON.stringify(key.slice(0, 40))} (${accepted})`);
    }
    if (seen.has(key)) throw new ExplorerRequestError(key, `query parameter ${key} given twice`);
    seen.add(key);
  }
}

/** An optional integer query parameter with a default. */
export function queryInteger(query: URLSearchParams, name: string, fallback: number, max: number, min = 0): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = parseInteger(raw, name, max);
  if (value < min) throw new ExplorerRequestError(name, `${name}: must be at least ${min}, got ${raw}`);
  return value;
}

function fromParamError<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ParamError) throw new ExplorerRequestError(name, error.message.replace(/^invalid params: /, ""));
    throw error;
  }
}

export function parseAddressParameter(value: string, name = "address"): Uint8Array {
  return fromParamError(name, () => parseAddress(value, name));
}

export function parseHashParameter(value: string, name = "hash"): Uint8Array {
  return fromParamError(name, () => parseData(value, name, 32, "a 32-byte transaction hash"));
}

/** An account-history cursor `BATCH:INDEX` (the last entry of the previous page), as keyset pagination. */
export function parseHistoryCursor(value: string, name = "before"): { batch: number; index: number } {
  const match = /^([^:]*):([^:]*)$/.exec(value);
  if (!match) throw new ExplorerRequestError(name, `${name}: expected BATCH:INDEX (the \`next.before\` of the previous page), got ${JSON.stringify(value.slice(0, 80))}`);
  return { batch: parseInteger(match[1]!, name, Number.MAX_SAFE_INTEGER), index: parseInteger(match[2]!, name, 65_535) };
}
