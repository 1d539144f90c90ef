/**
 * The Loft workload's transfers as plain signed Ethereum ETH transfers (EIP-1559, 21,000 gas,
 * chain 31337), signed with the same load-test keys on native libsecp256k1 (untimed), nonces
 * counted per sender from 0 in workload order.
 */
import { getBytes, hexlify, Signature, Transaction } from "ethers";
import { addressOfKey, loadTestKey } from "../../sequencer/genesis/dev-keys.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { Expectation, PlannedKind, type PlannedTx } from "../tps/workload-plan.ts";

export interface EthTransfers {
  raw: string[];
  /** Every sender's address (to fund before sending). */
  senders: string[];
}

export function signEthTransfers(plan: PlannedTx[], chainId: bigint): EthTransfers {
  const keys = new Map<number, Uint8Array>();
  const key = (i: number) => keys.get(i) ?? keys.set(i, loadTestKey(i)).get(i)!;
  const address = (i: number) => hexlify(addressOfKey(key(i)));
  const nonces = new Map<number, number>();
  const raw: string[] = [];
  for (const tx of plan) {
    if (tx.kind !== PlannedKind.transfer || tx.expect !== Expectation.valid) throw new RangeError("only valid transfers have an L1 equivalent");
    const nonce = nonces.get(tx.sender) ?? 0;
    nonces.set(tx.sender, nonce + 1);
    const eth = Transaction.from({
      type: 2, chainId, nonce, gasLimit: 21_000n, maxFeePerGas: 100n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n,
      to: tx.toAccount >= 0 ? address(tx.toAccount) : hexlify(tx.freshTo!), value: tx.amountWei,
    });
    eth.signature = Signature.from(hexlify(signDigest(getBytes(eth.unsignedHash), key(tx.sender))));
    raw.push(eth.serialized);
  }
  return { raw, senders: [...nonces.keys()].map(address) };
}
