/**
 * Genesis state (spec §3): index 0 is the sequencer's fee recipient, then the funded accounts in
 * order. Its state root is what the Rollup contract is deployed with, and the sum of its balances
 * is what the deployment must send to back them.
 */
import { Account, ACCOUNT_SIZE } from "../protocol/ssz-types.ts";
import { addressOfKey, loadTestKeys, standardDevKeys } from "./dev-keys.ts";

export interface GenesisAccount {
  address: Uint8Array;
  balance: bigint;
}

export const DEV_BALANCE = 10_000n * 10n ** 18n;

/** Devnet genesis: fee recipient, the 20 Hardhat dev accounts and `extra` load-test accounts, 10,000 ETH each. */
export function devnetGenesis(feeRecipient: Uint8Array, extra: number): GenesisAccount[] {
  const funded = [...standardDevKeys(), ...loadTestKeys(extra)].map((key) => ({ address: addressOfKey(key), balance: DEV_BALANCE }));
  const seen = new Set<string>();
  const accounts = [{ address: feeRecipient, balance: 0n }, ...funded];
  for (const { address } of accounts) {
    const hex = Buffer.from(address).toString("hex");
    if (seen.has(hex)) throw new Error(`genesis lists address 0x${hex} twice`);
    seen.add(hex);
  }
  return accounts;
}

/** The genesis accounts as concatenated 44-byte SSZ records (nonce 0), index order. */
export function genesisRecords(accounts: readonly GenesisAccount[]): Uint8Array {
  const out = new Uint8Array(accounts.length * ACCOUNT_SIZE);
  accounts.forEach(({ address, balance }, i) => out.set(Account.serialize({ address, balance, nonce: 0 }), i * ACCOUNT_SIZE));
  return out;
}

export function genesisTotal(accounts: readonly GenesisAccount[]): bigint {
  return accounts.reduce((sum, a) => sum + a.balance, 0n);
}
