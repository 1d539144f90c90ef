/**
 * Resolves `loft start`'s configuration from flags, their LOFT_* environment mirrors and the
 * defaults (flags win over the environment), validates every value, and says exactly which flag or
 * variable is wrong. The resulting NodeConfig is what every module reads.
 */
import { join } from "node:path";
import { NODE_OPTIONS, envName, type OptionName } from "./node-options.ts";
import { resolveKey, type KeyRole } from "./key-source.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface NodeConfig {
  mode: "devnet" | "chain";
  l1Rpc?: string;
  /** 0x-hex, from --sequencer-key, --sequencer-key-file or --sequencer-keystore (config/key-source.ts); secret. */
  sequencerKey?: string;
  sequencerKeyFile?: string;
  sequencerKeystore?: string;
  sequencerKeystorePasswordFile?: string;
  rollup?: string;
  l1Confirmations: number;
  /** ms before an unanswered L1 request fails over (l1/l1-rpc.ts). */
  l1TimeoutMs: number;
  /** Seconds without a new L1 block while the node waits on one before it reports L1 stalled (node/l1-progress.ts). */
  l1StallSeconds: number;
  dataDir: string;
  host: string;
  port: number;
  signatureWorkers?: number;
  logLevel: string;
  batchIntervalMs: number;
  batchMaxTxs: number;
  maxBatchBytes: number;
  mempoolMax: number;
  mempoolFutureNonces: number;
  /** Seconds. */
  mempoolFutureLifetime: number;
  maxConnections: number;
  maxMessageBytes: number;
  maxRpcBatch: number;
  /** Issue 15: per-sender cap, ordering, admission rates (tx/s), the state-size guard and the fee policy (sequencer/fees). */
  mempoolMaxPerSender: number;
  mempoolOrdering: "fee" | "fifo";
  ratePerConnection: number;
  ratePerSender: number;
  maxAccounts: number;
  feeMarginPercent: number;
  feeAccountCreationGas: number;
  /** wei per gas. */
  feeMinGasPrice: bigint;
  feeSmoothingBlocks: number;
  devAccounts: number;
  /** ms the oldest unsent sealed batch may wait for others to share its commit (batch-poster.ts). */
  maxCommitDelay: number;
  /** The rollup's own chain id (deployment; config/rollup-chain-id.ts). */
  chainId?: number;
  /** Seconds (deployment). */
  challengeWindow: number;
  /** Seconds (deployment). */
  inclusionWindow: number;
  /** wei: the Rollup's bondRequired, posted at deployment. */
  bond: bigint;
  /** loft follow --challenge: prove a batch that does not verify wrong on L1 (docs/fraud-proofs.md §4). */
  challenge: boolean;
  /** Sends the fraud proofs (from --challenger-key, --challenger-key-file or --challenger-keystore); secret. */
  challengerKey?: string;
  challengerKeyFile?: string;
  challengerKeystore?: string;
  challengerKeystorePasswordFile?: string;
  /** loft prove: the batch, and whether to send the proof. */
  batch?: number;
  send: boolean;
  /** loft escape: the account to escape, and the key file of the L1 account that sends (--send). */
  address?: string;
  keyFile?: string;
  /** The options given by flag or environment rather than by default (loft deploy outside a devnet needs some given). */
  given: OptionName[];
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** `flags` are parsed command-line values keyed by flag name (undefined when not given). */
export function resolveNodeConfig(flags: Partial<Record<OptionName, unknown>>, env: NodeJS.ProcessEnv = process.env, command: "start" | "deploy" | "follow" | "prove" | "escape" = "start"): NodeConfig {
  const values: Record<string, unknown> = {};
  const given: OptionName[] = [];
  const problems: string[] = [];
  for (const [flag, spec] of Object.entries(NODE_OPTIONS) as [OptionName, (typeof NODE_OPTIONS)[OptionName]][]) {
    const fromFlag = flags[flag];
    const fromEnv = env[envName(flag)];
    const explicit = fromFlag ?? (fromEnv === "" ? undefined : fromEnv);
    if (explicit !== undefined) given.push(flag);
    const raw = explicit ?? ("default" in spec ? spec.default : undefined);
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) values[camel(flag)] = parsed.data;
    else {
      const source = fromFlag !== undefined ? `--${flag}` : `${envName(flag)}`;
      const shown = "secret" in spec && spec.secret ? "(hidden)" : JSON.stringify(raw);
      problems.push(`${source} ${shown}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    }
  }
  const mode = values.l1Rpc === undefined ? "devnet" : "chain";
  const required =
    command === "deploy" ? (["l1-rpc", "sequencer-key", "data-dir"] as const)
    : command === "follow" ? (["l1-rpc", "rollup"] as const)
    : command === "prove" ? (["l1-rpc", "rollup", "batch"] as const)
    : command === "escape" ? (["l1-rpc", "rollup", "address"] as const)
    : mode === "chain" ? (["sequencer-key", "rollup"] as const)
    : [];
  const sequencer = keyOf("sequencer", values, env, problems);
  for (const flag of required) {
    if (flag === "sequencer-key" && sequencer.given) continue;
    const alternatives = flag === "sequencer-key" ? " (or --sequencer-key-file, --sequencer-keystore)" : "";
    if (values[camel(flag)] === undefined) problems.push(`--${flag} (or ${envName(flag)}) is required ${command === "start" ? "with --l1-rpc" : `by loft ${command}`}${alternatives}`);
  }
  const challenger = keyOf("challenger", values, env, problems);
  const needsKey = (command === "follow" && values.challenge === true) || (command === "prove" && values.send === true);
  if (needsKey && !challenger.given) problems.push(`${command === "follow" ? "--challenge" : "--send"} needs --challenger-key (or LOFT_CHALLENGER_KEY), --challenger-key-file or --challenger-keystore`);
  if (command === "escape" && values.send === true && values.keyFile === undefined) problems.push("loft escape --send needs --key-file (the L1 account that sends and pays the gas; the money goes to --address)");
  if (problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${problems.join("\n  ")}`);
  values.dataDir ??= mode === "devnet" ? join(".loft", "devnet") : join(".loft", `${command === "follow" ? "follower-" : ""}${String(values.rollup).toLowerCase()}`);
  return { mode, ...values, given } as unknown as NodeConfig;
}

/** Reads the role's key from whichever source was given into values.<role>Key, adding what is wrong to `problems`. */
function keyOf(role: KeyRole, values: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: string[]) {
  const value = (suffix: string) => values[`${role}${suffix}`] as string | undefined;
  const resolved = resolveKey(role, { key: value("Key"), keyFile: value("KeyFile"), keystore: value("Keystore"), keystorePasswordFile: value("KeystorePasswordFile") }, env);
  problems.push(...resolved.problems);
  values[`${role}Key`] = resolved.key;
  return resolved;
}

/** The configuration as it may be logged: secrets replaced, wei as decimal strings (JSON has no bigint). */
export function printableConfig(config: NodeConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config, bond: config.bond?.toString(), feeMinGasPrice: config.feeMinGasPrice?.toString() };
  for (const [flag, spec] of Object.entries(NODE_OPTIONS)) {
    if ("secret" in spec && spec.secret && out[camel(flag)] !== undefined) out[camel(flag)] = "(hidden)";
  }
  return out;
}
