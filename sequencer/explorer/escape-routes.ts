/**
 * The escape hatch over HTTP (docs/explorer-api.md "Escape"), from this node's own stored batches
 * and the Rollup's state on L1:
 * - `GET /api/escape`: whether the rollup is frozen, the escape batch, its queueCount and state
 *   root, and every deposit no final batch processed with its `reclaimDeposit` calldata and
 *   whether it was reclaimed (`offset`, `limit`).
 * - `GET /api/escape/:address`: that account's balance in the escape batch's state with its Merkle
 *   proof and the exact `escape` calldata, whether it already escaped (and in which L1
 *   transaction), and the deposits it made that it may reclaim.
 * - `GET /api/accounts/:address?batch=N`: the account and its proof against stored batch N's
 *   state root (api-routes.ts hands it here); the escape batch is one such N.
 * Proofs come from escape/state-at-batch.ts (the state replayed from stored batches); before a
 * freeze `/api/escape/:address` answers what an escape would pay at `lastFinalBatch()` now, with
 * no calldata (escape reverts RollupNotFrozen).
 */
import { getAddress, hexlify, type JsonRpcProvider } from "ethers";
import { jsonReply, type HttpReply } from "../rpc/index.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { readEscapeHatch, type EscapeHatchState } from "../escape/escape-hatch.ts";
import { accountProofIn, escapeClaimIn, isEscaped, unprocessedDeposits, type DepositReclaim } from "../escape/escape-claims.ts";
import type { L1Payouts } from "../escape/l1-payouts.ts";
import type { StateAtBatch } from "../escape/state-at-batch.ts";
import { lastFinalBatch } from "../follower/follower-finality.ts";
import { notFound, type ExplorerHandler } from "./explorer-route.ts";
import { checkQuery, ExplorerRequestError, parseAddressParameter, parseInteger, queryInteger } from "./request-params.ts";

export interface EscapeSources {
  provider: JsonRpcProvider;
  rollup: string;
  reader: Pick<StoreReader, "batch" | "batchTransactions" | "latestSealed">;
  states: StateAtBatch;
  payouts?: Pick<L1Payouts, "escaped" | "reclaimed">;
  /** The last batch this node serves proofs for (a follower: its verified head). */
  servedHead(): number;
}

const HATCH_TTL_MS = 2_000;
const MAX_BATCH = Number.MAX_SAFE_INTEGER;

export class EscapeRoutes {
  private hatch: { state: EscapeHatchState; readAt: number } | undefined;
  /** The unprocessed deposits, read from L1 at most every HATCH_TTL_MS however many requests ask. */
  private deposits: { list: Promise<DepositReclaim[]>; readAt: number } | undefined;

  constructor(private readonly sources: EscapeSources) {}

  routes(): Record<string, ExplorerHandler> {
    return {
      "/api/escape": async ({ query }) => {
        checkQuery(query, ["offset", "limit"]);
        const offset = queryInteger(query, "offset", 0, MAX_BATCH);
        const limit = queryInteger(query, "limit", 100, 500, 1);
        const hatch = await this.readHatch();
        const deposits = hatch.frozen ? await this.readDeposits(hatch) : [];
        return jsonReply({ ...this.hatchView(hatch), depositCount: deposits.length, offset, deposits: deposits.slice(offset, offset + limit).map((d) => this.depositView(d)) });
      },
      "/api/escape/:address": async ({ parameters, query }) => {
        checkQuery(query, []);
        const address = parseAddressParameter(parameters[0]!);
        return jsonReply(await this.accountEscape(address));
      },
    };
  }

  /** `/api/accounts/:address?batch=N`. */
  async accountAt(address: Uint8Array, batchParameter: string): Promise<HttpReply> {
    const batch = parseInteger(batchParameter, "batch", MAX_BATCH);
    const record = batch === 0 ? undefined : this.sources.reader.batch(batch);
    if (batch !== 0 && !record) notFound(`batch ${batch} not found`);
    this.requireServed(batch, "batch");
    const { proof, stateRoot } = await this.sources.states.read(batch, (state) => ({ proof: accountProofIn(state, address), stateRoot: hexlify(state.stateRoot) }));
    return jsonReply({
      address: getAddress(hexlify(address)), batch, status: record?.status ?? "finalized", stateRoot,
      ...(proof ? { index: proof.index, balance: proof.balance.toString(), nonce: proof.nonce, proof: { index: proof.index, length: proof.length, branch: proof.branch } } : { index: null, balance: "0", nonce: 0, proof: null }),
    });
  }

  private async accountEscape(address: Uint8Array) {
    const { provider, rollup, payouts } = this.sources;
    const hatch = await this.readHatch();
    const batch = hatch.frozen ? hatch.escapeBatch : await lastFinalBatch(provider, rollup, "latest");
    this.requireServed(batch, hatch.frozen ? "escape batch" : "last final batch");
    const claim = await this.sources.states.read(batch, (state) => ({ claim: escapeClaimIn(state, address), stateRoot: hexlify(state.stateRoot) }));
    if (hatch.frozen && claim.stateRoot !== hatch.escapeStateRoot) throw new Error(`the stored escape batch ${batch} has state root ${claim.stateRoot}, the Rollup's is ${hatch.escapeStateRoot}`);
    const account = claim.claim?.account;
    const escaped = hatch.frozen && account ? await isEscaped(provider, rollup, account.index) : false;
    const payout = account ? payouts?.escaped(account.index) : undefined;
    const depositor = getAddress(hexlify(address));
    const deposits = hatch.frozen ? (await this.readDeposits(hatch)).filter((d) => d.depositor === depositor) : [];
    return {
      ...this.hatchView(hatch),
      address: getAddress(hexlify(address)),
      batch, stateRoot: claim.stateRoot,
      account: account ? { index: account.index, balance: account.balance.toString(), nonce: account.nonce, proof: { index: account.index, length: account.length, branch: account.branch } } : null,
      escaped: escaped ? { l1TxHash: payout?.l1TxHash ?? null, l1Block: payout?.l1Block ?? null } : null,
      escape: hatch.frozen && !escaped && claim.claim?.calldata ? { to: getAddress(rollup), data: claim.claim.calldata, value: "0" } : null,
      deposits: deposits.map((d) => this.depositView(d)),
    };
  }

  private hatchView(hatch: EscapeHatchState) {
    return hatch.frozen
      ? { frozen: true, escapeBatch: hatch.escapeBatch, escapeQueueCount: hatch.escapeQueueCount, escapeStateRoot: hatch.escapeStateRoot, frozenAt: hatch.frozenAt }
      : { frozen: false, escapeBatch: null, escapeQueueCount: null, escapeStateRoot: null, frozenAt: null };
  }

  private depositView(d: DepositReclaim) {
    const payout = this.sources.payouts?.reclaimed(d.queueIndex);
    return {
      queueIndex: d.queueIndex, depositor: d.depositor, to: d.to, amount: d.amount.toString(),
      reclaimed: d.reclaimed ? { l1TxHash: payout?.l1TxHash ?? null, l1Block: payout?.l1Block ?? null } : null,
      reclaim: d.reclaimed ? null : { to: getAddress(this.sources.rollup), data: d.calldata, value: "0" },
    };
  }

  private requireServed(batch: number, what: string): void {
    const head = this.sources.servedHead();
    if (batch > head) throw new ExplorerRequestError("batch", `the ${what} is ${batch}, but this node has ${head} batches verified and stored: retry once it has caught up`, 503);
  }

  private readDeposits(hatch: EscapeHatchState): Promise<DepositReclaim[]> {
    const cached = this.deposits;
    if (cached && Date.now() - cached.readAt < HATCH_TTL_MS) return cached.list;
    const list = unprocessedDeposits(this.sources.provider, this.sources.rollup, hatch);
    this.deposits = { list, readAt: Date.now() };
    list.catch(() => (this.deposits = undefined)); // an L1 error is not cached
    return list;
  }

  /** The escape hatch, read from L1 at most every HATCH_TTL_MS (for good once frozen: it never thaws). */
  private async readHatch(): Promise<EscapeHatchState> {
    const cached = this.hatch;
    if (cached && (cached.state.frozen || Date.now() - cached.readAt < HATCH_TTL_MS)) return cached.state;
    const state = await readEscapeHatch(this.sources.provider, this.sources.rollup);
    this.hatch = { state, readAt: Date.now() };
    return state;
  }
}
