/**
 * GET /api/stats: counts, throughput over 10 s and 1 min, mempool, the latest sealed / committed /
 * finalized batch and their L1 commits, how far L1 posting lags and the sequencer's L1 balance
 * (read from L1 at most every `balanceTtlMs` in the background, one request at a time, 2 s at
 * most; null until L1 first answers). On a follower also its verification, the fraud proof that
 * froze the rollup (docs/fraud-proofs.md §4) and its challenger's proofs (docs/node-api.md).
 */
import type { FrozenRollup } from "../follower/follower.ts";
import { FRAUD_KIND_NAMES, type FraudKind } from "../fraud/fraud-inputs.ts";
import type { StoreReader } from "../store/store-reader.ts";
import type { ChainActivity } from "./chain-activity.ts";

/**
 * The challenger's report (sequencer/fraud/challenger.ts `stats()`), passed through as it is:
 * only what the explorer page reads is named here, every proof field may be missing.
 */
export interface ChallengerStats {
  prover: string;
  proofs: readonly { batch: number; status: string; kind?: string; l1TxHash?: string; error?: string; at?: string }[];
  lastError: string | null;
}

/** What a follower reports (sequencer/follower/run-follower.ts). */
export interface FollowerStats {
  verifiedBatch: number;
  /** The first batch that did not verify, if any. */
  mismatch: { batch: number; field: string; detail: string } | null;
  /** Set once a fraud proof on L1 removed commits and froze the rollup. */
  frozen: FrozenRollup | null;
  /** Only with `loft follow --challenge`. */
  challenger?: ChallengerStats;
}

export interface StatsSources {
  reader: StoreReader;
  activity: ChainActivity;
  accountCount(): number;
  mempool: { size: number; counts: { ready: number; future: number } };
  sequencer: string;
  l1Balance(): Promise<bigint>;
  now?: () => number;
  /** On a follower: its verified head, the first batch that did not verify, the freeze and its challenger. */
  follower?: () => FollowerStats;
  /** The freeze (protocol.md §5) once seen, by the sequencer or the follower: `frozen` in the stats. */
  frozen?: () => FrozenRollup | null;
  /** The sequencer's fee policy, state-size guard (limit and headroom) and admission limits: `fees`, `stateSize`, `limits` in the stats. */
  admission?: () => Record<string, unknown>;
}

/** The follower's stats with the fraud kind's name beside its number (docs/fraud-proofs.md §4). */
export function followerView(stats: FollowerStats) {
  return { ...stats, frozen: frozenView(stats.frozen) };
}

/** The freeze with the fraud kind's name beside its number (null for a freeze() after the inclusion window). */
export function frozenView(frozen: FrozenRollup | null) {
  return frozen && { ...frozen, kindName: frozen.kind === undefined ? null : FRAUD_KIND_NAMES[frozen.kind as FraudKind] ?? null };
}

/** The commit indices of the latest committed and finalized batches (commit 0 is genesis, so `latest` is also how many commits were posted). */
export function latestCommits(reader: StoreReader, totals: { latestCommitted?: number; latestFinalized?: number }) {
  const commitOf = (batch: number | undefined) => (batch === undefined ? null : reader.batch(batch)?.commit?.index ?? null);
  return { latest: commitOf(totals.latestCommitted), finalized: commitOf(totals.latestFinalized) };
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
      commits: latestCommits(reader, totals),
      l1: {
        postingLagBatches: lag.batches,
        postingLagSeconds: round(lag.seconds),
        sequencer: this.sources.sequencer,
        sequencerBalance: this.balance?.value.toString() ?? null,
        sequencerBalanceReadAt: this.balance?.readAt ?? null,
      },
      ...(this.sources.follower ? { follower: followerView(this.sources.follower()) } : {}),
      ...(this.sources.frozen ? { frozen: frozenView(this.sources.frozen()) } : {}),
      ...(this.sources.admission ? this.sources.admission() : {}),
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
