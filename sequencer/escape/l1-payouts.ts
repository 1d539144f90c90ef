/**
 * What the Rollup has paid out, read from its events: `Withdrawn(batch, index, recipient,
 * amount)`, `Escaped(index, account, balance)` and `DepositReclaimed(queueIndex, depositor,
 * amount)`, each with the L1 transaction that paid it. The explorer answers `claimed` (with that
 * transaction) for a withdrawal paid on L1 instead of calldata that would revert, and shows which
 * escapes and reclaims are done. Only blocks with `confirmations` are read; what was read is kept
 * in the data dir (meta bucket) with a cursor, so a restart reads only the blocks since.
 */
import type { JsonRpcProvider } from "ethers";
import { rollupInterface } from "../l1/rollup-abi.ts";
import type { Store } from "../store/store.ts";

export interface Payout {
  l1TxHash: string;
  l1Block: number;
}

export type PayoutKind = "withdrawn" | "escaped" | "reclaimed";

export interface L1PayoutsOptions {
  rollup: string;
  confirmations: number;
  /** The Rollup's deployment block: nothing before it is read. */
  startBlock: number;
}

const CURSOR_KEY = "l1PayoutsCursor";
const PREFIX = "l1Payout";
const MAX_LOG_RANGE = 2_000;

export class L1Payouts {
  private cursor: number;
  private readonly topics: string[];

  constructor(private readonly provider: JsonRpcProvider, private readonly store: Store, private readonly options: L1PayoutsOptions) {
    this.cursor = store.buckets.meta.get(CURSOR_KEY) ?? options.startBlock;
    const events = rollupInterface();
    this.topics = ["Withdrawn", "Escaped", "DepositReclaimed"].map((name) => events.getEvent(name)!.topicHash);
  }

  /** Withdrawal `index` of batch `batch` was paid by this transaction (undefined: not seen paid). */
  withdrawn(batch: number, index: number): Payout | undefined {
    return this.store.buckets.meta.get([PREFIX, "withdrawn", batch, index]);
  }

  /** The escape of account `index` (of the escape batch's state). */
  escaped(index: number): Payout | undefined {
    return this.store.buckets.meta.get([PREFIX, "escaped", index]);
  }

  /** The reclaim of queue message `queueIndex`. */
  reclaimed(queueIndex: number): Payout | undefined {
    return this.store.buckets.meta.get([PREFIX, "reclaimed", queueIndex]);
  }

  /** Reads the confirmed blocks past the cursor (`safe`: the last confirmed block, if the caller read it); returns the payouts found. */
  async poll(safe?: number): Promise<number> {
    const last = safe ?? (await this.provider.getBlockNumber()) - this.options.confirmations + 1;
    let found = 0;
    const events = rollupInterface();
    while (this.cursor <= last) {
      const to = Math.min(last, this.cursor + MAX_LOG_RANGE - 1);
      const logs = await this.provider.getLogs({ address: this.options.rollup, fromBlock: this.cursor, toBlock: to, topics: [this.topics] });
      const entries = logs.map((log) => {
        const event = events.parseLog({ topics: [...log.topics], data: log.data })!;
        const payout: Payout = { l1TxHash: log.transactionHash, l1Block: log.blockNumber };
        const n = (name: string) => Number(event.args.getValue(name));
        if (event.name === "Withdrawn") return { key: [PREFIX, "withdrawn", n("batchNumber"), n("index")], payout };
        if (event.name === "Escaped") return { key: [PREFIX, "escaped", n("index")], payout };
        return { key: [PREFIX, "reclaimed", n("queueIndex")], payout };
      });
      await this.store.writeDurably(() => {
        for (const { key, payout } of entries) this.store.buckets.meta.put(key, payout);
        this.store.buckets.meta.put(CURSOR_KEY, to + 1);
      });
      found += entries.length;
      this.cursor = to + 1;
    }
    return found;
  }
}
