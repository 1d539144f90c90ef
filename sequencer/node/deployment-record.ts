/**
 * What `loft deploy` leaves in a data dir for `loft start --l1-rpc …`: where the Rollup is, the
 * block it was deployed in (the watcher reads events from there) and the genesis accounts.
 */
import { open } from "lmdb";
import { Bucket } from "../store/buckets.ts";
import type { Store } from "../store/store.ts";

export interface DeploymentRecord {
  rollup: string;
  deployBlock: number;
  genesisRecords: Uint8Array;
}

const KEY = "deployment";

export async function writeDeployment(store: Store, record: DeploymentRecord): Promise<void> {
  await store.writeDurably(() => store.buckets.meta.put(KEY, record));
}

/** Reads the deployment and identity of a data dir without opening it for writing. */
export async function readDeploymentReadOnly(dir: string): Promise<(DeploymentRecord & { chainId: bigint }) | undefined> {
  const env = open({ path: dir, readOnly: true, maxDbs: 16, noSubdir: false });
  try {
    const meta = env.openDB({ name: Bucket.meta.name });
    const identity = meta.get("identity") as { chainId: bigint } | undefined;
    const record = meta.get(KEY) as DeploymentRecord | undefined;
    if (!identity || !record) return undefined;
    return { ...record, chainId: identity.chainId, genesisRecords: new Uint8Array(record.genesisRecords) };
  } finally {
    await env.close();
  }
}
