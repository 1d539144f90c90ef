/**
 * The Rollup contract on L1 as the SDK uses it: deposit and full exit (they append to the L1
 * queue, spec §5), claiming a final withdrawal with the calldata the node's explorer builds, and
 * the contract's custom errors, decoded into L1RevertedError reasons. Only these fragments: the
 * SDK does not need the node's build artifacts.
 */
import { Contract, getAddress, Interface, type Signer, type TransactionReceipt } from "ethers";
import { L1RevertedError, LoftError } from "./errors.ts";

export const ROLLUP_L1_ABI = [
  "function deposit(address to) payable",
  "function requestFullExit()",
  "function isWithdrawn(uint64 batchNumber, uint256 index) view returns (bool)",
  "function withdraw(uint64 batchNumber, (uint64 commitIndex, bytes32 dataRoot, bytes32[8] branch) batch, bytes32 exitRoot, bytes32[3] headerBranch, uint256 index, address recipient, uint128 amount, uint256 length, bytes32[16] branch)",
  "event Deposited(uint64 indexed queueIndex, address indexed depositor, address indexed to, uint128 amount, uint64 timestamp)",
  "event FullExitRequested(uint64 indexed queueIndex, address indexed account, uint64 timestamp)",
  "error DepositZero()", "error DepositAboveUint128(uint256 amount)", "error DepositToZeroAddress()", "error RollupFrozen()",
  "error AlreadyWithdrawn(uint64 batchNumber, uint256 index)", "error ChallengeWindowNotOver(uint64 number, uint256 finalAt)",
  "error InvalidWithdrawalProof()", "error InvalidBatchProof(uint64 commitIndex, uint64 number)", "error UnknownBatch(uint64 number)",
] as const;

export const rollupL1Interface = new Interface(ROLLUP_L1_ABI);

/** An L1 transaction that appended a queue message: its hash, receipt and queue index. */
export interface QueueReceipt {
  l1TxHash: string;
  receipt: TransactionReceipt;
  queueIndex: number;
}

export async function checkL1Chain(signer: Signer, chainId: bigint): Promise<void> {
  const network = await signer.provider?.getNetwork();
  if (!network) throw new LoftError("WALLET", "the L1 signer has no provider: connect it to the rollup's L1");
  if (network.chainId !== chainId) throw new LoftError("WALLET", `the L1 signer is on chain ${network.chainId}, the rollup's L1 is chain ${chainId}: switch networks`);
}

/** Sends an L1 transaction to the Rollup and waits for its receipt; a revert is an L1RevertedError with the contract's reason. */
export async function sendToRollup(signer: Signer, rollup: string, method: string, args: unknown[], value = 0n): Promise<TransactionReceipt> {
  const contract = new Contract(rollup, ROLLUP_L1_ABI, signer);
  try {
    const sent = await contract.getFunction(method).send(...args, { value });
    const receipt = await sent.wait();
    if (!receipt || receipt.status !== 1) throw new L1RevertedError(`${method} reverted on L1 (${sent.hash})`, undefined);
    return receipt;
  } catch (error) {
    if (error instanceof LoftError) throw error;
    throw l1Error(method, error);
  }
}

/** The queue index a deposit / requestFullExit receipt emitted. */
export function queueReceiptOf(receipt: TransactionReceipt, rollup: string): QueueReceipt {
  for (const log of receipt.logs) {
    if (getAddress(log.address) !== getAddress(rollup)) continue;
    const parsed = rollupL1Interface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name === "Deposited" || parsed?.name === "FullExitRequested") return { l1TxHash: receipt.hash, receipt, queueIndex: Number(parsed.args.getValue("queueIndex")) };
  }
  throw new LoftError("L1_REVERTED", `L1 transaction ${receipt.hash} emitted no queue event of the Rollup ${rollup}`);
}

function l1Error(method: string, error: unknown): LoftError {
  const data = (error as { data?: string; info?: { error?: { data?: string } } }).data ?? (error as { info?: { error?: { data?: string } } }).info?.error?.data;
  const decoded = typeof data === "string" && data.length >= 10 ? rollupL1Interface.parseError(data) : null;
  const reason = decoded?.name ?? (error as { reason?: string }).reason ?? undefined;
  const code = (error as { code?: string }).code;
  if (code === "ACTION_REJECTED") return new LoftError("WALLET", `${method}: the user rejected the transaction`, { cause: error });
  if (code === "INSUFFICIENT_FUNDS") return new L1RevertedError(`${method}: insufficient funds on L1 for value and gas`, "InsufficientFunds", { cause: error });
  const args = decoded ? `(${decoded.args.map(String).join(", ")})` : "";
  return new L1RevertedError(`${method} failed on L1: ${reason ? `${reason}${args}` : (error as Error).message}`, reason, { cause: error });
}
