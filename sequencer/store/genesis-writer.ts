/**
 * Writes the genesis accounts (index order, 44-byte records) into a new data dir, durably, so that
 * the stored accounts are always the whole state: genesis plus every sealed batch's changes.
 */
import { ACCOUNT_SIZE } from "../protocol/ssz-types.ts";
import type { Store } from "./store.ts";

const GENESIS_KEY = "genesisAccounts";

export async function writeGenesisIfNew(store: Store, records: Uint8Array): Promise<boolean> {
  const written: number | undefined = store.buckets.meta.get(GENESIS_KEY);
  const count = records.length / ACCOUNT_SIZE;
  if (written !== undefined) {
    if (written !== count) throw new Error(`data dir ${store.dir} was created with ${written} genesis accounts, not ${count}`);
    return false;
  }
  await store.writeDurably(() => {
    for (let index = 0; index < count; index++) {
      const record = records.subarray(index * ACCOUNT_SIZE, (index + 1) * ACCOUNT_SIZE);
      store.buckets.accounts.put(index, record);
      store.buckets.accountIndexByAddress.put(record.subarray(0, 20), index);
    }
    store.buckets.meta.put(GENESIS_KEY, count);
  });
  return true;
}
