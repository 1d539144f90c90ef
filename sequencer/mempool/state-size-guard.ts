/**
 * The state-size guard (issue 15): the WASM core keeps every account in one wasm32 linear memory
 * of at most 4 GiB and traps when it cannot grow (the sealer then stops). bench:core measured 137
 * bytes per account (record 48 B, Merkle tree 64 B, address index ≤ 16 B, scratch), so the memory
 * holds about 31M accounts. The node refuses transfers that would create an account once the
 * accounts plus everything pending reach `maxAccounts` (default 24M, 77% of the capacity): what is
 * left is room for deposits and full exits from L1, which the sealer must always process, and
 * for the transactions already admitted. Transfers to existing accounts and withdrawals go on.
 */

/** The most a wasm32 memory can be (65,536 pages of 64 KiB). */
export const WASM_MEMORY_BYTES = 2 ** 32;
/** WASM memory per account measured by bench:core at 1M accounts (docs/benchmarks.md). */
export const WASM_BYTES_PER_ACCOUNT = 137;
/** Accounts the WASM state can hold before it traps, about 31.3M. */
export const WASM_ACCOUNT_CAPACITY = Math.floor(WASM_MEMORY_BYTES / WASM_BYTES_PER_ACCOUNT);
/** --max-accounts by default: well below the capacity, leaving ~7M accounts of room for L1 deposits. */
export const DEFAULT_MAX_ACCOUNTS = 24_000_000;

export class StateSizeGuard {
  constructor(
    readonly maxAccounts: number,
    private readonly state: { readonly count: number },
    /** Transactions admitted but not yet sealed: each could still create an account. */
    private readonly pending: () => number,
  ) {
    if (!Number.isSafeInteger(maxAccounts) || maxAccounts < 1) throw new RangeError(`maxAccounts must be a positive integer, got ${maxAccounts}`);
    if (maxAccounts > WASM_ACCOUNT_CAPACITY) throw new RangeError(`maxAccounts ${maxAccounts} is above what the WASM state holds (${WASM_ACCOUNT_CAPACITY}): the sealer would trap before the guard acts`);
  }

  get accounts(): number {
    return this.state.count;
  }

  /** Accounts that may still be created by transfers before the guard refuses them. */
  get headroom(): number {
    return Math.max(0, this.maxAccounts - this.state.count - this.pending());
  }

  /** True when a transfer that creates an account must be refused now. */
  refusesNewAccount(): boolean {
    return this.headroom === 0;
  }
}
