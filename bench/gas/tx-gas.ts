/**
 * Splits a transaction's gas into its parts: the 21,000 base, calldata under EIP-2028 (4 gas per
 * zero byte, 16 per other byte), the EIP-7623 calldata floor (10 gas per token, tokens = zeros +
 * 4 × others; in force since Prague, so on the Osaka rules Hardhat runs) and the EVM execution,
 * read from debug_traceTransaction so it stays visible even when the floor is what is charged.
 * `trace: false` skips the trace (a proof of millions of steps would make a trace of hundreds of
 * MB): execution is then gasUsed − base − calldata, which holds while the floor does not bind.
 */
import { getBytes, type BrowserProvider } from "ethers";

export interface TxGas {
  gasUsed: number;
  calldataBytes: number;
  calldata: number; // EIP-2028 cost of the input
  floor: number; // EIP-7623 minimum gasUsed for this input (21,000 included)
  execution: number; // gas the EVM spent running the call
  /** Execution gas by what it paid for (opcode groups), from the trace. */
  parts: Map<string, number>;
}

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
}

const GROUPS: Array<[RegExp, string]> = [
  [/^SSTORE$/, "storage writes"],
  [/^SLOAD$/, "storage reads"],
  [/^STATICCALL$/, "SHA-256 precompile calls"],
  [/^CALL$/, "ETH payout call"],
  [/^LOG\d$/, "events"],
  [/^(KECCAK256|SHA3|CALLDATACOPY)$/, "keccak256 (data, chunks, trees: copy, hash)"],
];

/** Gas of each top-level step: the drop in gas to the next step at the same depth (sub-calls included). */
function groupCosts(logs: StructLog[]): Map<string, number> {
  const parts = new Map<string, number>();
  for (let i = 0; i < logs.length; i++) {
    const step = logs[i]!;
    if (step.depth !== logs[0]!.depth) continue;
    let next = i + 1;
    while (next < logs.length && logs[next]!.depth !== step.depth) next++;
    const cost = next < logs.length ? step.gas - logs[next]!.gas : step.gasCost;
    const group = GROUPS.find(([pattern]) => pattern.test(step.op))?.[1] ?? "other opcodes";
    parts.set(group, (parts.get(group) ?? 0) + cost);
  }
  return parts;
}

export async function txGas(provider: BrowserProvider, hash: string, options: { trace?: boolean } = {}): Promise<TxGas> {
  const [tx, receipt] = await Promise.all([provider.getTransaction(hash), provider.getTransactionReceipt(hash)]);
  if (!tx || !receipt) throw new Error(`transaction ${hash} not found`);
  if (receipt.status !== 1) throw new Error(`transaction ${hash} reverted: the figure would measure a failure`);
  const input = getBytes(tx.data);
  const zeros = input.filter((b) => b === 0).length;
  const others = input.length - zeros;
  const gasUsed = Number(receipt.gasUsed);
  const calldata = zeros * 4 + others * 16;
  const floor = 21_000 + 10 * (zeros + 4 * others);
  if (options.trace === false) {
    if (gasUsed <= floor) throw new Error(`transaction ${hash}: the calldata floor binds, its execution needs the trace`);
    return { gasUsed, calldataBytes: input.length, calldata, floor, execution: gasUsed - 21_000 - calldata, parts: new Map() };
  }
  const trace = (await provider.send("debug_traceTransaction", [
    hash,
    { disableMemory: true, disableStack: true, disableStorage: true },
  ])) as { structLogs: StructLog[] };
  const logs = trace.structLogs;
  const first = logs[0];
  const last = logs[logs.length - 1];
  const execution = first && last ? first.gas - last.gas + last.gasCost : 0;
  return {
    gasUsed,
    calldataBytes: input.length,
    calldata,
    floor,
    execution,
    parts: groupCosts(logs),
  };
}

/** gasUsed as the rules before EIP-7623 would charge it: base + calldata + execution (+ creation extras: none here). */
export const standardGas = (g: TxGas): number => 21_000 + g.calldata + g.execution;
