/**
 * The Loft node: builds every module in dependency order (storage and recovery, WASM state,
 * mempool, signature pool, L1 watcher and poster, sealer, WebSocket server) and stops them in
 * reverse: intake first, then a last seal and flush, then L1, workers and storage.
 */
import { hexlify, Wallet } from "ethers";
import type { Logger } from "pino";
import { loadCore } from "../core/index.ts";
import { mountExplorer } from "../explorer/mount-explorer.ts";
import type { NodeConfig } from "../config/node-config.ts";
import { BatchPoster } from "../l1/batch-poster.ts";
import { L1Rpc } from "../l1/l1-rpc.ts";
import { QueueWatcher } from "../l1/queue-watcher.ts";
import { createNodeMetrics, type NodeMetrics } from "../metrics/node-metrics.ts";
import { PipelineObserver } from "../metrics/pipeline-observer.ts";
import { rpcMetricsHooks } from "../metrics/rpc-metrics-hooks.ts";
import { Mempool } from "../mempool/mempool.ts";
import { DropReason } from "../mempool/rejection-reason.ts";
import { domainSeparator, loftDomain } from "../protocol/eip712.ts";
import { createRpcServer, type RpcServer } from "../rpc/index.ts";
import { readTip } from "../sealer/batch-tip.ts";
import { Sealer } from "../sealer/sealer.ts";
import type { PendingTransaction, SealedBatchEvent } from "../sealer/sealer-ports.ts";
import { RecoveryBatcher } from "../signatures/recovery-batcher.ts";
import { SignaturePool } from "../signatures/signature-pool.ts";
import { writeGenesisIfNew } from "../store/genesis-writer.ts";
import { openStore } from "../store/store.ts";
import { StoreReader } from "../store/store-reader.ts";
import { coreAccountReader, DurableAccounts } from "./core-account-reader.ts";
import { CHALLENGE_WINDOW_KEY } from "./deployment-record.ts";
import { IntakeStatus } from "./intake-status.ts";
import { L1Progress, latestBatchWait } from "./l1-progress.ts";
import { newHeadView } from "../eth/eth-views.ts";
import { gasPriceOf, NO_MINIMUM_FEE } from "../eth/fee-source.ts";
import { batchView } from "./json-views.ts";
import type { L1Setup } from "./l1-setup.ts";
import { l1TaskErrorHandler } from "./l1-task-errors.ts";
import { PeriodicTask } from "./periodic-task.ts";
import { ReceiptNotifier } from "./receipt-notifier.ts";
import { RecentRejections } from "./recent-rejections.ts";
import { nodeMethods } from "./rpc-methods.ts";
import { withFeeMethods } from "../fees/fee-methods.ts";
import { createNodeFees } from "../fees/node-fees.ts";
import { admitTransactions, storageFaultRpcError } from "./transaction-intake.ts";
import { isStorageFault } from "../store/storage-fault.ts";
import { escapeServices } from "../escape/escape-services.ts";
import { frozenError, frozenText } from "../escape/freeze-watch.ts";

/**
 * Commits sent and not yet mined, at most. The poster sends once per second, so this bounds L1
 * posting at this many batches per second: 4 (about 6,000 tx/s at 1,500 transactions per batch)
 * fell behind the sealer. 16 is geth's default of executable transactions per sender.
 */
const POSTER_MAX_IN_FLIGHT = 16;

export class RecoveryMismatchError extends Error {
  override name = "RecoveryMismatchError";
}

export interface LoftNode {
  server: RpcServer;
  /** Reads of the node's storage (explorer, claims). */
  reader: StoreReader;
  url: string;
  latestBatch(): number;
  /** The node's Prometheus metrics (also served at /metrics). */
  metrics: NodeMetrics;
  /** Resolves when the node stopped (by stop() or a fatal error); with the error if fatal. */
  stopped: Promise<Error | undefined>;
  stop(): Promise<void>;
}

export async function startNode(config: NodeConfig, l1: L1Setup, log: Logger): Promise<LoftNode> {
  const store = await openStore({ dir: config.dataDir, identity: { chainId: l1.chainId, rollup: l1.rollup, genesisRoot: hexlify(l1.genesisStateRoot) }, batchWriterThread: true });
  const cleanups: (() => Promise<unknown>)[] = [() => store.close()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log.error({ err: error }, "while stopping"));
    cleanups.length = 0;
  };
  // a full disk stops intake (reads go on) until writes succeed again: said once each way
  if (store.health.fault) log.warn(`${store.health.fault.detail}: the node starts, serves reads and takes no transactions until space is freed`);
  store.health.onChange((fault) => {
    if (fault) log.error({ detail: fault.detail }, `${fault.message}: intake stopped, reads still served; writes are retried every second`);
    else log.info("storage takes writes again: intake resumed");
  });
  try {
    await writeGenesisIfNew(store, l1.genesisRecords);
    // kept for a start while L1 is unreachable (chain-setup.ts starts from the data dir then)
    if (store.buckets.meta.get(CHALLENGE_WINDOW_KEY) !== l1.challengeWindowSeconds) await store.writeDurably(() => store.buckets.meta.put(CHALLENGE_WINDOW_KEY, l1.challengeWindowSeconds));
    const reader = new StoreReader(store);
    const core = await loadCore();
    if (process.env.LOFT_UNSAFE_NO_INTERMEDIATE_ROOTS === "1") {
      // bench/tps/compare-roots.ts only: measures what the roots cost; every batch is then provably wrong
      if (l1.chainId !== 31337n) throw new Error("LOFT_UNSAFE_NO_INTERMEDIATE_ROOTS=1 is for benchmarks on a local devnet (chain id 31337) only");
      log.warn("LOFT_UNSAFE_NO_INTERMEDIATE_ROOTS=1: batches carry zero chunk state roots (a benchmark mode; any follower proves them wrong)");
      core.executor.setIntermediateRoots(false);
    }
    const started = performance.now();
    core.state.load(reader.allAccounts());
    const tip = readTip(reader, l1.genesisStateRoot);
    if (hexlify(core.state.root()) !== hexlify(tip.stateRoot)) {
      throw new RecoveryMismatchError(`stored accounts give state root ${hexlify(core.state.root())}, but batch ${tip.number} says ${hexlify(tip.stateRoot)}`);
    }
    log.info({ batch: tip.number, accounts: core.state.count, ms: Math.round(performance.now() - started) }, "state recovered from storage");

    const domain = loftDomain(l1.chainId, l1.rollup);
    const separator = domainSeparator(domain);
    const rejections = new RecentRejections();
    const metrics = createNodeMetrics();
    const observer = new PipelineObserver<PendingTransaction>(metrics);
    const mempool = new Mempool<PendingTransaction>(coreAccountReader(core), {
      maxTransactions: config.mempoolMax,
      nonceWindow: config.mempoolFutureNonces,
      futureLifetimeMs: config.mempoolFutureLifetime * 1000,
      maxPendingPerSender: config.mempoolMaxPerSender,
      ordering: config.mempoolOrdering,
      onDrop: (tx, reason) => {
        if (reason === DropReason.rejected) return; // announced with the executor's exact reason
        observer.rejected("dropped", reason);
        rejections.add(hexlify(tx.hash), tx.record, reason);
        notifier?.rejected(tx.hash, reason, tx.receiptsTo);
      },
    });
    const pool = new SignaturePool({ separator, ...(config.signatureWorkers ? { workers: config.signatureWorkers } : {}) });
    cleanups.push(() => pool.close());
    const batcher = new RecoveryBatcher(pool); // coalesces single JSON-RPC transactions and small frames
    const recover = (records: Uint8Array, count: number) => batcher.recover(records, count);

    // every L1 request goes through one failover over the --l1-rpc URLs (l1-rpc.ts); an outage is logged once each way
    const l1Rpc = new L1Rpc(l1.rpcUrl, { log, timeoutMs: config.l1TimeoutMs, onOutcome: (outcome) => metrics.l1Requests.inc({ outcome }), onReachable: (up) => metrics.l1Reachable.set(up ? 1 : 0) });
    metrics.l1Reachable.set(1);
    const provider = l1Rpc.provider(l1.chainId);
    cleanups.push(async () => provider.destroy());
    const watcher = new QueueWatcher(provider, store, { rollup: l1.rollup, confirmations: config.l1Confirmations, startBlock: l1.deployBlock, log });
    const sealer = new Sealer({ core, store, mempool, queue: watcher, tip }, { batchMaxTxs: config.batchMaxTxs, maxBatchBytes: config.maxBatchBytes });
    // reads show only what is durable: no batch past the last one flushed, no account change of a batch still being written
    reader.limitTo(() => sealer.latest.number);
    const accounts = new DurableAccounts(core, store, () => sealer.pendingBatches());
    sealer.observePending(accounts);
    cleanups.push(async () => accounts.close()); // its read snapshot, before the store closes
    const poster = new BatchPoster(provider, new Wallet(hexlify(l1.sequencerKey), provider), store, reader, {
      rollup: l1.rollup, confirmations: config.l1Confirmations, maxInFlight: POSTER_MAX_IN_FLIGHT, replaceAfterBlocks: 10, maxCommitDelayMs: config.maxCommitDelay,
      deployBlock: l1.deployBlock, log, metrics, sendRaw: (raw) => l1Rpc.post("eth_sendRawTransaction", [raw], 30_000),
      keccak256: (data) => core.hashing.keccak256(data),
    }, (number, status, l1TxHash) => {
      notifier.batchStatus(number, status, l1TxHash);
      const record = reader.batch(number);
      explorer.activity.statusChanged(number, status);
      observer.statusChanged(record, status);
      if (record) server.publish("newBatches", batchView(record));
    });

    let resolveStopped!: (error: Error | undefined) => void;
    const stopped = new Promise<Error | undefined>((resolve) => (resolveStopped = resolve));
    let stopping: Promise<void> | undefined;
    const fatal = (what: string) => (error: unknown): "stop" => {
      log.fatal({ err: error }, `${what} failed: the node stops`);
      void stopNode(error as Error);
      return "stop";
    };
    // One batch per interval; another at once only while a full batch is waiting (sealing whatever
    // arrived during the previous seal would make tiny batches under steady load). The next batch
    // executes while the previous one is written; at most two are in flight.
    const sealTask: PeriodicTask = new PeriodicTask(async () => {
      mempool.expireFutures(); // future nonces whose gap stayed open too long (reported "rejected", reason "expired: …")
      if (sealer.storageFault) {
        // a batch write the disk refused: its batches wait in memory, retried once a second, announced once written
        for (const event of await sealer.retryWrites()) announce(event);
        if (sealer.storageFault) return;
      } else if (store.health.fault) await store.probeWrites().catch(() => {}); // only other writes failed: is the disk back?
      const writing: Promise<void>[] = [];
      try {
        do {
          const started = performance.now();
          const next = sealer.sealNext();
          if (!next) break;
          const announced = next.written.then((event) => announce(event, (performance.now() - started) / 1000));
          announced.catch(() => {}); // awaited below
          writing.push(announced);
          if (writing.length >= 2) await writing.shift();
        } while (mempool.counts.ready >= sealer.fullBatchTransactions);
      } finally {
        await Promise.all(writing);
      }
    }, config.batchIntervalMs, (error) => (isStorageFault(error) ? "continue" : fatal("sealing")(error)));
    // L1 failures never stop intake or sealing: only a conflict with L1 stops the node (l1-task-errors.ts); the rest retries with backoff
    const stopOnConflict = (what: string, error: unknown) => fatal(what)(error);
    const watchTask = new PeriodicTask(async () => {
      if ((await watcher.poll()).length > 0) sealTask.poke();
    }, 1_000, l1TaskErrorHandler("watcher", log, stopOnConflict, metrics));
    const postTask = new PeriodicTask(() => poster.tick(), 1_000, l1TaskErrorHandler("poster", log, stopOnConflict, metrics));
    // an L1 that mines no blocks (a plain Hardhat node's automine) leaves the last commit unconfirmed: logged, and /readyz fails l1Advancing (l1-progress.ts)
    const l1Progress = new L1Progress(config.l1StallSeconds * 1000);
    const progressTask = new PeriodicTask(async () => {
      const latest = reader.latestSealed();
      const wait = latestBatchWait(latest === undefined ? undefined : reader.batch(latest), config.maxCommitDelay, config.l1Confirmations);
      const change = l1Progress.observe(await provider.getBlockNumber(), wait, Date.now());
      if (change && "stalled" in change) log.warn(change.stalled.replace("L1_URL", l1.rpcUrl));
      else if (change) log.info(change.resumed);
    }, 1_000, () => "continue"); // an L1 that does not answer is l1Reachable's to report
    metrics.observeHeights(() => ({ sealed: sealer.latest.number, committed: poster.committedUpTo, finalized: poster.finalizedUpTo }));

    // the escape hatch (sequencer/escape/): once the Rollup is frozen, sealing and posting stop and intake refuses; reads go on
    const escape = escapeServices({
      provider, store, reader, rollup: l1.rollup, deployBlock: l1.deployBlock, confirmations: config.l1Confirmations,
      genesisRecords: l1.genesisRecords, genesisStateRoot: l1.genesisStateRoot, log, servedHead: () => reader.latestSealed() ?? 0,
      onFrozen: async (frozen) => {
        log.error({ ...frozen }, `${frozenText(frozen)}; sealing and posting stop, reads and escape proofs are still served`);
        await Promise.all([sealTask.stop(), postTask.stop()]);
      },
    });

    const announce = (event: SealedBatchEvent<PendingTransaction>, sealSeconds?: number) => {
      for (const { tx, reason } of event.rejected) {
        observer.rejected("execution", reason);
        rejections.add(hexlify(tx.hash), tx.record, reason);
        notifier.rejected(tx.hash, reason, tx.receiptsTo);
      }
      notifier.sealed(event.number, event.included.map((tx, i) => ({ hash: tx.hash, index: event.queueMessages + i, connection: tx.receiptsTo })));
      const record = reader.batch(event.number);
      if (record) {
        const latencySeconds = observer.sealed(record, event.included, sealSeconds);
        explorer.activity.sealed({ number: event.number, at: record.sealedAt, txCount: record.txCount, latencySeconds });
        server.publish("newBatches", batchView(record));
        server.publish("newHeads", newHeadView(record, gasPriceOf(fees)));
      }
      log.debug({ batch: event.number, txs: event.included.length, rejected: event.rejected.length, queue: event.queueMessages, dataBytes: event.data.length }, "batch sealed");
    };

    // the fee floor, the state-size guard and the admission rates (issue 15, sequencer/fees); the L1 base fee is read every second
    const nodeFees = createNodeFees(config, core.state, mempool, provider);
    nodeFees.registerMetrics(metrics.registry);
    await nodeFees.refresh().catch((error) => log.warn({ err: error }, "could not read the L1 base fee: fees are priced at --fee-min-gas-price until it answers"));
    const feeTask = new PeriodicTask(() => nodeFees.refresh(), 1_000, () => "continue");
    const fees = nodeFees.feeSource;
    const admit = async (records: Uint8Array, count: number, connectionId: number | undefined) => {
      if (escape.frozen()) return { statuses: new Uint8Array(count).fill(IntakeStatus.rollupFrozen), hashes: new Uint8Array(count * 32) };
      const onAccepted = (tx: PendingTransaction) => {
        observer.accepted(tx);
        tx.receiptsTo = connectionId;
      };
      const result = await admitTransactions({ core, separator, mempool, recover, onAccepted, policy: nodeFees.policy, connectionLimit: nodeFees.connectionLimit, storageFault: () => store.health.fault }, records, count, connectionId);
      observer.admitted(result.statuses);
      if (mempool.counts.ready >= sealer.fullBatchTransactions) sealTask.poke();
      return result;
    };
    const server: RpcServer = await createRpcServer(
      { host: config.host, port: config.port, maxPayloadBytes: config.maxMessageBytes, maxBatchLength: config.maxRpcBatch, maxConnections: config.maxConnections, logger: log, metrics: rpcMetricsHooks(metrics) },
      {
        methods: withFeeMethods(nodeFees.schedule, nodeMethods({
          core, reader, mempool, sealer, rejections, domain, fees, accounts,
          genesisStateRoot: l1.genesisStateRoot,
          ...(l1.rollupChainId !== undefined ? { rollupChainId: l1.rollupChainId } : {}),
          admit: async (record, connectionId) => {
            if (escape.frozen()) throw frozenError(escape.frozen()!);
            const admitted = await admit(record, 1, connectionId);
            const { statuses, hashes, fault } = admitted;
            if (fault) throw storageFaultRpcError(fault);
            return { status: statuses[0] as IntakeStatus, hash: hashes.subarray(0, 32), message: "messages" in admitted ? admitted.messages?.[0] : undefined };
          },
        })),
        onBinaryTransactions: async (records, count, context) => (await admit(records, count, context.connection.id)).statuses,
      },
    );
    const notifier = new ReceiptNotifier(server);
    cleanups.push(() => server.close());
    const sequencerAddress = new Wallet(hexlify(l1.sequencerKey)).address;
    const explorer = mountExplorer({
      server, reader, core, mempool, sealer, rejections, metrics, accounts,
      rollup: l1.rollup,
      admission: nodeFees.stats,
      sequencer: sequencerAddress,
      l1Balance: () => provider.getBalance(sequencerAddress),
      l1Receipt: (hash) => provider.getTransactionReceipt(hash),
      challengeWindowSeconds: l1.challengeWindowSeconds,
      escape, frozen: () => escape.frozen() ?? null,
      readiness: () => ({ serving: stopping === undefined, l1Reachable: l1Rpc.reachable && l1Rpc.msSinceAnswer < 30_000, l1Advancing: !l1Progress.stalled, storageWritable: !store.health.fault }),
    });

    const stopNode = (error?: Error) => {
      stopping ??= (async () => {
        await server.close().catch(() => {}); // intake first
        await Promise.all([watchTask.stop(), feeTask.stop(), postTask.stop(), escape.stop(), progressTask.stop()]);
        await sealTask.stop();
        if (!error && !escape.frozen()) {
          let event;
          while ((event = await sealer.sealOnce().catch((e) => log.error({ err: e }, "last seal failed")))) announce(event);
        }
        if (sealer.storageFault) {
          const refused = sealer.pendingBatches();
          log.warn({ batches: refused.map((batch) => batch.number) }, `stopping while the storage refuses writes: ${refused.length} executed batch(es) were never written and are dropped (their transactions were never reported sealed)`);
        }
        await cleanUp();
        resolveStopped(error);
      })();
      return stopping;
    };
    await escape.checkNow(); // a Rollup frozen already: nothing is sealed or posted at all
    sealTask.start();
    watchTask.start();
    feeTask.start();
    progressTask.start();
    postTask.start();
    escape.start();
    const url = `ws://${config.host}:${server.port}/ws`;
    return { server, reader, metrics, url, latestBatch: () => sealer.latest.number, stopped, stop: () => stopNode() };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
