/**
 * The Rollup's state as L1 holds it at a given block: the poster rebuilds what it knows from this
 * every round rather than from what it sent (a reorg may have removed commits, another
 * transaction may have taken a nonce). At a block before the Rollup existed every count is zero.
 */
import type { JsonRpcProvider } from "ethers";
import { rollupInterface } from "./rollup-abi.ts";

export interface ChainState {
  /** The last committed batch. */
  lastNumber: number;
  /** Messages ever appended to the L1 queue. */
  queueLength: number;
  frozen: boolean;
}

export interface CommitRecordView {
  index: number;
  firstBatch: number;
  lastBatch: number;
  stateRoot: string;
  committedAt: number;
}

export class RollupView {
  constructor(private readonly provider: JsonRpcProvider, private readonly rollup: string) {}

  private async read(name: string, args: unknown[], block: number): Promise<ReturnType<ReturnType<typeof rollupInterface>["decodeFunctionResult"]> | undefined> {
    const iface = rollupInterface();
    const data = await this.provider.call({ to: this.rollup, data: iface.encodeFunctionData(name, args), blockTag: block });
    if (data === "0x") return undefined; // no contract at that block yet
    return iface.decodeFunctionResult(name, data);
  }

  async chainAt(block: number): Promise<ChainState> {
    const result = await this.read("chain", [], block);
    if (!result) return { lastNumber: 0, queueLength: 0, frozen: false };
    return { lastNumber: Number(result.getValue("lastNumber")), queueLength: Number(result.getValue("queueLength")), frozen: Boolean(result.getValue("frozen")) };
  }

  /** The last batch of the last final commit, judged at `block` (its timestamp). */
  async lastFinalBatchAt(block: number): Promise<number> {
    const result = await this.read("lastFinalBatch", [], block);
    return result ? Number(result[0]) : 0;
  }

  /** The commit carrying batch `number` at `block` (the batch must be committed there). */
  async commitOfBatchAt(number: number, block: number): Promise<CommitRecordView> {
    const index = Number((await this.read("commitOf", [number], block))![0]);
    const record = (await this.read("commits", [index], block))![0] as { firstBatch: bigint; lastBatch: bigint; stateRoot: string; committedAt: bigint };
    return { index, firstBatch: Number(record.firstBatch), lastBatch: Number(record.lastBatch), stateRoot: record.stateRoot.toLowerCase(), committedAt: Number(record.committedAt) };
  }
}
