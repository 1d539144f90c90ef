/**
 * Batches as blocks need two reads the store does not index: batch 0 (the genesis header, which
 * the Rollup stores at deployment but the node never writes as a batch record) and a batch by its
 * root (a block by hash). The root index is built incrementally from the stored headers, each
 * batch read once, and holds the most recent ROOT_INDEX_LIMIT batches; an older hash is unknown
 * (answered null, as for a block a node has pruned; by number every batch stays readable).
 */
import { BatchHeader } from "../protocol/ssz-types.ts";
import { genesisHeader } from "../sealer/genesis-header.ts";
import type { BatchRecord } from "../store/sealed-batch.ts";
import type { StoreReader } from "../store/store-reader.ts";

export const ROOT_INDEX_LIMIT = 262_144;

export class BatchLookup {
  private readonly byRoot = new Map<string, number>();
  private indexedThrough = -1;
  private readonly genesis: BatchRecord | undefined;

  constructor(
    private readonly reader: StoreReader,
    genesisStateRoot: Uint8Array | undefined,
  ) {
    if (genesisStateRoot) {
      const header = genesisHeader(genesisStateRoot);
      this.genesis = {
        number: 0, header: BatchHeader.serialize(header), root: BatchHeader.hashTreeRoot(header), txCount: 0, withdrawalCount: 0, dataBytes: 0,
        status: "finalized", sealedAt: 0,
      };
    }
  }

  latest(): number {
    return this.reader.latestSealed() ?? 0;
  }

  /** The batch record, batch 0 included; undefined past the latest sealed batch. */
  batch(number: number): BatchRecord | undefined {
    if (number === 0) return this.reader.batch(0) ?? this.genesis;
    return number <= this.latest() ? this.reader.batch(number) : undefined;
  }

  byHash(hash: string): BatchRecord | undefined {
    const latest = this.latest();
    if (this.indexedThrough < latest) {
      const from = Math.max(this.indexedThrough + 1, latest - ROOT_INDEX_LIMIT + 1, 0);
      for (let number = from; number <= latest; number++) {
        const record = this.batch(number);
        if (record) this.byRoot.set(Buffer.from(record.root).toString("hex"), number);
      }
      this.indexedThrough = latest;
      for (const [root, number] of this.byRoot) {
        if (this.byRoot.size <= ROOT_INDEX_LIMIT) break;
        if (number !== 0) this.byRoot.delete(root);
      }
    }
    const number = this.byRoot.get(hash.slice(2).toLowerCase());
    return number === undefined ? undefined : this.batch(number);
  }
}
