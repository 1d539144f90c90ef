/**
 * Summarizes V8 .cpuprofile files (from a node run with --node-flags="--cpu-prof --cpu-prof-dir=DIR"):
 * self time by file, by function, by innermost sequencer/ caller and by pipeline stage, per profile
 * (main thread and each worker thread), top N, optionally only between FROM_S and TO_S seconds
 * after the profile's start.
 * Usage: node --import tsx bench/tps/profile-summary.ts DIR [N] [FROM_S] [TO_S]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stageOf, type Frame } from "./profile-stages.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/(sequencer|node_modules|bench)\//, "$1/").replace(/^node:/, "node:") || "(native/vm)";

/** Self time by file and function, and by the innermost sequencer/ function on the stack ("who asked for it"), for samples in [fromS, toS] s after the profile's start. */
export function selfTimes(profile: CpuProfile, fromS = 0, toS = Infinity): { byFile: Map<string, number>; byFunction: Map<string, number>; bySequencerCaller: Map<string, number>; byStage: Map<string, number>; totalMs: number } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const bySequencerCaller = new Map<string, number>();
  const byStage = new Map<string, number>();
  let totalMs = 0;
  let clock = 0;
  profile.samples.forEach((id, k) => {
    const ms = (profile.timeDeltas[k] ?? 0) / 1000;
    clock += ms;
    if (clock < fromS * 1000 || clock > toS * 1000) return;
    const stack: Frame[] = [];
    for (let up: number | undefined = id; up !== undefined; up = parents.get(up)) stack.push(nodes.get(up)!.callFrame);
    const stage = stageOf(stack);
    byStage.set(stage, (byStage.get(stage) ?? 0) + ms);
    let at: number | undefined = id;
    let caller = "(none in sequencer/)";
    while (at !== undefined) {
      const f = nodes.get(at)!.callFrame;
      if (f.url.includes("/sequencer/")) {
        caller = `${f.functionName || "(anonymous)"} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
        break;
      }
      at = parents.get(at);
    }
    if (nodes.get(id)!.callFrame.functionName !== "(idle)") bySequencerCaller.set(caller, (bySequencerCaller.get(caller) ?? 0) + ms);
    const frame = nodes.get(id)!.callFrame;
    const file = frame.url ? shortUrl(frame.url) : frame.functionName;
    const fn = `${frame.functionName || "(anonymous)"} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ""}`;
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    totalMs += ms;
  });
  return { byFile, byFunction, bySequencerCaller, byStage, totalMs };
}

const top = (map: Map<string, number>, n: number, total: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`).join("\n");

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2]!;
  const n = Number(process.argv[3] ?? 15);
  const fromS = Number(process.argv[4] ?? 0);
  const toS = Number(process.argv[5] ?? Infinity);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).sort()) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    const { byFile, byFunction, bySequencerCaller, byStage, totalMs } = selfTimes(profile, fromS, toS);
    console.log(`${file}: ${(totalMs / 1000).toFixed(1)} s sampled (wall ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)\n by file:\n${top(byFile, n, totalMs)}\n by function:\n${top(byFunction, n, totalMs)}\n busy time by innermost sequencer/ caller:\n${top(bySequencerCaller, n, totalMs)}\n by pipeline stage:\n${top(byStage, 20, totalMs)}\n`);
  }
}
