/** Batch 0 and blocks by hash: the two reads of batches-as-blocks the store does not index. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexlify } from "ethers";
import { BatchLookup } from "../../sequencer/eth/batch-lookup.ts";
import { resolveTag } from "../../sequencer/eth/block-tags.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { genesisHeader } from "../../sequencer/sealer/genesis-header.ts";
import type { BatchRecord, BatchStatus } from "../../sequencer/store/sealed-batch.ts";
import type { StoreReader } from "../../sequencer/store/store-reader.ts";

const stateRoot = new Uint8Array(32).fill(7);

function chain(statuses: BatchStatus[]): StoreReader {
  const records = new Map<number, BatchRecord>();
  let parent = BatchHeader.hashTreeRoot(genesisHeader(stateRoot));
  statuses.forEach((status, i) => {
    const header = { ...genesisHeader(stateRoot), number: i + 1, parentRoot: parent, timestamp: 100 + i };
    const root = BatchHeader.hashTreeRoot(header);
    records.set(i + 1, { number: i + 1, header: BatchHeader.serialize(header), root, txCount: 0, withdrawalCount: 0, dataBytes: 0, status, sealedAt: 0 });
    parent = root;
  });
  return { latestSealed: () => (statuses.length ? statuses.length : undefined), batch: (n: number) => records.get(n) } as unknown as StoreReader;
}

test("default: on a fresh chain batch 0 is the genesis header (the Rollup's), final, and latest names it", () => {
  const lookup = new BatchLookup(chain([]), stateRoot);
  const genesis = lookup.batch(0)!;
  assert.equal(lookup.latest(), 0);
  assert.equal(genesis.status, "finalized");
  assert.equal(hexlify(genesis.root), hexlify(BatchHeader.hashTreeRoot(genesisHeader(stateRoot))));
  assert.equal(lookup.batch(1), undefined, "a future batch is absent");
  assert.equal(lookup.byHash(hexlify(genesis.root))?.number, 0);
});

test("behavior: blocks by hash; safe and finalized are the newest committed and finalized batches", () => {
  const reader = chain(["finalized", "finalized", "committed", "committed", "sealed"]);
  const lookup = new BatchLookup(reader, stateRoot);
  for (let n = 1; n <= 5; n++) assert.equal(lookup.byHash(hexlify(reader.batch(n)!.root))?.number, n);
  assert.equal(lookup.byHash(`0x${"ab".repeat(32)}`), undefined);
  assert.deepEqual(["latest", "safe", "finalized", "earliest", "pending"].map((tag) => resolveTag(reader, tag as never)), [5, 4, 2, 0, 5]);
  assert.deepEqual(["safe", "finalized"].map((tag) => resolveTag(chain(["sealed", "sealed"]), tag as never)), [0, 0], "only genesis is final yet");
});
