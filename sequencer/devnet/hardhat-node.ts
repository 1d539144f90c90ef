/**
 * The devnet's L1: a Hardhat node in a child process on 127.0.0.1 (a free port), mining a block
 * every `blockIntervalMs` as well as on each transaction. `stop()` ends it (SIGTERM, then SIGKILL)
 * and is also run when this process exits, so no L1 outlives the node or a test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { JsonRpcProvider } from "ethers";
import { freePort } from "./free-port.ts";

const require = createRequire(import.meta.url);
const HARDHAT_CLI = require.resolve("hardhat/internal/cli/cli.js");
const HARDHAT_CONFIG = fileURLToPath(new URL("../../contracts/hardhat.config.cjs", import.meta.url));
const READY = /Started HTTP and WebSocket JSON-RPC server at (http:\/\/\S+)/;

export interface HardhatNodeOptions {
  port?: number;
  /** Interval mining period; 0 mines only on transactions (tests that control blocks). Default 1,000. */
  blockIntervalMs?: number;
  startTimeoutMs?: number;
  log?: (line: string) => void;
  /**
   * An EVM hardfork other than the config's (e.g. "cancun", before EIP-7623's calldata floor, so
   * that a data-heavy transaction's gasUsed shows its execution: the gas measurements use it).
   */
  hardfork?: string;
}

export interface HardhatNode {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A config file that is the project's with another hardfork for the in-process network, in a temp dir. */
function configWithHardfork(hardfork: string): { path: string; remove(): void } {
  if (!/^[a-z]+$/.test(hardfork)) throw new Error(`hardfork ${JSON.stringify(hardfork)}: expected a Hardhat hardfork name such as cancun`);
  const dir = mkdtempSync(join(tmpdir(), "loft-hardhat-"));
  const path = join(dir, "hardhat.config.cjs");
  writeFileSync(path, `const base = require(${JSON.stringify(HARDHAT_CONFIG)});\nmodule.exports = { ...base, networks: { ...base.networks, hardhat: { ...base.networks.hardhat, hardfork: ${JSON.stringify(hardfork)} } } };\n`);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startHardhatNode(options: HardhatNodeOptions = {}): Promise<HardhatNode> {
  const port = options.port ?? (await freePort());
  const config = options.hardfork ? configWithHardfork(options.hardfork) : undefined;
  const child = spawn(process.execPath, [HARDHAT_CLI, "--config", config?.path ?? HARDHAT_CONFIG, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    config?.remove();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  let output = "";
  try {
    const rpcUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Hardhat node did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${output.slice(-2000)}`)), options.startTimeoutMs ?? 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = READY.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`Hardhat node exited (${signal ?? code}) before it was ready:\n${output.slice(-2000)}`));
      });
    });
    const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    await provider.send("evm_setIntervalMining", [options.blockIntervalMs ?? 1_000]);
    provider.destroy();
    child.stdout!.removeAllListeners("data").resume();
    if (options.log) child.stderr!.on("data", (chunk: Buffer) => options.log!(chunk.toString().trimEnd()));
    return { rpcUrl, port, process: child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
