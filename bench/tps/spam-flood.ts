/**
 * `npm run bench:tps:spam -- [--capacity N] [--factor F] [--duration S] [--honest-rate R]`:
 * issue 15's flood target on a devnet node, in one run. 1,000 spam senders offer F × capacity
 * (default 3 × 8,000) tx/s of transfers paying exactly the node's minimum fee (loft_estimateFee at
 * the start) in binary frames over 8 connections, paced open-loop; beside them 50 honest senders
 * send R tx/s (default 200) paying 2× that minimum over their own connection. Reported: the honest
 * transactions' submit → sealed p50 / p90 / p99 / max (target p99 < 500 ms) and how many were
 * refused, the spam's outcomes by reason, and sealed TPS. Signing happens before the clock starts.
 */
import { parseArgs } from "node:util";
import { toQuantity } from "ethers";
import { addressOfKey, loadTestKey } from "../../sequencer/genesis/dev-keys.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { startDevnet, type DevnetProcess } from "./devnet-process.ts";
import { LoadConnection } from "./load-connection.ts";
import { NodeRpc } from "./node-rpc.ts";
import { summarize } from "./percentile.ts";
import { signSlice } from "./signed-workload.ts";
import { TxTracker } from "./tx-tracker.ts";
import { Expectation, PlannedKind, type PlannedTx } from "./workload-plan.ts";

const { values } = parseArgs({
  options: {
    capacity: { type: "string", default: "8000" }, factor: { type: "string", default: "3" }, duration: { type: "string", default: "20" },
    "honest-rate": { type: "string", default: "200" }, "loft-flags": { type: "string", default: "" },
  },
});
const SPAMMERS = 1_000;
const HONEST = 50;
const CONNECTIONS = 8;
const TICK_MS = 10;
const AMOUNT = 10n ** 15n;
const capacity = Number(values.capacity);
const spamRate = capacity * Number(values.factor);
const honestRate = Number(values["honest-rate"]);
const durationMs = Number(values.duration) * 1000;

function plan(count: number, senders: number, firstSender: number, fee: bigint): PlannedTx[] {
  const nonces = new Array<number>(senders).fill(0);
  return Array.from({ length: count }, (_, i) => {
    const s = i % senders;
    // to an existing account (another sender), so every transaction costs the same minimum
    return { sender: firstSender + s, kind: PlannedKind.transfer, toAccount: firstSender + ((s + 1) % senders), amountWei: AMOUNT, feeWei: fee, nonce: nonces[s]!++, expect: Expectation.valid };
  });
}

async function sign(separator: Uint8Array, planned: PlannedTx[]): Promise<{ records: Uint8Array; hashes: Uint8Array }> {
  const half = Math.ceil(planned.length / 2);
  const parts = await Promise.all([signSlice(separator, planned.slice(0, half)), signSlice(separator, planned.slice(half))]);
  const concat = (key: "records" | "hashes") => Buffer.concat(parts.map((p) => p[key]));
  return { records: concat("records"), hashes: concat("hashes") };
}

let devnet: DevnetProcess | undefined;
const connections: LoadConnection[] = [];
try {
  devnet = await startDevnet({ devAccounts: SPAMMERS + HONEST, signatureWorkers: 2, flags: values["loft-flags"].split(" ").filter(Boolean) });
  const rpc = await NodeRpc.open(devnet.url);
  const { domain } = await rpc.call<{ domain: { chainId: string; verifyingContract: string } }>("loft_getDomain");
  const separator = domainSeparator(loftDomain(BigInt(domain.chainId), domain.verifyingContract));
  const to = addressOfKey(loadTestKey(1));
  const { fee } = await rpc.call<{ fee: string }>("loft_estimateFee", [{ type: "transfer", to: `0x${Buffer.from(to).toString("hex")}`, amount: toQuantity(AMOUNT) }]);
  const minimum = BigInt(fee);
  const spamCount = Math.ceil((spamRate * durationMs) / 1000);
  const honestCount = Math.ceil((honestRate * durationMs) / 1000);
  console.error(`minimum fee ${minimum} wei; signing ${spamCount.toLocaleString("en-US")} spam + ${honestCount} honest transactions…`);
  const spam = await sign(separator, plan(spamCount, SPAMMERS, 0, minimum));
  const honest = await sign(separator, plan(honestCount, HONEST, SPAMMERS, 2n * minimum));
  const records = Buffer.concat([spam.records, honest.records]);
  const tracker = new TxTracker(spamCount + honestCount, Buffer.concat([spam.hashes, honest.hashes]));
  const queues = Array.from({ length: CONNECTIONS }, (_, c) => Uint32Array.from({ length: Math.ceil((spamCount - c) / CONNECTIONS) }, (_, k) => c + k * CONNECTIONS));
  for (const queue of queues) connections.push(await LoadConnection.open(devnet.url, queue, "binary", { records }, tracker));
  const honestLine = await LoadConnection.open(devnet.url, Uint32Array.from({ length: honestCount }, (_, k) => spamCount + k), "binary", { records }, tracker);
  connections.push(honestLine);

  console.error(`flooding at ${spamRate.toLocaleString("en-US")} tx/s (${values.factor} × ${capacity.toLocaleString("en-US")}) with ${honestRate} honest tx/s for ${durationMs / 1000} s…`);
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = (rate: number, total: number) => Math.min(total, Math.floor((rate * elapsed) / 1000));
      const spamDue = due(spamRate, spamCount);
      connections.slice(0, CONNECTIONS).forEach((c, i) => c.sendFrame(Math.min(500, Math.max(0, Math.ceil((spamDue - i) / CONNECTIONS) - c.sent))));
      const honestDue = due(honestRate, honestCount);
      while (honestLine.sent < honestDue) honestLine.sendFrame(1); // one transaction per frame, as a wallet sends
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const sendSeconds = (performance.now() - started) / 1000;
  const settle = performance.now();
  while (performance.now() - settle < 10_000) {
    let waiting = 0;
    for (let i = spamCount; i < spamCount + honestCount; i++) if (tracker.outcome[i] === "accepted" && Number.isNaN(tracker.sealed[i]!) && !tracker.dropped.has(i)) waiting++;
    if (waiting === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const outcomes = (from: number, to: number) => {
    const counts = new Map<string, number>();
    for (let i = from; i < to; i++) {
      const key = tracker.dropped.has(i) ? `dropped: ${tracker.dropped.get(i)}` : Number.isFinite(tracker.sealed[i]!) ? "sealed" : (tracker.outcome[i] ?? "no reply");
      counts.set(key.replace(/\d{6,}/g, "N"), (counts.get(key.replace(/\d{6,}/g, "N")) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v.toLocaleString("en-US")}`).join("; ");
  };
  const latencies: number[] = [];
  for (let i = spamCount; i < spamCount + honestCount; i++) if (Number.isFinite(tracker.sealed[i]!)) latencies.push(tracker.sealed[i]! - tracker.submitted[i]!);
  const honestLatency = summarize(latencies);
  let sealedSpam = 0;
  for (let i = 0; i < spamCount; i++) if (Number.isFinite(tracker.sealed[i]!)) sealedSpam++;
  const metrics = await fetch(devnet.url.replace("ws://", "http://").replace(/\/ws$/, "/metrics")).then((r) => r.text());
  const metric = (name: string) => metrics.match(new RegExp(`^loft_${name} (\\S+)$`, "m"))?.[1] ?? "?";
  console.log(`| figure | value |\n|---|---|`);
  console.log(`| minimum fee at the start (loft_estimateFee) | ${minimum} wei (spam pays it, honest 2×) |`);
  console.log(`| spam offered | ${spamCount.toLocaleString("en-US")} in ${sendSeconds.toFixed(1)} s = ${Math.round(spamCount / sendSeconds).toLocaleString("en-US")} tx/s from ${SPAMMERS} senders over ${CONNECTIONS} connections |`);
  console.log(`| spam outcomes | ${outcomes(0, spamCount)} |`);
  console.log(`| honest offered | ${honestCount} from ${HONEST} senders, ${honestRate} tx/s, one per frame |`);
  console.log(`| honest outcomes | ${outcomes(spamCount, spamCount + honestCount)} |`);
  console.log(`| **honest submit → sealed** | p50 ${honestLatency.p50.toFixed(0)} ms · p90 ${honestLatency.p90.toFixed(0)} ms · **p99 ${honestLatency.p99.toFixed(0)} ms** · max ${honestLatency.max.toFixed(0)} ms (target p99 < 500 ms) |`);
  console.log(`| sealed during the flood | ${Math.round((sealedSpam + latencies.length) / sendSeconds).toLocaleString("en-US")} tx/s (spam ${sealedSpam.toLocaleString("en-US")}, honest ${latencies.length}) |`);
  console.log(`| congestion factor at the end (/metrics) | ${metric("fee_congestion_percent")}% |`);
  rpc.close();
} finally {
  for (const c of connections) c.close();
  await devnet?.stop();
}
