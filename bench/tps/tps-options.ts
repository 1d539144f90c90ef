/** Flags of `npm run bench:tps` (node:util parseArgs), with defaults sized for this 2-core machine. */
import { parseArgs } from "node:util";
import type { SendMode } from "./load-connection.ts";
import type { WorkloadParams } from "./workload-plan.ts";

export interface TpsOptions {
  url?: string;
  l1Rpc?: string;
  /** With --url: the node's pid, for its CPU share. */
  nodePid?: number;
  mode: SendMode;
  connections: number;
  rate: number;
  durationMs: number;
  workload: WorkloadParams;
  frameTxs: number;
  window: number;
  /** Paced mode: transactions of one connection awaiting their reply beyond which it holds back. */
  maxInFlightTxs: number;
  signatureWorkers: number;
  nodeFlags: string[];
  loftFlags: string[];
  name: string;
  warmupShare: number;
  warmupTxs: number;
  /** Extra environment for the devnet node (bench/tps/compare-roots.ts). */
  nodeEnv?: Record<string, string>;
}

export const TPS_USAGE = `npm run bench:tps -- [flags]
  --mode binary|json|json1|http   binary 146-byte frames (default), JSON-RPC loft_sendTransaction batches,
                         one request per WebSocket message (json1), or one per HTTP POST (http, keep-alive)
  --connections N        WebSocket connections (default 4)
  --rate N               offered tx/s over all connections; 0 = as fast as the node replies (default 0)
  --duration S           seconds of sending (default 20)
  --txs N                workload size (default: rate × duration, or 15,000/s × duration at max)
  --accounts N           funded senders (default 10,000; the devnet gets --dev-accounts N)
  --new-share F --withdraw-share F --invalid-share F   shares (default 0.1, 0.05, 0.03)
  --frame N              transactions per frame or JSON-RPC batch (default 500 binary, 100 json)
  --window N             max mode: frames in flight per connection (default 4)
  --max-in-flight N      paced mode: a connection holds back when N of its txs await a reply
                         (default 6,000; raise it to offer an overload open-loop)
  --signature-workers N  node's recovery threads, also used for the ceiling (default 2)
  --loft-flags="..."     extra flags for the devnet node, e.g. --loft-flags="--batch-max-txs 2000"
  --node-flags="..."     Node.js flags for the node, e.g. --node-flags="--cpu-prof --cpu-prof-dir=bench/results/prof"
  --url ws://… --l1-rpc http://…   target a running node (its load-test accounts must be funded)
  --node-pid N           with --url: the node's pid, to report its CPU
  --name NAME            results in bench/results/tps-NAME.{json,svg} (default: mode-rate)
  --seed N               workload seed (default 1)
  --warmup-txs N         sent and sealed before the clock starts, not counted (default 2,000)
  --warmup F             share of the send time left out of the steady state at its start (default 0.15)`;

export function parseTpsOptions(argv: string[]): TpsOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: "boolean" }, url: { type: "string" }, "node-pid": { type: "string" }, "l1-rpc": { type: "string" }, mode: { type: "string", default: "binary" },
      connections: { type: "string", default: "4" }, rate: { type: "string", default: "0" }, duration: { type: "string", default: "20" },
      txs: { type: "string" }, accounts: { type: "string", default: "10000" }, "new-share": { type: "string", default: "0.1" },
      "withdraw-share": { type: "string", default: "0.05" }, "invalid-share": { type: "string", default: "0.03" }, frame: { type: "string" },
      window: { type: "string", default: "4" }, "max-in-flight": { type: "string", default: "6000" }, "signature-workers": { type: "string", default: "2" }, "node-flags": { type: "string", default: "" },
      "loft-flags": { type: "string", default: "" }, name: { type: "string" }, seed: { type: "string", default: "1" }, warmup: { type: "string", default: "0.15" }, "warmup-txs": { type: "string", default: "2000" },
    },
  });
  if (values.help) {
    console.log(TPS_USAGE);
    return undefined;
  }
  const mode = values.mode as SendMode;
  if (!["binary", "json", "json1", "http"].includes(mode)) throw new Error(`--mode must be binary, json, json1 or http, got ${values.mode}`);
  const rate = Number(values.rate);
  const durationMs = Number(values.duration) * 1000;
  const txs = values.txs ? Number(values.txs) : Math.ceil(((rate > 0 ? rate : 15_000) * durationMs) / 1000) + Number(values["warmup-txs"]);
  const numbers = { connections: Number(values.connections), rate, durationMs, txs, accounts: Number(values.accounts), "max-in-flight": Number(values["max-in-flight"]) };
  for (const [name, value] of Object.entries(numbers)) if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return {
    ...(values.url ? { url: values.url } : {}),
    ...(values["l1-rpc"] ? { l1Rpc: values["l1-rpc"] } : {}),
    ...(values["node-pid"] ? { nodePid: Number(values["node-pid"]) } : {}),
    mode,
    connections: numbers.connections,
    rate,
    durationMs,
    workload: {
      txs, accounts: numbers.accounts, seed: Number(values.seed),
      newAddressShare: Number(values["new-share"]), withdrawShare: Number(values["withdraw-share"]), invalidShare: Number(values["invalid-share"]),
    },
    frameTxs: Number(values.frame ?? (mode === "binary" ? 500 : mode === "json" ? 100 : 1)),
    window: Number(values.window),
    maxInFlightTxs: Number(values["max-in-flight"]),
    signatureWorkers: Number(values["signature-workers"]),
    nodeFlags: values["node-flags"].split(" ").filter(Boolean),
    loftFlags: values["loft-flags"].split(" ").filter(Boolean),
    name: values.name ?? `${mode}-${rate > 0 ? rate : "max"}`,
    warmupShare: Number(values.warmup),
    warmupTxs: Number(values["warmup-txs"]),
  };
}
