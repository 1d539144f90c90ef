/**
 * Deploys a Rollup (`loft deploy`, and the devnet at start) as docs/fraud-proofs.md §5 lays it out:
 * first the three fraud-proof modules, then the Rollup naming them, with the sequencer address,
 * the genesis state root, the challenge and inclusion windows in seconds, the bond the sequencer
 * must keep posted, and the value that backs the genesis L2 balances; then the deployer (the
 * sequencer) posts that bond with `postBond`, since `commitBatches` reverts below it.
 */
import { Contract, ContractFactory, getAddress, hexlify, type Signer } from "ethers";
import { FRAUD_MODULES, loadFraudModuleArtifact, loadRollupArtifact, type FraudModuleName } from "./rollup-abi.ts";

export interface RollupDeployment {
  sequencer: string;
  genesisStateRoot: Uint8Array;
  challengeWindowSeconds: number;
  inclusionWindowSeconds: number;
  /** wei: the contract's bondRequired, and what is posted right after deployment. */
  bondWei: bigint;
  /** wei sent with the deployment: the sum of the genesis balances. */
  genesisValue: bigint;
}

export type FraudModuleAddresses = Record<FraudModuleName, string>;

export interface DeployedRollup {
  address: string;
  deployTxHash: string;
  blockNumber: number;
  modules: FraudModuleAddresses;
  /** wei posted by postBond (the contract's `bond()` after deployment). */
  bondWei: bigint;
  bondTxHash: string;
}

export class RollupDeployError extends Error {
  override name = "RollupDeployError";
}

async function deployed(contract: Awaited<ReturnType<ContractFactory["deploy"]>>, what: string) {
  const receipt = await contract.deploymentTransaction()!.wait();
  if (!receipt || receipt.status !== 1) throw new RollupDeployError(`${what} deployment failed`);
  return { address: getAddress(await contract.getAddress()), receipt };
}

export async function deployRollup(deployer: Signer, deployment: RollupDeployment): Promise<DeployedRollup> {
  if (deployment.bondWei <= 0n) throw new RollupDeployError(`the bond must be above zero wei, not ${deployment.bondWei}`);
  const modules = {} as FraudModuleAddresses;
  for (const module of Object.keys(FRAUD_MODULES) as FraudModuleName[]) {
    const { abi, bytecode } = loadFraudModuleArtifact(module);
    modules[module] = (await deployed(await new ContractFactory(abi, bytecode, deployer).deploy(), FRAUD_MODULES[module])).address;
  }
  const { abi, bytecode } = loadRollupArtifact();
  const rollup = await deployed(
    await new ContractFactory(abi, bytecode, deployer).deploy(
      getAddress(deployment.sequencer),
      hexlify(deployment.genesisStateRoot),
      deployment.challengeWindowSeconds,
      deployment.inclusionWindowSeconds,
      deployment.bondWei,
      { stateTransition: modules.stateTransition, signature: modules.signature, roots: modules.roots },
      { value: deployment.genesisValue },
    ),
    "Rollup",
  );
  const contract = new Contract(rollup.address, abi, deployer);
  const bondReceipt = await (await contract.getFunction("postBond")({ value: deployment.bondWei })).wait();
  if (!bondReceipt || bondReceipt.status !== 1) throw new RollupDeployError(`postBond of ${deployment.bondWei} wei to ${rollup.address} failed`);
  const bondWei = BigInt(await contract.getFunction("bond")());
  return { address: rollup.address, deployTxHash: rollup.receipt.hash, blockNumber: rollup.receipt.blockNumber, modules, bondWei, bondTxHash: bondReceipt.hash };
}
