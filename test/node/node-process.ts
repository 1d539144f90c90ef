/** The node as a child process (`loft start` against an L1 the test runs), for crash tests. */
import { spawn, type ChildProcess } from "node:child_process";

export interface NodeProcess {
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `loft` with `args` (`start` or `follow`) and resolves once it prints that it is running (or rejects with its output). */
export function startNodeProcess(args: string[], timeoutMs = 60_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "sequencer/cli/main.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const handle: NodeProcess = {
    child,
    output: () => output,
    kill: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`node did not start within ${timeoutMs} ms:\n${output.slice(-3000)}`));
    }, timeoutMs);
    const check = () => {
      if (/Loft (follower )?is running/.test(output)) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve(handle);
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${signal ?? code}) before it was running:\n${output.slice(-3000)}`));
    });
  });
}
