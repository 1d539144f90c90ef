/** ChainSafe's hasher configurations: the tree peers run with each (never the slow noble default). */
import { setHasher } from "@chainsafe/persistent-merkle-tree";
import { hasher as asSha256Hasher } from "@chainsafe/persistent-merkle-tree/hasher/as-sha256";
import { hasher as hashtreeHasher } from "@chainsafe/persistent-merkle-tree/hasher/hashtree";

export const chainsafeHashers = [
  { label: "as-sha256", use: () => setHasher(asSha256Hasher) },
  { label: "hashtree (native)", use: () => setHasher(hashtreeHasher) },
] as const;
