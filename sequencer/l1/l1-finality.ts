/**
 * The newest L1 block the node treats as final: the L1's own `finalized` block where it has one,
 * and never one with fewer than `confirmations` blocks on top (a development chain such as
 * Hardhat answers `finalized` with its head). Where the tag is not supported, `confirmations`
 * alone decide. Which of these holds is logged once, when first seen.
 */
import type { Block, JsonRpcProvider } from "ethers";
import type { Logger } from "pino";
import { isTransientL1Error } from "./l1-errors.ts";

export type FinalitySource = "finalized-tag" | "confirmations";

export class L1Finality {
  private source: FinalitySource | undefined;
  private tagFollowsHead = false;

  constructor(private readonly provider: JsonRpcProvider, private readonly confirmations: number, private readonly log?: Logger) {}

  /** The final block height given the current head. */
  async height(head: Pick<Block, "number">): Promise<number> {
    const byConfirmations = head.number - this.confirmations + 1;
    if (this.source === "confirmations") return byConfirmations;
    let tagged: number | undefined;
    try {
      tagged = (await this.provider.getBlock("finalized"))?.number ?? undefined;
    } catch (error) {
      if (isTransientL1Error(error)) throw error;
    }
    if (tagged === undefined) {
      this.source = "confirmations";
      this.log?.info({ confirmations: this.confirmations }, "L1 finality: this L1 has no `finalized` block tag; a commit counts as final on L1 after --l1-confirmations blocks");
      return byConfirmations;
    }
    if (this.source === undefined) {
      this.source = "finalized-tag";
      this.tagFollowsHead = tagged >= head.number;
      this.log?.info(
        { confirmations: this.confirmations, finalizedBlock: tagged, head: head.number },
        this.tagFollowsHead
          ? "L1 finality: this L1's `finalized` block is its head (a development chain): --l1-confirmations decide what is final on L1"
          : "L1 finality: a commit is final on L1 once its block is at or below the L1's `finalized` block (and has --l1-confirmations)",
      );
    }
    return Math.min(tagged, byConfirmations);
  }

  get described(): FinalitySource | undefined {
    return this.source;
  }
}
