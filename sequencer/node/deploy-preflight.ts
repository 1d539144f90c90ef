/**
 * What `loft deploy` checks before it sends anything, so that an operator trying it on a plain
 * `npx hardhat node` (or anvil) gets a sentence that says what to do rather than a genesis
 * assertion or an ethers stack trace:
 * - on a devnet chain (31337) the genesis funds the 20 Hardhat dev accounts (and --dev-accounts
 *   load-test accounts); the sequencer's address is the fee recipient at index 0, so it cannot be
 *   one of them;
 * - the sequencer pays the genesis backing (the sum of the genesis L2 balances: 200,000 ETH for
 *   the 20 dev accounts), the bond, and gas; a key without that much is refused, naming the
 *   amount and how to fund it (on Hardhat / anvil: their setBalance RPC).
 */
import { formatEther, getAddress, hexlify, isError, toQuantity, type JsonRpcProvider } from "ethers";
import { DEV_CHAIN_ID, DeployRefusedError } from "../config/deploy-parameters.ts";
import { addressOfKey, loadTestKeys, standardDevKeys } from "../genesis/dev-keys.ts";
import { DEV_BALANCE } from "../genesis/genesis.ts";

/** Refuses a sequencer that is one of the accounts the devnet genesis funds. */
export function refuseFundedSequencer(sequencer: string, devAccounts: number): void {
  const funded = [...standardDevKeys(), ...loadTestKeys(devAccounts)].map((key) => getAddress(hexlify(addressOfKey(key))));
  const index = funded.indexOf(getAddress(sequencer));
  if (index < 0) return;
  const which = index < 20 ? `Hardhat dev account #${index} (mnemonic "test test … junk")` : `load-test account ${index - 20} (--dev-accounts)`;
  throw new DeployRefusedError(
    `loft deploy refused: the sequencer key's address ${getAddress(sequencer)} is ${which}, which the devnet genesis already funds with ${formatEther(DEV_BALANCE)} ETH on L2; the sequencer is the genesis fee recipient (index 0) and needs an address of its own: create a key (node -e "console.log(require('ethers').Wallet.createRandom().privateKey)"), fund it on L1, and deploy with that (docs/node-api.md, "From an empty L1 to a running node")`,
  );
}

/** Gas a deployment may burn at most, for the funding estimate: the three fraud-proof modules, the Rollup and postBond took 10.76M on Hardhat (test/devnet/plain-hardhat.e2e.test.ts checks it stays under). */
const DEPLOY_GAS = 15_000_000n;

export interface DeployFunding {
  chainId: bigint;
  sequencer: string;
  genesisValue: bigint;
  bondWei: bigint;
  rpcUrl: string;
}

/** Refuses a sequencer whose L1 balance cannot pay the genesis backing, the bond and the deployment's gas; else the amount needed. */
export async function refuseUnfundedSequencer(provider: JsonRpcProvider, funding: DeployFunding): Promise<bigint> {
  const [balance, fees] = await Promise.all([provider.getBalance(funding.sequencer), provider.getFeeData()]);
  const needed = funding.genesisValue + funding.bondWei + DEPLOY_GAS * (fees.maxFeePerGas ?? fees.gasPrice ?? 0n);
  if (balance < needed) throw new DeployRefusedError(`loft deploy refused: ${unfunded(funding, balance, needed)}`);
  return needed;
}

/** The same sentence when the L1 still answers "insufficient funds" during the deployment (fees rose meanwhile). */
export function insufficientFundsError(error: unknown, funding: DeployFunding, needed: bigint): DeployRefusedError | undefined {
  if (!isError(error, "INSUFFICIENT_FUNDS")) return undefined;
  return new DeployRefusedError(`loft deploy stopped part-way, the L1 answered "insufficient funds" (contracts deployed so far are unused): ${unfunded(funding, undefined, needed)}`);
}

function unfunded({ chainId, sequencer, genesisValue, bondWei, rpcUrl }: DeployFunding, balance: bigint | undefined, needed: bigint): string {
  const has = balance === undefined ? "" : ` has ${formatEther(balance)} ETH on chain ${chainId}, but`;
  const parts = [genesisValue > 0n ? `${formatEther(genesisValue)} ETH of genesis backing (the L2 balances genesis gives the devnet accounts, ${formatEther(DEV_BALANCE)} ETH each)` : undefined, `the ${formatEther(bondWei)} ETH bond`, "gas"].filter(Boolean);
  const what = `the sequencer ${sequencer}${has} the deployment needs about ${formatEther(needed)} ETH: ${parts.join(" + ")}`;
  if (chainId !== DEV_CHAIN_ID) return `${what}. Send at least ${formatEther(needed - (balance ?? 0n))} ETH to ${sequencer} and run loft deploy again`;
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "hardhat_setBalance", params: [sequencer, toQuantity(needed + 10n ** 19n)] });
  return `${what}. On a Hardhat node, fund it with: curl -s -H 'content-type: application/json' -d '${body}' ${rpcUrl} (anvil: anvil_setBalance), then run loft deploy again`;
}
