/**
 * `loft` entry point (`npm start` runs `loft start`). Without --l1-rpc it runs a devnet: a Hardhat
 * L1 on a free port, the Rollup deployed with the devnet genesis, and the node on
 * ws://127.0.0.1:8547/ws. Ctrl-C / SIGTERM stop intake, seal and flush, stop the L1, close LMDB.
 */
import { getAddress, hexlify } from "ethers";
import pino from "pino";
import { ConfigError, printableConfig, resolveNodeConfig } from "../config/node-config.ts";
import { assertNativeBindings, NativeBindingError } from "../native/native-bindings.ts";
import { setUpDevnet } from "../node/devnet-setup.ts";
import { startNode } from "../node/loft-node.ts";
import { parseArgs, UsageError } from "./parse-args.ts";
import { standardDevKeys } from "../genesis/dev-keys.ts";
import { addressOfKey } from "../genesis/dev-keys.ts";

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
    config = resolveNodeConfig(parsed.flags);
  } catch (error) {
    if (error instanceof NativeBindingError || error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (parsed.command === "deploy" || config.mode === "chain") {
    fail("real-chain mode (`loft deploy`, `loft start --l1-rpc …`) is not implemented yet; run `npm start` for a local devnet");
  }
  const log = pino({ level: config.logLevel, base: undefined });
  log.info({ config: printableConfig(config) }, "starting a devnet");
  const l1 = await setUpDevnet(config);
  let node;
  try {
    node = await startNode(config, l1, log);
  } catch (error) {
    await l1.stop();
    throw error;
  }
  const example = getAddress(hexlify(addressOfKey(standardDevKeys(2)[1]!)));
  console.log(
    [
      "",
      "Loft devnet is running.",
      `  node (JSON-RPC over WebSocket): ${node.url}`,
      `  explorer and HTTP API:          http://${config.host}:${node.server.port}/`,
      `  L1 (Hardhat) JSON-RPC:          ${l1.rpcUrl}`,
      `  Rollup contract:                ${l1.rollup} (chain id ${l1.chainId})`,
      `  funded accounts:                the 20 Hardhat dev accounts (mnemonic "test test … junk"), 10,000 ETH each${config.devAccounts ? `, plus ${config.devAccounts} load-test accounts` : ""}`,
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

await main();
