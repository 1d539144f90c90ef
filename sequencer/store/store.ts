/**
 * The node's LMDB environment: one data dir, one named database per bucket, opened with
 * `overlappingSync` set explicitly so that commit and flush are distinct steps and a batch is
 * reported sealed only once `flushed` has resolved (durable against kill -9 and power loss).
 */
import { mkdirSync } from "node:fs";
import { open, type Database, type RootDatabase } from "lmdb";
import { Bucket, SCHEMA_VERSION, type BucketName } from "./buckets.ts";
import { BatchWriterThread } from "./batch-writer-thread.ts";
import { checkIdentity, type StoreIdentity } from "./store-identity.ts";
import { lockDataDir } from "./data-dir-lock.ts";

export interface StoreOptions {
  dir: string;
  identity: StoreIdentity;
  /** Virtual address space reserved for the map (grows on demand). */
  mapSizeBytes?: number;
  /** Write sealed batches on a thread of their own (the node and the follower do; see batch-writer-thread.ts). */
  batchWriterThread?: boolean;
}

export type Buckets = { [K in BucketName]: Database<any, any> };

export interface Store {
  readonly dir: string;
  readonly env: RootDatabase;
  readonly buckets: Buckets;
  /** Runs `write` in one LMDB write transaction (aborted, writing nothing, if it throws) and resolves once it is flushed to disk. */
  writeDurably(write: () => void): Promise<void>;
  /** Present when batches are written on their own thread (writeSealedBatch uses it). */
  readonly batchWriter?: BatchWriterThread;
  close(): Promise<void>;
}

const IDENTITY_KEY = "identity";

export async function openStore(options: StoreOptions): Promise<Store> {
  const lock = lockDataDir(options.dir); // one process per data dir: a second one fails here, naming the holder (data-dir-lock.ts)
  try {
    const store = await openLockedStore(options);
    return { ...store, close: () => store.close().finally(() => lock.release()) };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openLockedStore(options: StoreOptions): Promise<Store> {
  mkdirSync(options.dir, { recursive: true });
  const env = open({
    path: options.dir,
    overlappingSync: true,
    noSubdir: false, // a directory even when its name has a dot (lmdb-js guesses a file otherwise)
    maxDbs: 16,
    mapSize: options.mapSizeBytes ?? 2 ** 34,
    compression: false,
  });
  const buckets = {} as Buckets;
  for (const [name, spec] of Object.entries(Bucket) as [BucketName, (typeof Bucket)[BucketName]][]) {
    const keyEncoding = spec.keys === "ordered-binary" ? {} : { keyEncoding: spec.keys };
    buckets[name] = env.openDB({ name: spec.name, encoding: spec.values, ...keyEncoding });
  }
  const stored = buckets.meta.get(IDENTITY_KEY);
  try {
    if (stored === undefined) {
      await buckets.meta.put(IDENTITY_KEY, { ...options.identity, schemaVersion: SCHEMA_VERSION });
      await env.flushed;
    } else {
      checkIdentity(stored, options.identity, SCHEMA_VERSION, options.dir);
    }
  } catch (error) {
    await env.close();
    throw error;
  }
  let batchWriter: BatchWriterThread | undefined;
  if (options.batchWriterThread) {
    const { batchWriterThread: _, ...data } = options;
    try {
      // this thread's reads must see what the writer thread committed as soon as it says so
      batchWriter = await BatchWriterThread.start(data, () => env.resetReadTxn());
    } catch (error) {
      await env.close();
      throw error;
    }
  }
  return {
    dir: options.dir,
    env,
    buckets,
    ...(batchWriter ? { batchWriter } : {}),
    async writeDurably(write) {
      // childTransaction, not transaction: lmdb-js commits an async transaction's writes made
      // before its callback threw (a failed batch write left half a batch on disk), while a child
      // transaction is rolled back. Not transactionSync either: on this thread it would wait for
      // the LMDB write lock while the batch writer thread holds it (15% of the main thread at
      // 10,000 TPS, in the poster's small writes).
      await env.childTransaction(write);
      await env.flushed;
    },
    async close() {
      await batchWriter?.close();
      await env.close();
    },
  };
}
