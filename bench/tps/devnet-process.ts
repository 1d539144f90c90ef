/**
 * A Loft devnet (`sequencer/cli/main.ts`: Hardhat L1 + Rollup + node) as a child process on a
 * free port of 127.0.0.1 with a temporary data directory. `stop()` sends SIGINT (the node seals,
 * flushes and stops its L1), then SIGKILL after a grace period, and kills the L1 if it is left.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../sequencer/devnet/free-port.ts";
import { childPids } from "./proc-cpu.ts";

export interface DevnetProcess {
  pid: number;
  /** The Hardhat L1's pid (a child of the node), if found. */
  l1Pid: number | undefined;
  url: string;
  l1RpcUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export interface DevnetOptions {
  devAccounts: number;
  signatureWorkers: number;
  /** Extra `loft start` flags, e.g. ["--batch-max-txs", "5000"]. */
  flags?: string[];
  /** Node.js flags for the node, e.g. ["--cpu-prof", "--cpu-prof-dir=…"]. */
  nodeFlags?: string[];
  startTimeoutMs?: number;
  /** Extra environment for the node, e.g. { LOFT_UNSAFE_NO_INTERMEDIATE_ROOTS: "1" }. */
  env?: Record<string, string>;
}

const REPO = fileURLToPath(new URL("../../", import.meta.url));

export async function startDevnet(options: DevnetOptions): Promise<DevnetProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "loft-bench-"));
  const args = [
    ...(options.nodeFlags ?? []), "--import", "tsx", join(REPO, "sequencer/cli/main.ts"),
    "--port", String(port), "--data-dir", dataDir, "--dev-accounts", String(options.devAccounts),
    "--signature-workers", String(options.signatureWorkers), "--l1-confirmations", "1", "--log-level", "warn",
    ...(options.flags ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" } });
  let output = "";
  child.stdout!.on("data", (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (output = (output + d).slice(-20_000)));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let l1Pid: number | undefined;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    }
    if (l1Pid !== undefined) {
      try {
        process.kill(l1Pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`devnet did not start within ${options.startTimeoutMs ?? 120_000} ms:\n${output.slice(-3000)}`)), options.startTimeoutMs ?? 120_000);
      const check = () => {
        if (/L1 JSON-RPC:\s+\S+/.test(output) && /node \(JSON-RPC over WebSocket\):\s+\S+/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", check);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`devnet exited (${signal ?? code}) before it was running:\n${output.slice(-3000)}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  l1Pid = childPids(child.pid!)[0];
  return {
    pid: child.pid!,
    l1Pid,
    url: /node \(JSON-RPC over WebSocket\):\s+(\S+)/.exec(output)![1]!,
    l1RpcUrl: /L1 JSON-RPC:\s+(\S+)/.exec(output)![1]!,
    output: () => output,
    stop,
  };
}
