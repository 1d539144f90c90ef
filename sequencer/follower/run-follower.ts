/**
 * `loft follow`: a follower that serves what it verified through the same read-only JSON-RPC as the
 * sequencer (sending a transaction to it is a clear error), polling L1 every second. A mismatch is
 * logged with its batch and field; the follower keeps serving its verified head.
 */
import { hexlify } from "ethers";
import type { Logger } from "pino";
import type { NodeConfig } from "../config/node-config.ts";
import { Mempool } from "../mempool/mempool.ts";
import { coreAccountReader } from "../node/core-account-reader.ts";
import { PeriodicTask } from "../node/periodic-task.ts";
import { RecentRejections } from "../node/recent-rejections.ts";
import { nodeMethods } from "../node/rpc-methods.ts";
import { loftDomain } from "../protocol/eip712.ts";
import { createRpcServer, type RpcServer } from "../rpc/index.ts";
import type { PendingTransaction } from "../sealer/sealer-ports.ts";
import { startFollower, type RunningFollower } from "./start-follower.ts";

export interface FollowerService {
  running: RunningFollower;
  server: RpcServer;
  url: string;
  stop(): Promise<void>;
}

export async function runFollower(config: NodeConfig, log: Logger): Promise<FollowerService> {
  const running = await startFollower({
    l1Rpc: config.l1Rpc!, rollup: config.rollup!, dataDir: config.dataDir, confirmations: config.l1Confirmations, devAccounts: config.devAccounts,
    ...(config.signatureWorkers ? { signatureWorkers: config.signatureWorkers } : {}),
    onVerified: (number, transactions) => log.debug({ batch: number, transactions }, "batch verified"),
    onMismatch: (mismatch) => log.error({ batch: mismatch.batch, field: mismatch.field, detail: mismatch.detail }, `batch ${mismatch.batch} does not verify (${mismatch.field}): the trusted head stays at ${mismatch.batch - 1}`),
  });
  const { core, reader, follower } = running;
  const existing = follower.mismatch;
  if (existing) log.error({ ...existing }, `this data dir stopped at a mismatch in batch ${existing.batch} (${existing.field})`);
  log.info({ head: follower.head.number, root: hexlify(follower.head.root) }, "follower resumed from its verified head");
  const methods = nodeMethods({
    core, reader, rejections: new RecentRejections(1), domain: loftDomain(running.chainId, config.rollup!),
    mempool: new Mempool<PendingTransaction>(coreAccountReader(core)), // stays empty: a follower takes no transactions
  });
  let server: RpcServer;
  try {
    server = await createRpcServer({ host: config.host, port: config.port, maxConnections: config.maxConnections, maxPayloadBytes: config.maxMessageBytes, logger: log }, { methods });
  } catch (error) {
    await running.close();
    throw error;
  }
  const task = new PeriodicTask(() => follower.poll(), 1_000, (error) => {
    log.warn({ err: error }, "follower round failed; retrying");
    return "continue";
  });
  task.start();
  return {
    running, server, url: `ws://${config.host}:${server.port}/ws`,
    async stop() {
      await server.close();
      await task.stop();
      await running.close();
    },
  };
}
