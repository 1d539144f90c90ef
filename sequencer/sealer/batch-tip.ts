/** The last sealed batch as the sealer chains from it: number, root, timestamp and queueCount. */
import { BatchHeader } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { genesisHeader } from "./genesis-header.ts";

export interface BatchTip {
  number: number;
  root: Uint8Array;
  timestamp: number;
  queueCount: number;
  stateRoot: Uint8Array;
}

export function tipOf(header: BatchHeader): BatchTip {
  return {
    number: header.number,
    root: BatchHeader.hashTreeRoot(header),
    timestamp: header.timestamp,
    queueCount: header.queueCount,
    stateRoot: header.stateRoot,
  };
}

/** The stored tip, or batch 0 (the genesis header) before the first batch. */
export function readTip(reader: StoreReader, genesisStateRoot: Uint8Array): BatchTip {
  const latest = reader.latestSealed();
  if (latest === undefined) return tipOf(genesisHeader(genesisStateRoot));
  const record = reader.batch(latest);
  if (!record) throw new Error(`storage says batch ${latest} is the latest sealed, but it is missing`);
  return tipOf(BatchHeader.deserialize(new Uint8Array(record.header)));
}
