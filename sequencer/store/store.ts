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
import { DurableWrites } from "./durable-write.ts";
import { MIN_FREE_BYTES, lowSpaceFault } from "./storage-fault.ts";
import { StorageHealth } from "./storage-health.ts";
import { lockDataDir } from "./data-dir-lock.ts";

export interface StoreOptions {
  dir: string;
  identity: StoreIdentity;
  /** Virtual address space reserved for the map (grows on demand). */
  mapSizeBytes?: number;
  /** Write sealed batches on a thread of their own (the node and the follower do; see batch-writer-thread.ts). */
  batchWriterThread?: boolean;
  /** Writes are refused as "disk full" while the data dir's file system has less free (default MIN_FREE_BYTES, 16 MiB; 0: only the file system refuses). */
  minFreeBytes?: number;
}

export type Buckets = { [K in BucketName]: Database<any, any> };

export interface Store {
  readonly dir: string;
  readonly env: RootDatabase;
  readonly buckets: Buckets;
  /**
   * Runs `write` in one LMDB write transaction (aborted, writing nothing, if it throws) and
   * resolves once it is flushed to disk; rejects with a StorageFaultError when the storage
   * refused it (disk full, I/O error), marking `health` (durable-write.ts).
   */
  writeDurably(write: () => void): Promise<void>;
  /** Whether writes succeed, as the last ones found out (a store opened on a full disk starts faulted). */
  readonly health: StorageHealth;
  /** StoreOptions.minFreeBytes, resolved. */
  readonly minFreeBytes: number;
  /** While other writes are faulted: one small durable write, to find out whether the disk takes writes again. */
  probeWrites(): Promise<void>;
  /** Present when batches are written on their own thread (writeSealedBatch uses it). */
  readonly batchWriter?: BatchWriterThread;
  close(): Promise<void>;
}

const IDENTITY_KEY = "identity";
const PROBE_KEY = "writeProbe";

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
    // a put outside a transaction would start lmdb-js' per-event-turn batch through a promise
    // nobody holds, an unhandled rejection (a crash) when its commit fails on a full disk
    eventTurnBatching: false,
  });
  const buckets = {} as Buckets;
  for (const [name, spec] of Object.entries(Bucket) as [BucketName, (typeof Bucket)[BucketName]][]) {
    const keyEncoding = spec.keys === "ordered-binary" ? {} : { keyEncoding: spec.keys };
    buckets[name] = env.openDB({ name: spec.name, encoding: spec.values, ...keyEncoding });
  }
  const health = new StorageHealth();
  const minFreeBytes = options.minFreeBytes ?? MIN_FREE_BYTES;
  const writes = new DurableWrites(env, options.dir, health, minFreeBytes);
  const stored = buckets.meta.get(IDENTITY_KEY);
  try {
    if (stored === undefined) {
      await writes.write(() => buckets.meta.put(IDENTITY_KEY, { ...options.identity, schemaVersion: SCHEMA_VERSION }));
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
  const full = lowSpaceFault(options.dir, minFreeBytes);
  if (full) health.failed("writes", full);
  return {
    dir: options.dir,
    env,
    buckets,
    health,
    minFreeBytes,
    ...(batchWriter ? { batchWriter } : {}),
    writeDurably: (write) => writes.write(write),
    async probeWrites() {
      if (health.faultOf("writes")) await writes.write(() => buckets.meta.put(PROBE_KEY, Date.now()));
    },
    async close() {
      await batchWriter?.close();
      await env.close();
    },
  };
}
