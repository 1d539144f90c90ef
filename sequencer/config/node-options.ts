/**
 * Every option of `loft start`, defined once: its flag, its environment mirror (LOFT_ + the flag
 * in upper snake case), its default, its description for --help, and its zod validator.
 * Options marked `secret` are never printed or logged.
 */
import { parseEther } from "ethers";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65_535);
const positive = z.coerce.number().int().positive();
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte hex address");
const privateKey = z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, "expected a 32-byte hex private key");
/** ETH as a decimal (1, 0.25), to wei; zero is refused (a zero bond pays a fraud prover nothing). */
const ether = z
  .string()
  .regex(/^(0|[1-9][0-9]*)(\.[0-9]{1,18})?$/, "expected ETH as a decimal such as 1 or 0.25 (at most 18 decimals)")
  .transform((value) => parseEther(value))
  .refine((wei) => wei > 0n, "the bond must be above zero");
/** A switch: `--challenge` alone (yargs gives true), or true/false/1/0 from the environment. */
const flag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1")]);
const url = z.string().regex(/^https?:\/\/\S+$/, "expected an http(s):// URL (the node speaks JSON-RPC to L1 over HTTP)");
/** One or more L1 URLs: "a,b", or an array when the flag is repeated; normalized to "a,b". */
const urlList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((entry) => entry.split(",")).map((entry) => entry.trim()).filter((entry) => entry.length > 0))
  .refine((urls) => urls.length > 0 && urls.every((entry) => url.safeParse(entry).success), "expected an http(s):// URL (the node speaks JSON-RPC to L1 over HTTP), or several: comma-separated or the flag repeated")
  .transform((urls) => urls.join(","));

export interface OptionSpec {
  describe: string;
  schema: z.ZodType;
  default?: string | number;
  secret?: boolean;
  /** A switch without a value (`--challenge`), not a `--flag VALUE`. */
  boolean?: boolean;
  group: "L1" | "Node" | "Batches" | "Limits" | "Devnet" | "Deployment" | "Challenger" | "Escape";
}

export const NODE_OPTIONS = {
  "l1-rpc": { group: "L1", describe: "L1 JSON-RPC URL, or several (comma-separated, or the flag repeated) used in order with failover; without it, a local Hardhat devnet is started", schema: urlList.optional() },
  "sequencer-key": { group: "L1", describe: "private key that commits batches (required with --l1-rpc, or one of the next two); on the command line `ps` shows it", schema: privateKey.optional(), secret: true },
  "sequencer-key-file": { group: "L1", describe: "file holding the sequencer's hex private key (mode 600), instead of --sequencer-key", schema: z.string().min(1).optional() },
  "sequencer-keystore": { group: "L1", describe: "encrypted JSON keystore of the sequencer's key (password: --sequencer-keystore-password-file or LOFT_SEQUENCER_KEYSTORE_PASSWORD)", schema: z.string().min(1).optional() },
  "sequencer-keystore-password-file": { group: "L1", describe: "file whose first line is the --sequencer-keystore password (mode 600)", schema: z.string().min(1).optional() },
  rollup: { group: "L1", describe: "Rollup contract address (required with --l1-rpc)", schema: address.optional() },
  "l1-timeout-ms": { group: "L1", describe: "an L1 request not answered within this long fails over to the next --l1-rpc URL (a hung L1 counts as down)", schema: positive.max(600_000), default: 10_000 },
  "l1-confirmations": { group: "L1", describe: "L1 blocks on top of a commit or deposit before it counts", schema: positive, default: 2 },
  "l1-stall-seconds": { group: "L1", describe: "seconds without a new L1 block, while a commit waits for confirmations or finality, before the node reports L1 stalled (log, /readyz l1Advancing)", schema: positive, default: 30 },
  "data-dir": { group: "Node", describe: "LMDB data directory (devnet: ./.loft/devnet)", schema: z.string().min(1).optional() },
  host: { group: "Node", describe: "interface the WebSocket/HTTP server binds", schema: z.string().min(1), default: "127.0.0.1" },
  port: { group: "Node", describe: "port of ws://HOST:PORT/ws and the explorer", schema: port, default: 8547 },
  "signature-workers": { group: "Node", describe: "signature recovery threads (default: one per core)", schema: positive.optional() },
  "log-level": { group: "Node", describe: "fatal, error, warn, info, debug or trace", schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]), default: "info" },
  "batch-interval-ms": { group: "Batches", describe: "seal a batch at least this often (ms)", schema: positive, default: 100 },
  "batch-max-txs": { group: "Batches", describe: "seal as soon as this many transactions wait (or as many as the last batch cut by --max-batch-bytes held)", schema: positive.max(65_536), default: 5_000 },
  "max-batch-bytes": { group: "Batches", describe: "largest compressed batch data posted in one L1 transaction", schema: positive.max(131_072), default: 120_000 },
  "mempool-max": { group: "Limits", describe: "transactions the mempool holds before answering \"mempool full\"", schema: positive, default: 200_000 },
  "mempool-future-nonces": { group: "Limits", describe: "how far past an account's next nonce a transaction may be queued", schema: positive, default: 64 },
  "mempool-future-lifetime": { group: "Limits", describe: "seconds a queued (future-nonce) transaction waits for its gap to fill before it expires", schema: positive, default: 600 },
  "max-connections": { group: "Limits", describe: "WebSocket connections accepted at once", schema: positive, default: 10_000 },
  "max-message-bytes": { group: "Limits", describe: "largest WebSocket message accepted", schema: positive, default: 1_048_576 },
  "max-rpc-batch": { group: "Limits", describe: "requests in one JSON-RPC batch or records in one binary frame", schema: positive, default: 1_000 },
  "mempool-max-per-sender": { group: "Limits", describe: "pending transactions one sender may have (beyond: \"too many pending transactions from this sender\")", schema: positive, default: 64 },
  "mempool-ordering": { group: "Limits", describe: "what the sealer takes first: fee (highest fee per byte of L1 data, each sender in nonce order) or fifo (arrival order)", schema: z.enum(["fee", "fifo"]), default: "fee" },
  "rate-per-connection": { group: "Limits", describe: "transactions per second one WebSocket connection may submit (bursts of twice that); beyond: \"rate limited\"", schema: positive, default: 20_000 },
  "rate-per-sender": { group: "Limits", describe: "transactions per second one sender may submit (bursts of twice that); beyond: \"rate limited\"", schema: positive, default: 100 },
  "max-accounts": { group: "Limits", describe: "accounts beyond which transfers to new addresses are refused (\"state full\"); at most the WASM state's capacity, 31,350,000", schema: positive.max(31_350_000), default: 24_000_000 },
  "fee-margin-percent": { group: "Limits", describe: "minimum fee = L1 data cost × this / 100 (+ the account-creation surcharge); 100 breaks even at full batches", schema: positive, default: 125 },
  "fee-account-creation-gas": { group: "Limits", describe: "L1 gas charged (at the fee's L1 gas price and margin) for a transfer that creates an account", schema: z.coerce.number().int().min(0), default: 25_000 },
  "fee-min-gas-price": { group: "Limits", describe: "wei per gas the fees' smoothed L1 base fee is never taken below", schema: z.string().regex(/^(0|[1-9][0-9]*)$/, "expected wei as a decimal integer").transform((v) => BigInt(v)), default: "100000000" },
  "fee-smoothing-blocks": { group: "Limits", describe: "L1 blocks of the exponential moving average of the base fee the fees are priced at", schema: positive, default: 10 },
  "dev-accounts": { group: "Devnet", describe: "deterministic load-test accounts funded at genesis, besides the 20 Hardhat accounts", schema: z.coerce.number().int().min(0).max(10_000_000), default: 0 },
  "max-commit-delay": { group: "Batches", describe: "milliseconds the oldest sealed batch may wait for more batches to share its L1 commit (mainnet: 12000 to 60000); a commit that reaches 256 batches or ~128 KB of calldata is sent at once", schema: z.coerce.number().int().min(0).max(3_600_000), default: 1_000 },
  "chain-id": { group: "Deployment", describe: "the rollup's own chain id (eth_chainId), never the L1's; loft deploy records it in the data dir (needed outside a devnet), loft follow needs it outside a devnet; devnet: 1280263764 (0x4c4f4654)", schema: positive.max(4_503_599_627_370_476).optional() },
  "challenge-window": { group: "Deployment", describe: "seconds from commit to final; loft deploy outside a devnet (chain id 31337) needs it given, at least 86400", schema: positive, default: 30 },
  "inclusion-window": { group: "Deployment", describe: "seconds a queue message may wait before anyone may freeze; loft deploy outside a devnet needs it given", schema: positive, default: 600 },
  bond: { group: "Deployment", describe: "sequencer bond in ETH (a decimal: 1, 0.25), required by the Rollup and posted at deployment; loft deploy outside a devnet needs it given", schema: ether, default: "1" },
  challenge: { group: "Challenger", describe: "loft follow: when a batch does not verify, prove it wrong on L1 within its challenge window (needs --challenger-key or --challenger-key-file)", schema: flag, default: "false", boolean: true },
  "challenger-key": { group: "Challenger", describe: "private key that sends fraud proofs and receives the reward (loft follow --challenge, loft prove --send)", schema: privateKey.optional(), secret: true },
  "challenger-key-file": { group: "Challenger", describe: "file holding the challenger's hex private key (mode 600), instead of --challenger-key", schema: z.string().min(1).optional() },
  "challenger-keystore": { group: "Challenger", describe: "encrypted JSON keystore of the challenger's key (password: --challenger-keystore-password-file or LOFT_CHALLENGER_KEYSTORE_PASSWORD)", schema: z.string().min(1).optional() },
  "challenger-keystore-password-file": { group: "Challenger", describe: "file whose first line is the --challenger-keystore password (mode 600)", schema: z.string().min(1).optional() },
  batch: { group: "Challenger", describe: "loft prove: the batch to prove wrong", schema: positive.optional() },
  send: { group: "Challenger", describe: "loft prove: send the proof (with the challenger key) instead of printing it; loft escape: send the escape and reclaims (with --key-file)", schema: flag, default: "false", boolean: true },
  address: { group: "Escape", describe: "loft escape: the account (L2 address, also its L1 payee) to escape and whose unprocessed deposits to reclaim", schema: address.optional() },
  "key-file": { group: "Escape", describe: "loft escape --send: file holding the hex private key of the L1 account that sends (and pays the gas of) the escape and reclaims; the money goes to --address", schema: z.string().min(1).optional() },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof NODE_OPTIONS;

export const envName = (flag: string) => `LOFT_${flag.toUpperCase().replaceAll("-", "_")}`;
