/**
 * The node's LMDB named databases ("buckets"). Each has a number that is never reused: a bucket
 * that goes away keeps its number retired, so an old data dir can never be misread by a new node.
 * Retired: 5 (hash → location, one random key per transaction; now the runs of 12, tx-index.ts) and
 * 6 (address history, two random keys per transaction; now the chains of 13 and 14,
 * history-chains.ts), both of schema 1.
 */
export const Bucket = {
  meta: { id: 0, name: "b00-meta", keys: "ordered-binary", values: "msgpack" },
  accounts: { id: 1, name: "b01-accounts", keys: "uint32", values: "binary" },
  accountIndexByAddress: { id: 2, name: "b02-account-index-by-address", keys: "binary", values: "msgpack" },
  batches: { id: 3, name: "b03-batches", keys: "ordered-binary", values: "msgpack" },
  batchTransactions: { id: 4, name: "b04-batch-transactions", keys: "ordered-binary", values: "binary" },
  withdrawals: { id: 7, name: "b07-withdrawals", keys: "ordered-binary", values: "binary" },
  withdrawalsByRecipient: { id: 8, name: "b08-withdrawals-by-recipient", keys: "binary", values: "binary" },
  l1Queue: { id: 9, name: "b09-l1-queue", keys: "ordered-binary", values: "binary" },
  batchData: { id: 10, name: "b10-batch-data", keys: "ordered-binary", values: "binary" },
  l1Posts: { id: 11, name: "b11-l1-posts", keys: "ordered-binary", values: "msgpack" },
  txIndex: { id: 12, name: "b12-tx-index", keys: "binary", values: "binary" },
  historyHeads: { id: 13, name: "b13-history-heads", keys: "binary", values: "binary" },
  historyLinks: { id: 14, name: "b14-history-links", keys: "ordered-binary", values: "binary" },
} as const;

export type BucketName = keyof typeof Bucket;

/**
 * Schema version of the data dir: bump on any change of bucket layout or value encoding.
 * 3: protocol v2 transaction hashes, keccak256(digest ‖ from) (≤ 2 keyed transactions by the v1 hash).
 */
export const SCHEMA_VERSION = 3;
/** The last schema a protocol v1 node wrote: such data dirs are refused with a message saying why. */
export const LAST_V1_SCHEMA_VERSION = 2;
