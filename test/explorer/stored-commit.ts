/**
 * Stored batch records of one L1 commit, in memory, for the explorer's unit tests: batches
 * `first`..`last` (plus their parent's record), chained headers, and v2 data that frames
 * (docs/fraud-proofs.md §2: one segment per 32 positions, random entries and chunk bytes).
 * Only the framing is real; nothing here executes.
 */
import { randomBytes } from "node:crypto";
import { CHUNK_POSITIONS } from "../../sequencer/batch-data/format.ts";
import { writeSegments } from "../../sequencer/batch-data/segments.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import type { BatchRecord, CommitSpan } from "../../sequencer/store/sealed-batch.ts";

export interface StoredBatchSpec {
  /** Positions: L1 queue messages first, then user transactions. */
  queueMessages: number;
  userCount: number;
  withdrawalCount?: number;
  exitRoot?: Uint8Array;
}

export interface StoredCommit {
  records: Map<number, BatchRecord>;
  data: Map<number, Uint8Array>;
  /** The posted entries of each batch, in chunk order. */
  entries: Map<number, Uint8Array[]>;
  reader: { batch(n: number): BatchRecord | undefined; batchData(n: number): Uint8Array | undefined };
}

/** Batches first..first+specs.length−1 in commit `index`; batch first−1 is stored too unless it is genesis. */
export function storedCommit(index: number, first: number, specs: StoredBatchSpec[], l1TxHash = `0x${randomBytes(32).toString("hex")}`): StoredCommit {
  const records = new Map<number, BatchRecord>();
  const data = new Map<number, Uint8Array>();
  const entries = new Map<number, Uint8Array[]>();
  const commit: CommitSpan = { index, firstBatch: first, lastBatch: first + specs.length - 1 };
  let queueCount = 5 * first; // any parent queue count; batch 1's parent is genesis (0)
  if (first === 1) queueCount = 0;
  else records.set(first - 1, record(first - 1, BatchHeader.serialize({ ...BatchHeader.defaultValue(), number: first - 1, queueCount }), 1, 0));
  specs.forEach((spec, i) => {
    const number = first + i;
    queueCount += spec.queueMessages;
    const positions = spec.queueMessages + spec.userCount;
    const segments = Array.from({ length: Math.ceil(positions / CHUNK_POSITIONS) }, (_, c) => ({ entry: new Uint8Array(randomBytes(32)), chunk: new Uint8Array(randomBytes(3 + c)) }));
    const header = { ...BatchHeader.defaultValue(), number, queueCount, stateRoot: randomBytes(32), exitRoot: spec.exitRoot ?? new Uint8Array(32) };
    records.set(number, { ...record(number, BatchHeader.serialize(header), positions, spec.withdrawalCount ?? 0), status: "committed", commit, l1TxHash });
    data.set(number, writeSegments(spec.userCount, segments));
    entries.set(number, segments.map((s) => s.entry));
  });
  return { records, data, entries, reader: { batch: (n) => records.get(n), batchData: (n) => data.get(n) } };
}

function record(number: number, header: Uint8Array, txCount: number, withdrawalCount: number): BatchRecord {
  return { number, header, root: new Uint8Array(32), txCount, withdrawalCount, dataBytes: 0, status: "finalized", sealedAt: 0 };
}
