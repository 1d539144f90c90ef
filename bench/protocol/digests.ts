/**
 * EIP-712 transaction digests per second: Loft's precomputed-separator path (two keccak-256 calls
 * on fixed buffers) against ethers' TypedDataEncoder.hash, side by side in one run, on the same
 * random transactions. `npm run bench:digests`
 */
import { getAddress, hexlify, TypedDataEncoder } from "ethers";
import { domainSeparator, LOFT_EIP712_TYPES, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { randomBytes } from "node:crypto";

const COUNT = Number(process.env.DIGESTS ?? 20_000);
const domain = loftDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const separator = domainSeparator(domain);
const txs = Array.from({ length: COUNT }, (_, i) => ({
  kind: TxKind.transfer,
  to: new Uint8Array(randomBytes(20)),
  amount: BigInt(`0x${randomBytes(12).toString("hex")}`),
  fee: BigInt(i * 1000),
  nonce: i,
}));
const types = { Transfer: [...LOFT_EIP712_TYPES.Transfer] };
const values = txs.map((tx) => ({ to: getAddress(hexlify(tx.to)), amount: tx.amount, fee: tx.fee, nonce: tx.nonce }));

function rate(name: string, run: () => void): number {
  run(); // warm-up
  const start = process.hrtime.bigint();
  run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = COUNT / seconds;
  console.log(`${name.padEnd(34)} ${Math.round(perSecond).toLocaleString("en-US").padStart(12)} digests/s`);
  return perSecond;
}

const scratch = new Uint8Array(160);
const ours = rate("loft transactionDigest", () => {
  for (const tx of txs) transactionDigest(separator, tx, scratch);
});
const ethers = rate("ethers TypedDataEncoder.hash", () => {
  for (const value of values) TypedDataEncoder.hash(domain, types, value);
});
console.log(`ratio loft / ethers: ${(ours / ethers).toFixed(1)}×  (${COUNT.toLocaleString("en-US")} transfers, one core)`);
