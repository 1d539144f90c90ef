/**
 * The node under L1 faults, with load (`node --import tsx bench/l1/faults.ts [options]`): a
 * devnet node behind a fault proxy (test/l1-faults/fault-proxy.ts) while 19 dev accounts send
 * transfers as fast as the node accepts them (each account in order, at most --rate per second in
 * all). It measures
 *   - outages: --outages L1 outages of --outage-seconds each, alternating hung and refused, with
 *     --gap-seconds of normal L1 between: node deaths (the node stopped by itself), transactions
 *     accepted and sealed during the outages, how long after L1 returns every sealed batch is
 *     committed, and how often "L1 unreachable" / "L1 reachable again" were logged;
 *   - reorgs: --reorgs deep reorgs (evm_snapshot, --reorg-seconds of commits with load, evm_revert
 *     past the confirmations and past finalized commits): accepted transactions missing from
 *     storage afterwards, batch statuses that went backwards (sampled every 50 ms), time until L1
 *     holds every batch again;
 *   - restarts: --restarts restarts of the node while L1 refuses: ms from the start call until
 *     the node answers loft_getBatch.
 * Writes bench/results/l1-faults.json and prints a summary. Run it under the bench lock.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { JsonRpcProvider, Wallet, hexlify } from "ethers";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { RollupView } from "../../sequencer/l1/rollup-view.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import type { BatchStatus } from "../../sequencer/store/sealed-batch.ts";
import { startFaultNode, TRANSFER_FEE } from "../../test/l1-faults/l1-fault-node.ts";

const { values } = parseArgs({
  options: {
    outages: { type: "string", default: "10" }, "outage-seconds": { type: "string", default: "60" }, "gap-seconds": { type: "string", default: "10" },
    reorgs: { type: "string", default: "5" }, "reorg-seconds": { type: "string", default: "15" }, restarts: { type: "string", default: "3" }, rate: { type: "string", default: "300" },
  },
});
const n = (name: keyof typeof values) => Number(values[name]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadBefore = loadavg();

const f = await startFaultNode({ flags: { "l1-confirmations": "2", "challenge-window": "5" } });
const l1 = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
const view = new RollupView(l1, f.l1.rollup);
const keys = standardDevKeys();
const to = Wallet.createRandom().address;
const accepted: string[] = [];
let rejected = 0;
let deaths = 0;
let running = true;
const l1Last = async () => (await view.chainAt(await l1.getBlockNumber())).lastNumber;
const sealedHeight = () => f.node.reader.latestSealed() ?? 0;
const isStored = (hash: string) => f.node.reader.transaction(Buffer.from(hash.slice(2), "hex")) !== undefined;

/** Watches for the node stopping by itself: a death is counted and the node started again. */
async function watchDeaths(): Promise<void> {
  while (running) {
    const node = f.node;
    const error = await Promise.race([node.stopped, sleep(500).then(() => "alive" as const)]);
    if (error === "alive" || !running) continue;
    if (!(error instanceof Error)) { // stop() (this bench's own restarts) resolves without an error: wait for the new node
      await sleep(100);
      continue;
    }
    deaths++;
    console.error(`node died: ${error.message}; restarting it`);
    await f.restart();
  }
}

/** A call on a connection that a restart closed never answers: give up on it after 10 s. */
const withTimeout = <T>(call: Promise<T>) => Promise.race([call, sleep(10_000).then(() => Promise.reject(new Error("no answer within 10 s")))]);

/** 19 accounts, each sending in nonce order; the whole at most `rate` per second. */
async function load(): Promise<void> {
  const nonces = keys.map(() => 0);
  const perAccountMs = (19 * 1000) / n("rate");
  await Promise.all(Array.from({ length: 19 }, async (_, i) => {
    const from = i + 1;
    while (running) {
      const started = Date.now();
      try {
        accepted.push(await withTimeout(f.client.call<string>("loft_sendTransaction", [signWithKey(keys[from]!, f.separator, { type: "transfer", to, amount: 1n, fee: TRANSFER_FEE, nonce: nonces[from]! })])));
        nonces[from]!++;
      } catch {
        rejected++; // e.g. the connection of a restarted node: re-read the nonce
        await sleep(200);
        const account = await withTimeout(f.client.call<{ nonce: string }>("loft_getAccount", [new Wallet(hexlify(keys[from]!)).address])).catch(() => undefined);
        if (account) nonces[from] = Number(account.nonce);
      }
      await sleep(Math.max(0, perAccountMs - (Date.now() - started)));
    }
  }));
}

const heapTimer = setInterval(() => console.error(`heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, ${accepted.length} accepted, batch ${sealedHeight()}`), Number(process.env.HEAP_EVERY_MS ?? 15_000));
const deathWatch = watchDeaths();
const loadRun = load();
await sleep(5_000);

const outages: Record<string, unknown>[] = [];
for (let i = 0; i < n("outages"); i++) {
  const mode = i % 2 === 0 ? "hang" : "refuse";
  const acceptedBefore = accepted.length;
  const sealedBefore = sealedHeight();
  await f.proxies[0]!.set(mode);
  await sleep(n("outage-seconds") * 1000);
  await f.proxies[0]!.set("forward");
  const back = performance.now();
  const sealedAtReturn = sealedHeight();
  while ((await l1Last().catch(() => 0)) < sealedAtReturn) await sleep(250);
  outages.push({ mode, seconds: n("outage-seconds"), acceptedDuring: accepted.length - acceptedBefore, batchesSealedDuring: sealedAtReturn - sealedBefore, catchUpSeconds: Number(((performance.now() - back) / 1000).toFixed(1)) });
  console.error(`outage ${i + 1} (${mode}): ${JSON.stringify(outages.at(-1))}`);
  await sleep(n("gap-seconds") * 1000);
}

const reorgs: Record<string, unknown>[] = [];
for (let i = 0; i < n("reorgs"); i++) {
  const seen = new Map<number, BatchStatus>();
  const backwards: string[] = [];
  const ORDER: Record<BatchStatus, number> = { sealed: 0, committed: 1, finalized: 2 };
  const sampler = setInterval(() => {
    for (let b = Math.max(1, sealedHeight() - 2_000); b <= sealedHeight(); b++) {
      const status = f.node.reader.batch(b)?.status;
      const before = seen.get(b);
      if (status && before && ORDER[status] < ORDER[before]) backwards.push(`${b}: ${before} → ${status}`);
      if (status) seen.set(b, status);
    }
  }, 50);
  const snapshot = await l1.send("evm_snapshot", []);
  const headBefore = await l1.getBlockNumber();
  await sleep(n("reorg-seconds") * 1000);
  const finalizedBefore = f.node.metrics ? Number(/loft_batch_height\{status="finalized"\} (\d+)/.exec(await f.node.metrics.registry.metrics())?.[1] ?? 0) : 0;
  const headAtRevert = await l1.getBlockNumber();
  const l1LastAtRevert = await l1Last();
  const acceptedAtRevert = accepted.length; // those are sealed 3 s after the recommit; later ones may still wait in the mempool
  await l1.send("evm_revert", [snapshot]);
  const removed = l1LastAtRevert - (await l1Last());
  const back = performance.now();
  const sealedAtRevert = sealedHeight();
  while ((await l1Last()) < sealedAtRevert) await sleep(250);
  await sleep(3_000);
  clearInterval(sampler);
  const lost = accepted.slice(0, acceptedAtRevert).filter((hash) => !isStored(hash)).length;
  reorgs.push({ depthBlocks: headAtRevert - headBefore, batchesRemovedFromL1: removed, finalizedBatchAtRevert: finalizedBefore, recommitSeconds: Number(((performance.now() - back) / 1000).toFixed(1)), lostTransactions: lost, statusesBackwards: backwards.length });
  console.error(`reorg ${i + 1}: ${JSON.stringify(reorgs.at(-1))}`);
}

const restarts: number[] = [];
for (let i = 0; i < n("restarts"); i++) {
  await f.proxies[0]!.set("refuse");
  await sleep(2_000);
  restarts.push(Math.round(await f.restart()));
  await sleep(2_000);
  await f.proxies[0]!.set("forward");
  await sleep(3_000);
}

running = false;
clearInterval(heapTimer);
await loadRun;
await deathWatch;
await sleep(2_000);
const sealedFinal = sealedHeight();
const deadline = Date.now() + 120_000;
while ((await l1Last()) < sealedFinal && Date.now() < deadline) await sleep(250);
const notStored = accepted.filter((hash) => !isStored(hash)).length;
const result = {
  bench: "l1-faults", date: new Date().toISOString(), cores: availableParallelism(), loadAverageBefore: loadBefore, loadAverageAfter: loadavg(), options: values,
  deaths, accepted: accepted.length, rejectedSends: rejected, acceptedButNotStored: notStored, allCommittedAtEnd: (await l1Last()) >= sealedFinal,
  unreachableLogged: f.count("L1 unreachable"), reachableAgainLogged: f.count("L1 reachable again"), fatalLogs: f.logs.filter((line) => line.level === 60).length,
  outages, reorgs, restartMs: restarts,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
writeFileSync(new URL("../results/l1-faults.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
l1.destroy();
await f.close();
process.exit(0);
