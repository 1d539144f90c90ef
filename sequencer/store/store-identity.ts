/**
 * What a data dir belongs to. A data dir written for another rollup (chain id, contract, genesis)
 * or another schema version is refused at start, never silently reused.
 */
export interface StoreIdentity {
  chainId: bigint;
  rollup: string; // checksummed or lower-case 0x address; compared case-insensitively
  genesisRoot: string; // 0x-hex state root at genesis
}

export class StoreMismatchError extends Error {
  override name = "StoreMismatchError";
}

interface StoredIdentity extends StoreIdentity {
  schemaVersion: number;
}

export function checkIdentity(stored: StoredIdentity, expected: StoreIdentity, schemaVersion: number, dir: string): void {
  const problems: string[] = [];
  if (stored.schemaVersion !== schemaVersion) {
    problems.push(
      stored.schemaVersion < schemaVersion && stored.schemaVersion <= 2
        ? `schema version ${stored.schemaVersion} was written by a protocol v1 node (transaction hashes without the sender); this v2 node writes ${schemaVersion} and cannot read it`
        : `schema version ${stored.schemaVersion}, this node writes ${schemaVersion}`,
    );
  }
  if (stored.chainId !== expected.chainId) problems.push(`chain id ${stored.chainId}, expected ${expected.chainId}`);
  if (stored.rollup.toLowerCase() !== expected.rollup.toLowerCase()) problems.push(`rollup ${stored.rollup}, expected ${expected.rollup}`);
  if (stored.genesisRoot.toLowerCase() !== expected.genesisRoot.toLowerCase()) problems.push(`genesis root ${stored.genesisRoot}, expected ${expected.genesisRoot}`);
  if (problems.length > 0) {
    throw new StoreMismatchError(
      `data dir ${dir} belongs to another rollup or schema (${problems.join("; ")}); ` +
        "use another --data-dir, or remove this one if its data is no longer needed",
    );
  }
}
