/** Reads the latest L1 block's base fee into an {@link L1DataPrice} (the node polls it once a second). */
import type { L1DataPrice } from "./l1-data-price.ts";

export interface BlockSource {
  getBlock(tag: "latest"): Promise<{ number: number; baseFeePerGas: bigint | null } | null>;
}

export async function readL1Price(provider: BlockSource, price: L1DataPrice): Promise<void> {
  const block = await provider.getBlock("latest");
  // a pre-London L1 has no base fee: the floor applies
  if (block) price.observe(block.number, block.baseFeePerGas ?? 0n);
}
