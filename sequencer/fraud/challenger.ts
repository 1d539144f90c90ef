/**
 * The follower's challenger (`loft follow --challenge`, docs/fraud-proofs.md §4): when the
 * follower's verification stops at a batch, it builds the proof that succeeds from L1 data and the
 * follower's verified state (challenger-build.ts), checks that the batch's commit is still within
 * its challenge window, sends the proof as an L1 transaction and reads what the FraudProven event
 * says (batch, kind, chunk, position, reward). Everything is reported in one log line, in
 * /api/stats (`follower.challenger`) and in /metrics. A proof that reverts is reported with its
 * decoded error and tried once more on the next poll; nothing here ever throws into the follower.
 */
import { Contract, Wallet, type JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import { loadCore, type LoftCore } from "../core/index.ts";
import type { Follower } from "../follower/follower.ts";
import type { CommittedBatch } from "../follower/l1-batch-reader.ts";
import type { Mismatch } from "../follower/batch-verifier.ts";
import { rollupInterface } from "../l1/rollup-abi.ts";
import type { NodeMetrics } from "../metrics/node-metrics.ts";
import type { LoftDomain } from "../protocol/eip712.ts";
import type { Store } from "../store/store.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { FRAUD_KIND_NAMES } from "./batch-proof-search.ts";
import { buildProof } from "./challenger-build.ts";
import { storedQueueOf } from "./challenger-evidence.ts";
import { sendProof } from "./challenger-send.ts";
import type { FraudKind } from "./fraud-inputs.ts";

/** One proof attempt as /api/stats shows it. */
export interface ProofReport {
  batch: number;
  status: "proven" | "reverted" | "final" | "no proof" | "failed";
  fn?: string;
  kind?: string;
  chunk?: number;
  position?: number;
  l1TxHash?: string;
  /** wei, as a decimal string (JSON has no bigint). */
  reward?: string;
  error?: string;
  at: string;
}

export interface ChallengerDeps {
  provider: JsonRpcProvider;
  rpcUrl: string;
  rollup: string;
  deployBlock: number;
  domain: LoftDomain;
  follower: Follower;
  store: Store;
  reader: StoreReader;
  /** The challenger's private key (hex); never logged. */
  key: string;
  log: Logger;
  metrics?: NodeMetrics;
}

const ATTEMPTS = 2;

export class Challenger {
  private readonly wallet: Wallet;
  private readonly proofs: ProofReport[] = [];
  private lastError: string | null = null;
  private target: { batch: number; committed?: CommittedBatch; attempts: number; done: boolean } | undefined;
  private core: LoftCore | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: ChallengerDeps) {
    this.wallet = new Wallet(deps.key, deps.provider);
    const existing = deps.follower.mismatch;
    if (existing && !deps.follower.frozen) this.target = { batch: existing.batch, attempts: 0, done: false }; // a restart at a stored mismatch
  }

  /** The address proofs are sent from (the reward goes there). */
  get prover(): string {
    return this.wallet.address;
  }

  /** The follower's onMismatch: the batch to prove on the next poll. */
  onMismatch(mismatch: Mismatch, batch?: CommittedBatch): void {
    this.target = { batch: mismatch.batch, ...(batch ? { committed: batch } : {}), attempts: 0, done: false };
  }

  stats(): { prover: string; proofs: ProofReport[]; lastError: string | null } {
    return { prover: this.prover, proofs: this.proofs.slice(), lastError: this.lastError };
  }

  /** After each follower poll: the pending attempt, if any (at most two per batch). Never throws. */
  async poll(): Promise<void> {
    const t = this.target;
    if (!t || t.done || t.attempts >= ATTEMPTS || this.deps.follower.frozen) return;
    this.running ??= this.attempt(t).catch((error: unknown) => this.report({ batch: t.batch, status: "failed", error: (error as Error).message })).finally(() => (this.running = undefined));
    await this.running;
  }

  private async attempt(t: NonNullable<Challenger["target"]>): Promise<void> {
    t.attempts++;
    const { deps } = this;
    const finalAt = await this.finalAt(t.batch);
    if (finalAt !== undefined) {
      t.done = true;
      return this.report({ batch: t.batch, status: "final", error: `batch ${t.batch} is final already (its commit's challenge window closed at ${new Date(finalAt * 1000).toISOString()}): no fraud proof of it can be accepted any more` });
    }
    this.core ??= await loadCore();
    const built = await buildProof({
      provider: deps.provider, rpcUrl: deps.rpcUrl, rollup: deps.rollup, deployBlock: deps.deployBlock, domain: deps.domain,
      reader: deps.reader, head: deps.follower.head, core: this.core,
      storedQueue: storedQueueOf(deps.store),
    }, t.batch, t.committed ? { batches: t.committed.inCommit } : {});
    const proof = built.search.proof;
    if (!proof) {
      return this.report({ batch: t.batch, status: "no proof", error: `batch ${t.batch} did not verify, but no fraud proof of it succeeds from L1 data (every chunk executes to its entry, every signature and both roots hold)` });
    }
    const kind = FRAUD_KIND_NAMES[proof.kind as FraudKind];
    const where = { batch: built.batch, fn: proof.fn, kind, chunk: proof.chunk, position: proof.position };
    deps.metrics?.fraudProofsSent.inc({ kind });
    deps.log.info({ ...where, prover: this.prover }, `sending ${proof.fn} for batch ${built.batch} (${kind} at chunk ${proof.chunk}, position ${proof.position})`);
    const outcome = await sendProof(this.wallet, deps.rollup, proof.calldata);
    if (!outcome.ok) return this.report({ ...where, status: "reverted", error: outcome.error, ...(outcome.l1TxHash ? { l1TxHash: outcome.l1TxHash } : {}) });
    t.done = true;
    const proven = outcome.proven;
    const provenKind = FRAUD_KIND_NAMES[proven.kind as FraudKind] ?? String(proven.kind);
    deps.metrics?.fraudProofsSucceeded.inc({ kind: provenKind });
    this.report({ batch: proven.batch, status: "proven", fn: proof.fn, kind: provenKind, chunk: proven.chunk, position: proven.position, l1TxHash: outcome.l1TxHash, reward: proven.reward.toString() });
  }

  /** The time (seconds) batch `number`'s commit became final, or undefined while it is not. */
  private async finalAt(number: number): Promise<number | undefined> {
    const rollup = new Contract(this.deps.rollup, rollupInterface(), this.deps.provider);
    const index = await rollup.getFunction("commitOf")(number);
    const record = await rollup.getFunction("commits")(index);
    const window = await rollup.getFunction("challengeWindow")();
    const latest = await this.deps.provider.getBlock("latest");
    const finalAt = Number(record.committedAt) + Number(window);
    return index === 0n || (latest && latest.timestamp >= finalAt) ? finalAt : undefined;
  }

  private report(report: Omit<ProofReport, "at">): void {
    const entry: ProofReport = { ...report, at: new Date().toISOString() };
    this.proofs.push(entry);
    const { log } = this.deps;
    if (entry.status === "proven") {
      this.lastError = null;
      log.info({ ...entry }, `fraud proven: batch ${entry.batch} (${entry.kind} at chunk ${entry.chunk}, position ${entry.position}) by ${entry.fn} in ${entry.l1TxHash}; reward ${entry.reward} wei to ${this.prover}`);
      return;
    }
    this.lastError = entry.error ?? entry.status;
    const retry = entry.status === "final" || (this.target?.attempts ?? ATTEMPTS) >= ATTEMPTS ? "" : "; trying once more on the next poll";
    log.error({ ...entry }, `fraud proof of batch ${entry.batch} ${entry.status === "reverted" ? `(${entry.fn}, ${entry.kind}) reverted: ${entry.error}` : `not sent: ${entry.error}`}${retry}`);
  }
}
