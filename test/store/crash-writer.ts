/**
 * Child process of the kill -9 test: seals fixture batches from `start` on, as fast as it can,
 * and prints "sealed N" only after batch N's write has been flushed, as the node reports it.
 */
import { openStore } from "../../sequencer/store/store.ts";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { identity, makeBatch } from "./fixtures.ts";

const dir = process.argv[2]!;
const store = await openStore({ dir, identity });
const start = (new StoreReader(store).latestSealed() ?? 0) + 1;
for (let n = start; n < start + 100_000; n++) {
  await writeSealedBatch(store, makeBatch(n, 50));
  process.stdout.write(`sealed ${n}\n`);
}
