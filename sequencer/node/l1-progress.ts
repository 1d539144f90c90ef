/**
 * Notices an L1 whose head stopped moving while the node waits on it. A commit counts only once
 * it has --l1-confirmations blocks, and a batch is final only once an L1 block's timestamp passes
 * its challenge window; an L1 that mines no blocks, such as a plain `npx hardhat node` (automine:
 * a block per transaction and none otherwise), leaves the last commit unconfirmed and nothing
 * finalized for ever while everything else looks healthy. The node then logs it, and /readyz
 * fails `l1Advancing`, until blocks come again.
 */
import type { BatchRecord } from "../store/sealed-batch.ts";

/** What waits on L1 blocks, and since when (ms). */
export interface L1Wait {
  what: string;
  since: number;
}

/** The latest batch's wait on L1, if any: its commit's confirmations (once the commit is due) or its challenge window. */
export function latestBatchWait(latest: BatchRecord | undefined, maxCommitDelayMs: number, confirmations: number): L1Wait | undefined {
  if (!latest || latest.number === 0) return undefined;
  if (latest.status === "sealed") return { what: `batch ${latest.number} waits for its commit and ${confirmations} L1 confirmation${confirmations === 1 ? "" : "s"}`, since: latest.sealedAt + maxCommitDelayMs };
  if (latest.status === "committed") return { what: `batch ${latest.number} waits for L1 time to pass its challenge window`, since: latest.committedAt ?? latest.sealedAt };
  return undefined;
}

export class L1Progress {
  private head = -1;
  private headSince = 0;
  private stalledAt: number | undefined;

  constructor(private readonly stallMs: number) {}

  get stalled(): boolean {
    return this.stalledAt !== undefined;
  }

  /** Records the L1 head seen at `now`; says when the L1 became stalled (with the sentence to log) or moves again. */
  observe(head: number, wait: L1Wait | undefined, now: number): { stalled: string } | { resumed: string } | undefined {
    if (head !== this.head) {
      this.head = head;
      this.headSince = now;
      if (this.stalledAt !== undefined) {
        const seconds = Math.round((now - this.stalledAt) / 1000);
        this.stalledAt = undefined;
        return { resumed: `L1 produces blocks again (block ${head}), ${seconds} s after it was reported stalled` };
      }
      return undefined;
    }
    if (this.stalledAt !== undefined || !wait || now - Math.max(this.headSince, wait.since) < this.stallMs) return undefined;
    this.stalledAt = now;
    return {
      stalled: `L1 stalled: no new block since block ${head} ${Math.round((now - this.headSince) / 1000)} s ago while ${wait.what}; nothing is confirmed or finalized until L1 mines blocks. A Hardhat node mines only on transactions by default: enable interval mining (curl -s -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"evm_setIntervalMining","params":[1000]}' L1_URL; anvil: --block-time 1), see docs/node-api.md`,
    };
  }
}
