/**
 * Sends a signed workload to a node over N connections, paced at a rate or as fast as the node
 * answers (a window of frames in flight per connection), for a duration or until the workload
 * is exhausted, then waits for the replies and the `sealed` receipts of what was accepted.
 * Each sender's transactions all go through one connection, in nonce order.
 */
import { HeadWatcher, HttpLoadConnection } from "./http-load-connection.ts";
import { LoadConnection, type SendMode } from "./load-connection.ts";
import { TxTracker } from "./tx-tracker.ts";
import type { SignedWorkload } from "./signed-workload.ts";

export interface LoadOptions {
  url: string;
  mode: SendMode;
  connections: number;
  /** Transactions per second over all connections; 0 = as fast as the node replies. */
  rate: number;
  durationMs: number;
  /** Transactions per frame (binary frame or JSON-RPC batch). */
  frameTxs: number;
  /** Max mode: frames in flight per connection. */
  window: number;
  /** Rate mode: transactions awaiting their reply per connection before the generator holds back (below the node's per-connection limit). */
  maxInFlightTxs: number;
  /** Sent first and waited for (replies and seals) before the clock starts; not counted. */
  warmupTxs: number;
  /** Waiting for the last receipts after sending stops. */
  drainTimeoutMs: number;
  onTick?: (tracker: TxTracker, elapsedMs: number) => void;
  /** Called once when sending stops (CPU readings of the send window). */
  onSendEnd?: () => void;
}

export interface LoadResult {
  tracker: TxTracker;
  startedAt: number;
  sendEndedAt: number;
  drainedAt: number;
  /** Rate mode: ticks at which a connection was more than two frames behind its schedule (the node did not keep up with the offered rate). */
  generatorBehind: number;
}

/** The transaction indices of each connection, in workload order (sender i mod connections). */
export function splitByConnection(senders: Uint32Array, connections: number): Uint32Array[] {
  const lists = Array.from({ length: connections }, () => [] as number[]);
  senders.forEach((sender, i) => lists[sender % connections]!.push(i));
  return lists.map((list) => Uint32Array.from(list));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(workload: SignedWorkload, requests: string[] | undefined, options: LoadOptions): Promise<LoadResult> {
  const tracker = new TxTracker(workload.count, workload.hashes);
  const queues = splitByConnection(workload.senders, options.connections);
  const source = { records: workload.records, ...(requests ? { requests } : {}) };
  // --mode http: `window` sockets per connection, one request in flight on each; sealed from the heads a WebSocket watches
  const heads = options.mode === "http" ? await HeadWatcher.open(options.url, tracker) : undefined;
  const connections: (LoadConnection | HttpLoadConnection)[] = options.mode === "http"
    ? queues.map((queue) => new HttpLoadConnection(options.url, queue, source, tracker, options.window))
    : await Promise.all(queues.map((queue) => LoadConnection.open(options.url, queue, options.mode, source, tracker)));
  const settled = () => tracker.repliedCount === tracker.submittedCount && tracker.sealedCount + tracker.dropped.size >= tracker.acceptedCount;
  if (options.warmupTxs > 0) {
    const share = Math.ceil(options.warmupTxs / options.connections);
    for (const connection of connections) for (let sent = 0; sent < share; sent += options.frameTxs) connection.sendFrame(Math.min(options.frameTxs, share - sent));
    const until = performance.now() + 60_000;
    while (!settled() && performance.now() < until) await sleep(50);
  }
  const warmupSent = connections.map((c) => c.sent);
  const startedAt = performance.now();
  const deadline = startedAt + options.durationMs;
  let generatorBehind = 0;
  let sending = true;
  try {
    if (options.rate === 0) {
      for (const connection of connections) {
        connection.onReply = () => {
          while (sending && performance.now() < deadline && connection.inFlightFrames < options.window && connection.remaining > 0) connection.sendFrame(options.frameTxs);
        };
        connection.onReply();
      }
    }
    let lastTick = startedAt;
    while (performance.now() < deadline && connections.some((c) => c.remaining > 0)) {
      const now = performance.now();
      if (options.rate > 0) {
        const perConnection = ((now - startedAt) / 1000) * (options.rate / options.connections);
        for (const [k, connection] of connections.entries()) {
          let due = Math.floor(perConnection) - (connection.sent - warmupSent[k]!);
          if (due > 2 * options.frameTxs) generatorBehind++;
          while (due > 0 && connection.remaining > 0 && connection.inFlightTxs + Math.min(due, options.frameTxs) <= options.maxInFlightTxs) {
            connection.sendFrame(Math.min(due, options.frameTxs));
            due -= options.frameTxs;
          }
        }
      }
      if (now - lastTick >= 250) {
        options.onTick?.(tracker, now - startedAt);
        lastTick = now;
      }
      await sleep(options.rate > 0 ? 2 : 50);
    }
    sending = false;
    const sendEndedAt = performance.now();
    options.onSendEnd?.();
    const drainDeadline = sendEndedAt + options.drainTimeoutMs;
    while (performance.now() < drainDeadline && !settled()) {
      options.onTick?.(tracker, performance.now() - startedAt);
      await sleep(100);
    }
    return { tracker, startedAt, sendEndedAt, drainedAt: performance.now(), generatorBehind };
  } finally {
    sending = false;
    for (const connection of connections) connection.close();
    heads?.close();
  }
}
