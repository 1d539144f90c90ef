/**
 * A follower's batches move to `finalized` as the sequencer's do (spec §4): a batch is final
 * when its commit's challenge window is over, which the Rollup answers for all of them at once
 * (`lastFinalBatch()`: the last batch of the last final commit, or the escape batch once frozen),
 * read at the follower's confirmed L1 block. Stored batches up to it are marked finalized, in
 * durable writes of at most CHUNK batches; status never moves backwards. The sequencer uses it
 * once, when it sees the freeze: every batch up to the escape batch is final then (its poster,
 * stopped, may not have marked them all).
 */
import type { JsonRpcProvider } from "ethers";
import { rollupContract } from "../escape/escape-hatch.ts";
import type { BatchRecord } from "../store/sealed-batch.ts";
import type { Store } from "../store/store.ts";

const FINALIZED_KEY = "followerFinalized";
const CHUNK = 1_000;

/** The last final batch at `blockTag`. */
export async function lastFinalBatch(provider: JsonRpcProvider, rollup: string, blockTag: number | string): Promise<number> {
  return Number(await rollupContract(provider, rollup).getFunction("lastFinalBatch")({ blockTag }));
}

/** The last batch this data dir marked finalized (0 before any). */
export function storedFinalized(store: Store): number {
  return store.buckets.meta.get(FINALIZED_KEY) ?? 0;
}

/**
 * Marks stored batches (storedFinalized, min(final, head)] finalized; returns their numbers.
 * `head` is the last verified (stored) batch: nothing past it is touched.
 */
export async function finalizeUpTo(store: Store, final: number, head: number, now = Date.now()): Promise<number[]> {
  const done: number[] = [];
  const until = Math.min(final, head);
  for (let from = storedFinalized(store) + 1; from <= until; from += CHUNK) {
    const to = Math.min(until, from + CHUNK - 1);
    await store.writeDurably(() => {
      for (let n = from; n <= to; n++) {
        const record: BatchRecord | undefined = store.buckets.batches.get(n);
        if (!record) throw new Error(`batch ${n} is verified but not stored`);
        if (record.status !== "finalized") store.buckets.batches.put(n, { ...record, status: "finalized", finalizedAt: now });
      }
      store.buckets.meta.put(FINALIZED_KEY, to);
    });
    for (let n = from; n <= to; n++) done.push(n);
  }
  return done;
}
