/**
 * The explorer's HTTP API (spec §4) on the node's uWS server. Limits are strict and bounded
 * (a page is at most 100 batches, 500 transactions or 100 history entries), so no request makes
 * the node read without bound. Encodings: see explorer-views.ts; routes: docs/explorer-api.md.
 */
import { getAddress, hexlify } from "ethers";
import type { LoftCore } from "../core/index.ts";
import type { NodeMetrics } from "../metrics/node-metrics.ts";
import { decodeAccountRecord, type AccountSource } from "../node/core-account-reader.ts";
import { jsonReply, type HttpReply, type RpcServer } from "../rpc/index.ts";
import { HistoryCursorError, type HistoryCursor, type HistoryEntry } from "../store/history-chains.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { batchChunks } from "./batch-chunks.ts";
import type { ChainStats } from "./chain-stats.ts";
import type { ExitClaims } from "./exit-claims.ts";
import { explorerRoute, notFound, type ExplorerHandler } from "./explorer-route.ts";
import { batchSummary, explorerAccount, explorerTransaction } from "./explorer-views.ts";
import { checkQuery, ExplorerRequestError, parseAddressParameter, parseHashParameter, parseHistoryCursor, parseInteger, queryInteger } from "./request-params.ts";
import type { L1QueueLookup } from "./l1-queue-lookup.ts";
import { findTransaction, queueMessageView, transactionTimeline, type TransactionSources } from "./transaction-lookup.ts";
import type { TransactionProofs } from "./transaction-proof.ts";
import { withdrawalsView } from "./withdrawal-views.ts";

export const LIMITS = { batches: 100, transactions: 500, history: 100, withdrawals: 100 } as const;
const MAX_BATCH = Number.MAX_SAFE_INTEGER;
const MAX_TX_INDEX = 65_535;

export interface ApiSources extends TransactionSources {
  reader: StoreReader;
  core: LoftCore;
  stats: ChainStats;
  proofs: TransactionProofs;
  exitClaims: ExitClaims;
  rollup: string;
  /** Finds the queue messages of an L1 transaction (search by a deposit's L1 hash); absent without L1 access. */
  l1Queue?: L1QueueLookup;
  /** The state root core.state.root() equals, as a batch number (latest sealed, or the one being written). */
  stateBatch(stateRoot: Uint8Array): number;
  /** The sequencer's durable account reads (node/core-account-reader.ts); absent, the WASM state as it is. */
  accounts?: AccountSource;
  /** The last durable batch while the WASM state runs ahead of it (then an account has no proof); undefined otherwise. */
  durableTip?(): { number: number; stateRoot: Uint8Array } | undefined;
  /** `?batch=N`: the account and its proof against stored batch N's state root (explorer/escape-routes.ts). */
  accountAt?(address: Uint8Array, batch: string): Promise<HttpReply>;
}

export function apiRoutes(sources: ApiSources): Record<string, ExplorerHandler> {
  const { reader, core } = sources;
  const batchNumber = (segment: string) => parseInteger(segment, "batch", MAX_BATCH);
  return {
    "/api/stats": async ({ query }) => {
      checkQuery(query, []);
      return jsonReply(await sources.stats.read());
    },
    "/api/batches": ({ query }) => {
      checkQuery(query, ["limit", "before"]);
      const limit = queryInteger(query, "limit", 20, LIMITS.batches, 1);
      const before = queryInteger(query, "before", (reader.latestSealed() ?? 0) + 1, MAX_BATCH);
      const batches = reader.batchesBefore(before, limit).map(batchSummary);
      const last = batches[batches.length - 1];
      const next = batches.length === limit && last && last.number > 1 ? last.number : null;
      return jsonReply({ batches, next: next === null ? null : { before: next } });
    },
    "/api/batches/:n": ({ parameters, query }) => {
      checkQuery(query, []);
      const record = reader.batch(batchNumber(parameters[0]!)) ?? notFound(`batch ${parameters[0]} not found`);
      return jsonReply({ ...batchSummary(record), chunks: batchChunks(reader, record) });
    },
    "/api/batches/:n/txs": ({ parameters, query }) => {
      checkQuery(query, ["offset", "limit"]);
      const number = batchNumber(parameters[0]!);
      const offset = queryInteger(query, "offset", 0, MAX_TX_INDEX);
      const limit = queryInteger(query, "limit", 100, LIMITS.transactions, 1);
      const record = reader.batch(number) ?? notFound(`batch ${number} not found`);
      const transactions = reader.batchTransactions(number, offset, limit).map((tx) => explorerTransaction(tx.hash, tx.record, { status: record.status, batch: tx.batch, index: tx.index }));
      return jsonReply({ batch: number, txCount: record.txCount, offset, transactions });
    },
    "/api/txs/:hash": async ({ parameters, query }) => {
      checkQuery(query, []);
      const hash = parseHashParameter(parameters[0]!);
      const found = findTransaction(sources, hash);
      if (!found) {
        // not an L2 hash: maybe the L1 transaction of a deposit or full exit
        const queued = sources.l1Queue ? await sources.l1Queue.find(hexlify(hash)) : [];
        if (queued.length === 0) notFound(`transaction ${hexlify(hash)} not found (neither on L2 nor an L1 deposit or full exit of this rollup)`);
        return jsonReply(queueMessageView(sources, hexlify(hash), queued));
      }
      const { batch, index } = found.place;
      const proof = batch !== undefined && index !== undefined ? sources.proofs.proof(batch, index) : undefined;
      return jsonReply({ ...explorerTransaction(hash, found.record, found.place), timeline: transactionTimeline(sources, batch, found.submittedAt), ...(proof ? { proof } : {}) });
    },
    "/api/accounts/:address": ({ parameters, query }) => {
      checkQuery(query, sources.accountAt ? ["batch"] : []);
      const address = parseAddressParameter(parameters[0]!);
      if (sources.accountAt && query.has("batch")) return sources.accountAt(address, query.get("batch")!); // against batch N's state root (escape-routes.ts)
      const behind = sources.durableTip?.();
      if (behind) {
        // the executor is ahead of the disk: the durable balance and nonce, at the durable batch, without a proof (ask again in a moment)
        const found = sources.accounts?.get(address);
        return jsonReply({ ...explorerAccount(address, found?.index, found?.balance ?? 0n, found?.nonce ?? 0), proof: null, stateRoot: hexlify(behind.stateRoot), stateBatch: behind.number });
      }
      const index = core.state.indexOf(address);
      const stateRoot = core.state.root();
      if (index < 0) return jsonReply({ ...explorerAccount(address, undefined, 0n, 0), proof: null, stateRoot: hexlify(stateRoot), stateBatch: sources.stateBatch(stateRoot) });
      const { balance, nonce } = decodeAccountRecord(core.state.account(index));
      const { branch, length } = core.state.accountProof(index);
      return jsonReply({
        ...explorerAccount(address, index, balance, nonce),
        stateRoot: hexlify(stateRoot),
        stateBatch: sources.stateBatch(stateRoot),
        proof: { index, length, branch: branch.map((node) => hexlify(node)) },
      });
    },
    "/api/accounts/:address/txs": ({ parameters, query }) => {
      checkQuery(query, ["limit", "before"]);
      const address = parseAddressParameter(parameters[0]!);
      const limit = queryInteger(query, "limit", 50, LIMITS.history, 1);
      const before = query.has("before") ? parseHistoryCursor(query.get("before")!) : undefined;
      return jsonReply({ address: getAddress(hexlify(address)), ...historyPage(reader, address, limit, before) });
    },
    "/api/withdrawals/:address": ({ parameters, query }) => {
      checkQuery(query, ["limit"]);
      const address = parseAddressParameter(parameters[0]!);
      const limit = queryInteger(query, "limit", 50, LIMITS.withdrawals, 1);
      return jsonReply({ withdrawals: withdrawalsView(reader, sources.exitClaims, sources.rollup, address, limit) });
    },
  };
}

/**
 * One page of an address's history as explorer transactions (the walk already read their
 * records), and the cursor of the next page: one entry more is walked, so `next` is null exactly
 * when nothing older exists.
 */
function historyPage(reader: StoreReader, address: Uint8Array, limit: number, before?: HistoryCursor) {
  let entries: HistoryEntry[];
  try {
    entries = reader.addressHistory(address, limit + 1, before);
  } catch (error) {
    if (error instanceof HistoryCursorError) throw new ExplorerRequestError("before", `before: ${error.message}`);
    throw error;
  }
  const page = entries.slice(0, limit);
  const last = page[page.length - 1];
  const transactions = page.map(({ batch, index, hash, record }) => explorerTransaction(hash, record, { status: reader.batch(batch)?.status ?? "sealed", batch, index }));
  return { transactions, next: entries.length > limit && last ? { before: `${last.batch}:${last.index}` } : null };
}

export function registerApiRoutes(server: RpcServer, sources: ApiSources, metrics?: NodeMetrics): void {
  for (const [pattern, handler] of Object.entries(apiRoutes(sources))) server.get(pattern, explorerRoute(pattern, handler, metrics));
}
