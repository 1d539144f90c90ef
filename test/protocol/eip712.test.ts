import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { getAddress, hexlify, TypedDataEncoder, verifyTypedData, Wallet } from "ethers";
import { domainSeparator, LOFT_EIP712_TYPES, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { signWithKey, signWithWallet } from "../../sequencer/protocol/client-signing.ts";
import { recoverSigner } from "../../sequencer/protocol/signature.ts";
import { parseUserTransaction } from "../../sequencer/protocol/transaction-params.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { UINT128_MAX } from "../../sequencer/protocol/hex-params.ts";
import { bytes, chainId, nonce, runs, seed, uint128Edges } from "./arbitraries.ts";

const kind = fc.constantFrom(TxKind.transfer, TxKind.withdraw);

test("domain separator equals ethers' TypedDataEncoder.hashDomain", () => {
  fc.assert(
    fc.property(chainId, bytes(20), (id, contract) => {
      const domain = loftDomain(id, hexlify(contract));
      assert.equal(hexlify(domainSeparator(domain)), TypedDataEncoder.hashDomain(domain));
    }),
    { seed, numRuns: runs(300) },
  );
});

test("transaction digest equals ethers' TypedDataEncoder.hash for random transactions and domains", () => {
  const scratch = new Uint8Array(160);
  fc.assert(
    fc.property(chainId, bytes(20), kind, bytes(20), uint128Edges, uint128Edges, nonce, (id, contract, k, to, amount, fee, n) => {
      const domain = loftDomain(id, hexlify(contract));
      const primary = k === TxKind.transfer ? "Transfer" : "Withdraw";
      const value = k === TxKind.transfer
        ? { to: getAddress(hexlify(to)), amount, fee, nonce: n }
        : { recipient: getAddress(hexlify(to)), amount, fee, nonce: n };
      const expected = TypedDataEncoder.hash(domain, { [primary]: [...LOFT_EIP712_TYPES[primary]] }, value);
      const separator = domainSeparator(domain);
      assert.equal(hexlify(transactionDigest(separator, { kind: k, to, amount, fee, nonce: n })), expected);
      assert.equal(hexlify(transactionDigest(separator, { kind: k, to, amount, fee, nonce: n }, scratch)), expected);
    }),
    { seed, numRuns: runs(500) },
  );
});

test("wallet signatures recover to the signer and match ethers' verifyTypedData", async () => {
  const rollup = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  const domain = loftDomain(31337n, rollup);
  const separator = domainSeparator(domain);
  await fc.assert(
    fc.asyncProperty(bytes(32), kind, bytes(20), uint128Edges, uint128Edges, nonce, async (key, k, to, amount, fee, n) => {
      fc.pre(amount + fee <= UINT128_MAX && to.some((b) => b !== 0) && key.some((b) => b !== 0) && BigInt(hexlify(key)) < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n);
      const wallet = new Wallet(hexlify(key));
      const address = getAddress(hexlify(to));
      const request = k === TxKind.transfer
        ? { type: "transfer" as const, to: address, amount, fee, nonce: n }
        : { type: "withdraw" as const, recipient: address, amount, fee, nonce: n };
      const viaWallet = await signWithWallet(wallet, domain, request);
      const viaKey = signWithKey(key, separator, request);
      // RFC 6979 nonces and low-s normalization on both sides: the same signature byte for byte.
      assert.deepEqual(viaKey, viaWallet);
      const parsed = parseUserTransaction(viaWallet);
      const digest = transactionDigest(separator, parsed);
      assert.equal(hexlify(recoverSigner(digest, parsed.signature)!), wallet.address.toLowerCase());
      const primary = k === TxKind.transfer ? "Transfer" : "Withdraw";
      const value = k === TxKind.transfer ? { to: address, amount, fee, nonce: n } : { recipient: address, amount, fee, nonce: n };
      assert.equal(verifyTypedData(domain, { [primary]: [...LOFT_EIP712_TYPES[primary]] }, value, viaWallet.signature!), wallet.address);
    }),
    { seed, numRuns: runs(60) },
  );
});

test("a signature over another domain or field recovers a different signer", () => {
  const key = new Uint8Array(32).fill(7);
  const wallet = new Wallet(hexlify(key));
  const separator = domainSeparator(loftDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
  const other = domainSeparator(loftDomain(1n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
  const request = { type: "transfer" as const, to: wallet.address, amount: 5n, fee: 1n, nonce: 0 };
  const parsed = parseUserTransaction(signWithKey(key, separator, request));
  assert.equal(hexlify(recoverSigner(transactionDigest(separator, parsed), parsed.signature)!), wallet.address.toLowerCase());
  assert.notEqual(hexlify(recoverSigner(transactionDigest(other, parsed), parsed.signature)!), wallet.address.toLowerCase());
  const tampered = { ...parsed, amount: 6n };
  assert.notEqual(hexlify(recoverSigner(transactionDigest(separator, tampered), parsed.signature)!), wallet.address.toLowerCase());
});
