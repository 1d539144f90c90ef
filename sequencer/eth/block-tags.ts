/**
 * Block tags with their v2 meanings (spec §4): a batch is a block, and
 * `latest` = the newest sealed (durable) batch, `safe` = the newest committed, `finalized` = the
 * newest finalized, `earliest` = batch 0 (genesis), `pending` = latest (with the mempool for
 * nonces), a number = that batch. Also a block hash (EIP-1898 `{blockHash}` / `{blockNumber}`).
 */
import { parseSafeQuantity } from "../protocol/hex-params.ts";
import { ParamError, ParamErrorCode } from "../protocol/param-error.ts";
import type { StoreReader } from "../store/store-reader.ts";

export type BlockTag = "latest" | "pending" | "safe" | "finalized" | "earliest";
export type BlockSelector = { tag: BlockTag } | { number: number } | { hash: string };

const TAGS = new Set<string>(["latest", "pending", "safe", "finalized", "earliest"]);

/** Parses a block parameter; `undefined` is "latest" (geth's default where the param is optional). */
export function parseBlockSelector(value: unknown, path: string): BlockSelector {
  if (value === undefined || value === null) return { tag: "latest" };
  if (typeof value === "string") {
    if (TAGS.has(value)) return { tag: value as BlockTag };
    if (/^0x[0-9a-f]{64}$/i.test(value)) return { hash: value.toLowerCase() };
    if (value.startsWith("0x")) return { number: parseSafeQuantity(value, path) };
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    if (typeof object.blockHash === "string") return parseBlockSelector(object.blockHash, `${path}.blockHash`);
    if (object.blockNumber !== undefined) return parseBlockSelector(object.blockNumber, `${path}.blockNumber`);
  }
  throw new ParamError(ParamErrorCode.badBlockTag, path, `expected a block tag ("latest", "safe", "finalized", "earliest", "pending"), a block number as a 0x quantity or a block hash, got ${JSON.stringify(value)?.slice(0, 80)}`);
}

/** The newest batch whose status `reached` (statuses advance in batch order); batch 0, the genesis header in the Rollup, is final from the start. */
function newestWithStatus(reader: StoreReader, latest: number, reached: (status: string) => boolean): number {
  let [low, high] = [0, latest]; // invariant: batch low has reached it
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (reached(reader.batch(middle)?.status ?? "sealed")) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The batch number a tag names now. Batch 0 (genesis) is final from the start. */
export function resolveTag(reader: StoreReader, tag: BlockTag): number {
  const latest = reader.latestSealed() ?? 0;
  switch (tag) {
    case "latest":
    case "pending":
      return latest;
    case "earliest":
      return 0;
    case "safe":
      return newestWithStatus(reader, latest, (status) => status !== "sealed");
    case "finalized":
      return newestWithStatus(reader, latest, (status) => status === "finalized");
  }
}
