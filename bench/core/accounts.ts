/** The benchmark's account set: n distinct pseudo-random accounts, serialized and as values. */
import type { Account } from "../../sequencer/protocol/ssz-types.ts";
import { prng } from "./measure.ts";

export type AccountSet = { bytes: Uint8Array; values: Account[] };

export function makeAccounts(n: number, seed = 7): AccountSet {
  const next = prng(seed);
  const bytes = new Uint8Array(n * 44);
  const view = new DataView(bytes.buffer);
  const values: Account[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * 44;
    for (let w = 0; w < 4; w++) view.setUint32(at + w * 4, next());
    view.setUint32(at + 16, i); // distinct addresses
    const balance = (BigInt(next()) << 32n) | BigInt(next());
    view.setBigUint64(at + 20, balance, true);
    const nonce = next() & 0xff;
    view.setBigUint64(at + 36, BigInt(nonce), true);
    values[i] = { address: bytes.slice(at, at + 20), balance, nonce };
  }
  return { bytes, values };
}
