/**
 * Deploys the Rollup contract (`loft deploy`, and the devnet at start): the sequencer address,
 * the genesis state root, the challenge and inclusion windows in seconds, and the value that backs
 * the genesis L2 balances.
 */
import { ContractFactory, getAddress, hexlify, type Signer } from "ethers";
import { loadRollupArtifact } from "./rollup-abi.ts";

export interface RollupDeployment {
  sequencer: string;
  genesisStateRoot: Uint8Array;
  challengeWindowSeconds: number;
  inclusionWindowSeconds: number;
  /** wei sent with the deployment: the sum of the genesis balances. */
  genesisValue: bigint;
}

export interface DeployedRollup {
  address: string;
  deployTxHash: string;
  blockNumber: number;
}

export async function deployRollup(deployer: Signer, deployment: RollupDeployment): Promise<DeployedRollup> {
  const { abi, bytecode } = loadRollupArtifact();
  const factory = new ContractFactory(abi, bytecode, deployer);
  const contract = await factory.deploy(
    getAddress(deployment.sequencer),
    hexlify(deployment.genesisStateRoot),
    deployment.challengeWindowSeconds,
    deployment.inclusionWindowSeconds,
    { value: deployment.genesisValue },
  );
  const receipt = await contract.deploymentTransaction()!.wait();
  if (!receipt || receipt.status !== 1) throw new Error("Rollup deployment failed");
  return { address: await contract.getAddress(), deployTxHash: receipt.hash, blockNumber: receipt.blockNumber };
}
