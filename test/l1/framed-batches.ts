/**
 * Stores sealed batches whose data is v2-framed (docs/fraud-proofs.md §2) but whose chunks are
 * arbitrary bytes and whose roots are made up: what the poster and the L1 reader handle without
 * looking inside (the Rollup's commit checks the header chain and the framing, never the chunk
 * contents). Lets the poster tests make any number and size of batches without the sealer.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { readTip } from "../../sequencer/sealer/batch-tip.ts";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import { writeGenesisIfNew } from "../../sequencer/store/genesis-writer.ts";
import type { Store } from "../../sequencer/store/store.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { frameBatchData } from "../contracts/batch-data-v2.ts";

export interface FramedBatchOptions {
  /** Bytes of each chunk (default 100). */
  chunkBytes?: number;
  /** Chunks per batch (default 1): the batch has 32 user positions per chunk, or 1 when it has one chunk. */
  chunks?: number;
  /** Wall-clock ms of sealing, per batch (default 0: long ago). */
  sealedAt?: (index: number) => number;
  /** Header timestamp (must not be after the L1 block's). */
  timestamp: number;
  /** The bytes of every chunk of batch `number`, instead of the made-up ones. */
  chunkOf?: (number: number) => Uint8Array;
  /** A byte that varies the made-up roots, so two stores can hold different chains. */
  salt?: number;
}

/** Appends `count` batches after the store's latest (genesis written first if new); returns the reader. */
export async function storeFramedBatches(store: Store, genesisRecords: Uint8Array, genesisStateRoot: Uint8Array, count: number, options: FramedBatchOptions): Promise<StoreReader> {
  await writeGenesisIfNew(store, genesisRecords);
  const reader = new StoreReader(store);
  let tip = readTip(reader, genesisStateRoot);
  for (let i = 0; i < count; i++) {
    const number = tip.number + 1;
    const fill = (k: number) => new Uint8Array(32).fill(((number * 7 + k + (options.salt ?? 0)) % 255) + 1);
    const chunks = options.chunks ?? 1;
    const segments = Array.from({ length: chunks }, (_, c) => ({ entry: fill(1 + c), chunk: options.chunkOf?.(number) ?? Uint8Array.from({ length: options.chunkBytes ?? 100 }, (_, j) => (number + c + j) & 0xff) }));
    const data = frameBatchData(chunks === 1 ? 1 : 32 * chunks, segments);
    const header: BatchHeader = {
      number, parentRoot: tip.root, stateRoot: fill(2), txRoot: fill(3), exitRoot: fill(4),
      queueCount: tip.queueCount, timestamp: options.timestamp, dataHash: keccak_256(data),
    };
    const root = BatchHeader.hashTreeRoot(header);
    await writeSealedBatch(store, {
      header, root, transactions: new Uint8Array(0), hashes: new Uint8Array(0), accounts: [], withdrawals: new Uint8Array(0),
      data, sealedAt: options.sealedAt?.(i) ?? 0,
    });
    tip = { number, root, timestamp: header.timestamp, queueCount: header.queueCount, stateRoot: header.stateRoot };
  }
  return reader;
}
