/**
 * GET /api/stats: counts, throughput over 10 s and 1 min, mempool, the latest sealed / committed /
 * finalized batch, how far L1 posting lags and the sequencer's L1 balance (read from L1 at most
 * every `balanceTtlMs` in the background, one request at a time, 2 s at most; null until L1 first answers).
 */
import type { StoreReader } from "../store/store-reader.ts";
import type { ChainActivity } from "./chain-activity.ts";

export interface StatsSources {
  reader: StoreReader;
  activity: ChainActivity;
  accountCount(): number;
  mempool: { size: number; counts: { ready: number; future: number } };
  sequencer: string;
  l1Balance(): Promise<bigint>;
  now?: () => number;
  /** On a follower: its verified head and the first batch that did not verify, if any. */
  follower?: () => { verifiedBatch: number; mismatch: { batch: number; field: string; detail: string } | null };
}

/** Sealed batches not yet committed on L1, and the age in seconds of the oldest of them. */
export function postingLag(reader: StoreReader, activity: ChainActivity, now = Date.now()): { batches: number; seconds: number } {
  const latest = reader.latestSealed() ?? 0;
  const committed = activity.totals.latestCommitted ?? 0;
  if (latest <= committed) return { batches: 0, seconds: 0 };
  const oldest = reader.batch(committed + 1);
  return { batches: latest - committed, seconds: oldest ? Math.max(0, (now - oldest.sealedAt) / 1000) : 0 };
}

export class ChainStats {
  private balance: { value: bigint; readAt: number } | undefined;
  private lastAttempt = -Infinity;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly sources: StatsSources, private readonly balanceTtlMs = 5_000) {}

  async read() {
    const { reader, activity, mempool } = this.sources;
    const now = (this.sources.now ?? Date.now)();
    await this.refreshBalance(now);
    const totals = activity.totals;
    const lag = postingLag(reader, activity, now);
    return {
      now,
      batches: reader.latestSealed() ?? 0,
      transactions: totals.transactions,
      accounts: this.sources.accountCount(),
      tps: { last10s: round(activity.tps(10)), last1m: round(activity.tps(60)) },
      mempool: { size: mempool.size, ready: mempool.counts.ready, future: mempool.counts.future },
      latest: { sealed: reader.latestSealed() ?? null, committed: totals.latestCommitted ?? null, finalized: totals.latestFinalized ?? null },
      l1: {
        postingLagBatches: lag.batches,
        postingLagSeconds: round(lag.seconds),
        sequencer: this.sources.sequencer,
        sequencerBalance: this.balance?.value.toString() ?? null,
        sequencerBalanceReadAt: this.balance?.readAt ?? null,
      },
      ...(this.sources.follower ? { follower: this.sources.follower() } : {}),
      recent: activity.recent().map((s) => ({ number: s.number, at: s.at, txCount: s.txCount, latencySeconds: s.latencySeconds ?? null })),
    };
  }

  /**
   * Never waits for L1 once a balance is known: a stale one is answered while a refresh runs in
   * the background. Only the very first read waits (2 s at most).
   */
  private async refreshBalance(now: number): Promise<void> {
    if (now - this.lastAttempt < this.balanceTtlMs) return;
    this.lastAttempt = now;
    this.refreshing ??= withTimeout(this.sources.l1Balance(), 2_000)
      .then((value) => void (this.balance = { value, readAt: Date.now() }), () => undefined)
      .finally(() => (this.refreshing = undefined));
    if (this.balance === undefined) await this.refreshing;
  }
}

/** L1 may hang; the stats answer without the balance rather than wait. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const round = (value: number) => Math.round(value * 100) / 100;
