/**
 * `loft` entry point (`npm start` runs `loft start`). Without --l1-rpc it runs a devnet: a Hardhat
 * L1 on a free port, the Rollup deployed with the devnet genesis, and the node on
 * ws://127.0.0.1:8547/ws. With --l1-rpc it runs against a Rollup that `loft deploy` created.
 * Ctrl-C / SIGTERM stop intake, seal and flush, stop the devnet L1, close LMDB.
 */
import { formatEther, getAddress, hexlify } from "ethers";
import { RollupChainIdError } from "../config/rollup-chain-id.ts";
import pino, { type Logger } from "pino";
import { ConfigError, printableConfig, resolveNodeConfig, type NodeConfig } from "../config/node-config.ts";
import { runFollower } from "../follower/run-follower.ts";
import { proveCommand } from "../fraud/prove-command.ts";
import { escapeCommand } from "../escape/escape-command.ts";
import { assertNativeBindings, NativeBindingError } from "../native/native-bindings.ts";
import { setUpDevnet } from "../node/devnet-setup.ts";
import { ChainSetupError, setUpChain } from "../node/chain-setup.ts";
import { deployToChain } from "../node/chain-deploy.ts";
import { DeployRefusedError } from "../config/deploy-parameters.ts";
import { startNode } from "../node/loft-node.ts";
import { DataDirLockedError } from "../store/data-dir-lock.ts";
import { DevnetDataDirError } from "../devnet/devnet-data-dir.ts";
import { parseArgs, UsageError } from "./parse-args.ts";
import { addressOfKey, standardDevKeys } from "../genesis/dev-keys.ts";

function fail(message: string): never {
  console.error(`loft: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = await parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) fail(`${error.message} (see loft --help)`);
    throw error;
  }
  if (!parsed) return;
  let config;
  try {
    assertNativeBindings();
    config = resolveNodeConfig(parsed.flags, process.env, parsed.command);
  } catch (error) {
    if (error instanceof NativeBindingError || error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const log = pino({ level: config.logLevel, base: undefined });
  for (const role of ["sequencer", "challenger"] as const) {
    if (parsed.flags[`${role}-key`] !== undefined) log.warn(`--${role}-key was given on the command line, where \`ps\` shows it to every user of this machine: use --${role}-key-file or --${role}-keystore (docs/node-api.md)`);
  }
  if (parsed.command === "deploy") {
    let deployed;
    try {
      deployed = await deployToChain(config);
    } catch (error) {
      if (error instanceof DeployRefusedError || error instanceof DataDirLockedError) fail(error.message);
      throw error;
    }
    console.log(`Rollup deployed at ${deployed.rollup} (chain id ${deployed.chainId}, block ${deployed.deployBlock}) with fraud-proof modules ${Object.entries(deployed.modules).map(([name, address]) => `${name} ${address}`).join(", ")}; bond posted: ${formatEther(deployed.bondWei)} ETH; data dir ${config.dataDir} is ready.`);
    const keyFlags = config.sequencerKeystore ? `--sequencer-keystore ${config.sequencerKeystore}${config.sequencerKeystorePasswordFile ? ` --sequencer-keystore-password-file ${config.sequencerKeystorePasswordFile}` : ""}` : `--sequencer-key-file ${config.sequencerKeyFile ?? "<file>"}`;
    console.log(`Start the node with: loft start --l1-rpc ${config.l1Rpc} ${keyFlags} --rollup ${deployed.rollup} --data-dir ${config.dataDir}`);
    return;
  }
  if (parsed.command === "follow") return follow(config, log);
  if (parsed.command === "prove") process.exit(await proveCommand(config, log).catch((error: unknown) => (error instanceof DataDirLockedError ? fail(error.message) : Promise.reject(error))));
  if (parsed.command === "escape") process.exit(await escapeCommand(config, log));
  log.info({ config: printableConfig(config) }, config.mode === "devnet" ? "starting a devnet" : "starting");
  let l1;
  try {
    l1 = config.mode === "devnet" ? await setUpDevnet(config) : await setUpChain(config, log);
  } catch (error) {
    if (error instanceof ChainSetupError || error instanceof DevnetDataDirError || error instanceof DataDirLockedError) fail(error.message);
    throw error;
  }
  let node;
  try {
    node = await startNode(config, l1, log);
  } catch (error) {
    await l1.stop();
    fail(`the node could not start: ${(error as Error).message}`); // e.g. the port is taken, or a data dir of another rollup
  }
  const example = getAddress(hexlify(addressOfKey(standardDevKeys(2)[1]!)));
  console.log(
    [
      "",
      config.mode === "devnet" ? "Loft devnet is running." : "Loft is running.",
      `  node (JSON-RPC over WebSocket): ${node.url}`,
      `  explorer and HTTP API:          http://${config.host}:${node.server.port}/`,
      `  L1 JSON-RPC:                    ${l1.rpcUrl}`,
      `  Rollup contract:                ${l1.rollup} (chain id ${l1.chainId})`,
      ...(config.mode === "devnet" ? [`  funded accounts:                the 20 Hardhat dev accounts (mnemonic "test test … junk"), 10,000 ETH each${config.devAccounts ? `, plus ${config.devAccounts} load-test accounts` : ""}`] : []),
      `  try:  wscat -c ${node.url} -x '{"jsonrpc":"2.0","id":1,"method":"loft_getAccount","params":["${example}"]}'`,
      "",
    ].join("\n"),
  );
  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(130);
    log.info({ signal }, "stopping: intake closed, sealing what is pending");
    void node.stop();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  const error = await node.stopped;
  await l1.stop();
  log.info("stopped");
  process.exit(error ? 1 : 0);
}

async function follow(config: NodeConfig, log: Logger): Promise<void> {
  const service = await runFollower(config, log).catch((error: unknown) => (error instanceof DataDirLockedError || error instanceof RollupChainIdError ? fail(error.message) : Promise.reject(error)));
  console.log(`\nLoft follower is running: ${service.url} (read-only), verifying ${config.rollup} from ${config.l1Rpc}; data in ${config.dataDir}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await service.stop();
  log.info("follower stopped");
}

await main();
