/**
 * Memory of the node during the send window, from /proc (Linux): resident set sampled every
 * 250 ms (peak and last, MiB) and the kernel's own high-water mark (VmHWM, since the node started).
 */
import { readFileSync } from "node:fs";

export interface MemoryFigures {
  peakRssMiB: number;
  lastRssMiB: number;
  highWaterMiB: number;
  samples: number;
}

function statusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function sampleMemory(pid: number, everyMs = 250): { stop(): void; result(): MemoryFigures } {
  let peak = 0;
  let last = Number.NaN;
  let samples = 0;
  const sample = () => {
    last = statusKiB(pid, "VmRSS");
    if (last > peak) peak = last;
    samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  const mib = (kib: number) => Math.round(kib / 1024);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
    },
    result: () => ({ peakRssMiB: mib(peak), lastRssMiB: mib(last), highWaterMiB: mib(statusKiB(pid, "VmHWM")), samples }),
  };
}
