/**
 * Who used the 2 cores during the replay: this process (follower main thread, signature workers,
 * LMDB and libuv threads) and the Hardhat L1 child, which shares the machine. Read from /proc
 * (utime + stime) at both ends of the window; shares are of one core (2.0 = both cores busy).
 */
import { readFileSync } from "node:fs";
import { cpuSeconds } from "../tps/proc-cpu.ts";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface CpuReading {
  at: number;
  process: number;
  mainThread: number;
  l1: number;
}

/** The main thread alone: its task's stat (the process's stat sums every thread). */
function mainThreadSeconds(): number {
  try {
    const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export function readCpu(l1Pid: number): CpuReading {
  return { at: performance.now(), process: cpuSeconds("self"), mainThread: mainThreadSeconds(), l1: cpuSeconds(l1Pid) };
}

export interface CpuSplit {
  /** Share of one core over the window. */
  share: { followerProcess: number; followerMainThread: number; followerOtherThreads: number; l1: number; total: number };
  /** CPU µs per replayed transaction. */
  microsecondsPerTx: { followerMainThread: number; followerOtherThreads: number; l1: number; total: number };
}

export function cpuSplit(before: CpuReading, after: CpuReading, transactions: number): CpuSplit {
  const wall = (after.at - before.at) / 1000;
  const process = after.process - before.process;
  const main = after.mainThread - before.mainThread;
  const l1 = after.l1 - before.l1;
  const share = (seconds: number) => Number((seconds / wall).toFixed(2));
  const perTx = (seconds: number) => Math.round((seconds * 1e6) / transactions);
  return {
    share: { followerProcess: share(process), followerMainThread: share(main), followerOtherThreads: share(process - main), l1: share(l1), total: share(process + l1) },
    microsecondsPerTx: { followerMainThread: perTx(main), followerOtherThreads: perTx(process - main), l1: perTx(l1), total: perTx(process + l1) },
  };
}
