/**
 * `loft follow`: a follower that serves what it verified through the same read-only JSON-RPC and
 * explorer (HTTP API, page, /metrics) as the sequencer (sending a transaction to it is a clear
 * error), polling L1 every second. A mismatch is logged with its batch and field, shown in
 * /api/stats (`follower.mismatch`) and /metrics (`loft_follower_mismatch_batch`); the follower keeps
 * serving its verified head. A fraud proof on L1 (the rollup is frozen, docs/fraud-proofs.md §4)
 * is logged with the removed commit and shown in /api/stats (`follower.frozen`); it stops there.
 * With --challenge, a mismatch is proven wrong on L1 by the challenger (sequencer/fraud/challenger.ts),
 * shown in /api/stats (`follower.challenger`) and /metrics (loft_fraud_proofs_*).
 */
import { hexlify } from "ethers";
import type { Logger } from "pino";
import type { NodeConfig } from "../config/node-config.ts";
import { Mempool } from "../mempool/mempool.ts";
import { coreAccountReader } from "../node/core-account-reader.ts";
import { PeriodicTask } from "../node/periodic-task.ts";
import { RecentRejections } from "../node/recent-rejections.ts";
import { nodeMethods } from "../node/rpc-methods.ts";
import { resolveRollupChainId } from "../config/rollup-chain-id.ts";
import { loftDomain } from "../protocol/eip712.ts";
import { createRpcServer, type RpcServer } from "../rpc/index.ts";
import { mountExplorer, type Explorer } from "../explorer/mount-explorer.ts";
import { createNodeMetrics } from "../metrics/node-metrics.ts";
import { rpcMetricsHooks } from "../metrics/rpc-metrics-hooks.ts";
import type { PendingTransaction } from "../sealer/sealer-ports.ts";
import { startFollower, type RunningFollower } from "./start-follower.ts";
import type { FrozenRollup } from "./follower.ts";
import { Challenger } from "../fraud/challenger.ts";
import { escapeServices } from "../escape/escape-services.ts";
import { verifiedCore } from "./verified-state.ts";

/** The log line of a freeze: why, the escape batch, what is gone from L1, and what of it this follower had verified. */
function frozenMessage(frozen: FrozenRollup): string {
  const escape = `the rollup is frozen and escape is open at batch ${frozen.escapeBatch} (state root ${frozen.escapeStateRoot}): GET /api/escape/<address> or loft escape --address <address>`;
  if (frozen.cause === "inclusion") return `L1 queue message ${frozen.staleQueueIndex ?? "?"} waited past the inclusion window and freeze() was called (${frozen.l1TxHash}): ${escape}`;
  const removedVerified = (frozen.verifiedButRemoved ?? 0) > 0 ? `; ${frozen.verifiedButRemoved} batch(es) from ${frozen.removedFromBatch} that this follower verified are no longer on L1` : "";
  return `batch ${frozen.provenBatch} was proven wrong on L1 (kind ${frozen.kind}, ${frozen.l1TxHash}): commit ${frozen.removedCommit} (from batch ${frozen.removedFromBatch}) and every later one are removed; ${escape}${removedVerified}; the follower stops at batch ${(frozen.removedFromBatch ?? 1) - 1}`;
}

export interface FollowerService {
  running: RunningFollower;
  server: RpcServer;
  url: string;
  stop(): Promise<void>;
}

export async function runFollower(config: NodeConfig, log: Logger): Promise<FollowerService> {
  const metrics = createNodeMetrics();
  let challenger: Challenger | undefined;
  const running = await startFollower({
    l1Rpc: config.l1Rpc!, rollup: config.rollup!, dataDir: config.dataDir, confirmations: config.l1Confirmations, devAccounts: config.devAccounts,
    ...(config.signatureWorkers ? { signatureWorkers: config.signatureWorkers } : {}),
    onVerified: (number, transactions) => {
      metrics.followerHead.set(number);
      explorer?.activity.sealed({ number, at: Date.now(), txCount: transactions });
      explorer?.activity.statusChanged(number, "committed");
      log.debug({ batch: number, transactions }, "batch verified");
    },
    onMismatch: (mismatch, batch) => {
      challenger?.onMismatch(mismatch, batch);
      metrics.followerMismatchBatch.set({ field: mismatch.field }, mismatch.batch);
      log.error({ batch: mismatch.batch, field: mismatch.field, detail: mismatch.detail }, `batch ${mismatch.batch} does not verify (${mismatch.field}): the trusted head stays at ${mismatch.batch - 1}`);
    },
    onFrozen: (frozen) => log.error({ ...frozen }, frozenMessage(frozen)),
    onFinalized: (numbers) => {
      for (const number of numbers) explorer?.activity.statusChanged(number, "finalized");
      log.debug({ from: numbers[0], to: numbers.at(-1) }, "batches finalized");
    },
  });
  let explorer: Explorer | undefined;
  const { core, reader, follower } = running;
  const existing = follower.mismatch;
  metrics.followerHead.set(follower.head.number);
  if (existing) metrics.followerMismatchBatch.set({ field: existing.field }, existing.batch);
  if (existing) log.error({ ...existing }, `this data dir stopped at a mismatch in batch ${existing.batch} (${existing.field})`);
  if (follower.frozen) log.error({ ...follower.frozen }, `this data dir stopped at a fraud proof: ${frozenMessage(follower.frozen)}`);
  log.info({ head: follower.head.number, root: hexlify(follower.head.root) }, "follower resumed from its verified head");
  if (config.challenge) {
    challenger = new Challenger({
      provider: running.provider, rpcUrl: config.l1Rpc!, rollup: config.rollup!, deployBlock: running.deployBlock, domain: loftDomain(running.chainId, config.rollup!),
      follower, store: running.store, reader, key: config.challengerKey!, log, metrics,
    });
    log.info({ prover: challenger.prover }, `challenger on: a batch that does not verify is proven wrong on L1 from ${challenger.prover}`);
  }
  const served = verifiedCore(core, reader, () => follower.head); // never a batch whose signatures are not checked yet
  const escape = escapeServices({
    provider: running.provider, store: running.store, reader, rollup: config.rollup!, deployBlock: running.deployBlock, confirmations: config.l1Confirmations,
    genesisRecords: running.genesisRecords, genesisStateRoot: running.genesisStateRoot, log, servedHead: () => follower.head.number,
  });
  const mempool = new Mempool<PendingTransaction>(coreAccountReader(core)); // stays empty: a follower takes no transactions
  const rejections = new RecentRejections(1);
  const rollupChainId = resolveRollupChainId(config.chainId, undefined, running.chainId, `loft follow of ${config.rollup}`);
  const methods = nodeMethods({ core: served, reader, rejections, domain: loftDomain(running.chainId, config.rollup!), mempool, rollupChainId, genesisStateRoot: running.genesisStateRoot });
  let server: RpcServer;
  try {
    server = await createRpcServer({ host: config.host, port: config.port, maxConnections: config.maxConnections, maxPayloadBytes: config.maxMessageBytes, logger: log, metrics: rpcMetricsHooks(metrics) }, { methods });
  } catch (error) {
    await running.close();
    throw error;
  }
  let lastL1Success = Date.now();
  explorer = mountExplorer({
    server, reader, core: served, mempool, escape, frozen: () => follower.frozen ?? null, rejections, metrics,
    sealer: { get latest() { return follower.head; }, beingSealed: () => undefined },
    rollup: config.rollup!,
    sequencer: running.sequencer,
    l1Balance: () => running.provider.getBalance(running.sequencer),
    l1Receipt: (hash) => running.provider.getTransactionReceipt(hash),
    readiness: () => ({ serving: true, l1Reachable: Date.now() - lastL1Success < 30_000, verifying: follower.mismatch === undefined }),
    follower: () => ({ verifiedBatch: follower.head.number, mismatch: follower.mismatch ?? null, frozen: follower.frozen ?? null, ...(challenger ? { challenger: challenger.stats() } : {}) }),
  });
  const task = new PeriodicTask(async () => {
    try {
      await follower.poll();
      lastL1Success = Date.now();
    } finally {
      await challenger?.poll(); // never throws
    }
  }, 1_000, (error) => {
    log.warn({ err: error }, "follower round failed; retrying");
    return "continue";
  });
  task.start();
  escape.start();
  return {
    running, server, url: `ws://${config.host}:${server.port}/ws`,
    async stop() {
      await server.close();
      await task.stop();
      await escape.stop();
      await running.close();
    },
  };
}
