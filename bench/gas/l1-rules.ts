/**
 * What the L1 of `npm run bench:gas` is, read from the running chain rather than assumed: Hardhat's
 * in-process network (its EDR runtime), the hardfork it runs, its block gas limit, and whether it
 * enforces EIP-7825's per-transaction gas cap of 2^24 (probed: a gas limit of 2^24 + 1 must be
 * refused, 2^24 accepted).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getChain } from "../../test/contracts/hardhat-chain.ts";

export const TX_GAS_CAP = 2 ** 24;

export interface L1Rules {
  hardhat: string;
  edr: string;
  hardfork: string;
  blockGasLimit: number;
  /** A transaction above 2^24 gas is refused and one of exactly 2^24 accepted. */
  capEnforced: boolean;
}

export async function l1Rules(): Promise<L1Rules> {
  const require = createRequire(import.meta.url);
  const hre = (await import("hardhat")).default;
  const network = hre.config.networks.hardhat;
  const chain = await getChain();
  const signer = chain.signers[9]!;
  const sendWithLimit = (gasLimit: number) => signer.sendTransaction({ to: signer.address, gasLimit }).then((tx) => tx.wait()).then(() => true, () => false);
  const capEnforced = !(await sendWithLimit(TX_GAS_CAP + 1)) && (await sendWithLimit(TX_GAS_CAP));
  return {
    hardhat: (require("hardhat/package.json") as { version: string }).version,
    // @nomicfoundation/edr exports no package.json: read the one Hardhat resolves from its own folder
    edr: (JSON.parse(readFileSync(createRequire(require.resolve("hardhat/package.json")).resolve("@nomicfoundation/edr").replace(/index\.js$/, "package.json"), "utf8")) as { version: string }).version,
    hardfork: network.hardfork,
    blockGasLimit: Number(network.blockGasLimit),
    capEnforced,
  };
}
