/**
 * The exact calldata of the Rollup's `withdraw` for a stored withdrawal: its exit-list branch
 * (16 siblings) hashed by the WASM core from the batch's stored withdrawals, cached per batch, so
 * a page of 100 withdrawals from one large batch hashes that batch once. Same result as
 * sequencer/node/withdrawal-claims.ts (the tests compare them). The batch is proven against its
 * L1 commit (commit-position.ts), so there is calldata only once the batch is committed. With the
 * L1 payouts (escape/l1-payouts.ts) it also says whether a withdrawal was already paid on L1, and
 * by which transaction: such a withdrawal gets no calldata (withdraw would revert AlreadyWithdrawn).
 */
import type { SszRoots } from "../core/index.ts";
import { EXIT_BRANCH_DEPTH, withdrawCalldata, type CommitPosition } from "../l1/withdraw-calldata.ts";
import { BatchHeader, Withdrawal } from "../protocol/ssz-types.ts";
import { commitPositionOf } from "../node/commit-position.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { LeafCache, wasmListBranch, type ListHashing } from "./list-branch.ts";
import type { L1Payouts, Payout } from "../escape/l1-payouts.ts";

export interface ExitHashing extends ListHashing {
  ssz: Pick<SszRoots, "withdrawalRootInto" | "zeroHash">;
}

export class ExitClaims {
  private readonly leaves = new LeafCache();
  /** Commit positions by batch; a committed batch's never changes (a fraud proof freezes the rollup instead). */
  private readonly positions = new LeafCache<CommitPosition | undefined>(64);

  constructor(
    private readonly reader: Pick<StoreReader, "batch" | "batchWithdrawals" | "batchData">,
    private readonly core: ExitHashing,
    private readonly payouts?: Pick<L1Payouts, "withdrawn">,
  ) {}

  /** The L1 transaction that paid exit `index` of batch `batch`, once seen (undefined without L1 payouts). */
  paid(batch: number, index: number): Payout | undefined {
    return this.payouts?.withdrawn(batch, index);
  }

  /** Calldata of `withdraw` for exit `index` (36-byte SSZ `withdrawal`) of batch `batch`, or undefined if there is no such exit. */
  calldata(batch: number, index: number, withdrawal: Uint8Array): string | undefined {
    const record = this.reader.batch(batch);
    if (!record || index >= record.withdrawalCount) return undefined;
    const leaves = this.leaves.get(batch, () => {
      const exits = this.reader.batchWithdrawals(batch);
      const out = new Uint8Array(exits.length * 32);
      exits.forEach((exit, i) => this.core.ssz.withdrawalRootInto(new Uint8Array(exit), out.subarray(i * 32, i * 32 + 32)));
      return out;
    });
    if (index >= leaves.length / 32) return undefined;
    const commit = this.positions.get(batch, () => commitPositionOf(this.reader, batch));
    if (!commit) return undefined;
    return withdrawCalldata({
      header: BatchHeader.deserialize(new Uint8Array(record.header)),
      commit,
      index,
      length: leaves.length / 32,
      withdrawal: Withdrawal.deserialize(new Uint8Array(withdrawal)),
      branch: wasmListBranch(this.core, leaves, index, EXIT_BRANCH_DEPTH),
    });
  }
}
