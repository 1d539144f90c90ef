/**
 * What `loft deploy` leaves in a data dir for `loft start --l1-rpc …`: where the Rollup is, the
 * block it was deployed in (the watcher reads events from there), the genesis accounts, the
 * fraud-proof modules it delegates to and the bond posted at deployment (docs/fraud-proofs.md §5).
 */
import { open } from "lmdb";
import { Bucket } from "../store/buckets.ts";
import type { Store } from "../store/store.ts";
import type { FraudModuleAddresses } from "../l1/deploy-rollup.ts";

export interface DeploymentRecord {
  rollup: string;
  deployBlock: number;
  genesisRecords: Uint8Array;
  /** The modules' addresses (absent in a data dir of a Rollup deployed without modules). */
  modules?: FraudModuleAddresses;
  /** wei posted by postBond at deployment. */
  bondWei?: bigint;
  /** The rollup's own chain id (config/rollup-chain-id.ts); absent in data dirs deployed before it existed. */
  rollupChainId?: number;
}

const KEY = "deployment";
/** The Rollup's challenge window as last read from L1 by a running node (a start while L1 is unreachable uses it). */
export const CHALLENGE_WINDOW_KEY = "rollupChallengeWindowSeconds";

export async function writeDeployment(store: Store, record: DeploymentRecord): Promise<void> {
  await store.writeDurably(() => store.buckets.meta.put(KEY, record));
}

/** Reads the deployment and identity of a data dir without opening it for writing. */
export async function readDeploymentReadOnly(dir: string): Promise<(DeploymentRecord & { chainId: bigint; challengeWindowSeconds?: number }) | undefined> {
  const env = open({ path: dir, readOnly: true, maxDbs: 16, noSubdir: false });
  try {
    const meta = env.openDB({ name: Bucket.meta.name });
    const identity = meta.get("identity") as { chainId: bigint } | undefined;
    const record = meta.get(KEY) as DeploymentRecord | undefined;
    if (!identity || !record) return undefined;
    const challengeWindowSeconds = meta.get(CHALLENGE_WINDOW_KEY) as number | undefined;
    return { ...record, chainId: identity.chainId, genesisRecords: new Uint8Array(record.genesisRecords), ...(challengeWindowSeconds !== undefined ? { challengeWindowSeconds } : {}) };
  } finally {
    await env.close();
  }
}
