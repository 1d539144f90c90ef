/**
 * L1 bytes per transaction of the batch data format (sequencer/batch-data/format.ts), on realistic
 * signed batches: transfers among `ACCOUNTS` funded accounts with round amounts, 10% to new
 * addresses, 5% withdrawals. Compared with the 146-byte SSZ record and with a signed Ethereum
 * legacy ETH transfer (RLP, measured with ethers) for the same payments. `npm run bench:batch-data`
 */
import { randomBytes } from "node:crypto";
import { Transaction as EthTransaction, Wallet, getAddress, hexlify, getBytes } from "ethers";
import { encodeBatchData, encodeBody } from "../../sequencer/batch-data/encode-batch-data.ts";
import { decodeBatchData } from "../../sequencer/batch-data/decode-batch-data.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { parseUserTransaction } from "../../sequencer/protocol/transaction-params.ts";
import { toSszTransaction } from "../../sequencer/protocol/transaction-hash.ts";
import { Transaction, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";

const ACCOUNTS = 2_000;
const separator = domainSeparator(loftDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
const keys = Array.from({ length: ACCOUNTS }, () => new Uint8Array(randomBytes(32)));
const addresses = keys.map((k) => getBytes(new Wallet(hexlify(k)).address));
const index = new Map(addresses.map((a, i) => [hexlify(a), i]));

function batch(count: number) {
  const nonces = new Map<number, number>();
  const records = new Uint8Array(count * TRANSACTION_SIZE);
  let ethBytes = 0;
  for (let i = 0; i < count; i++) {
    const from = Math.floor(Math.random() * ACCOUNTS);
    const nonce = nonces.get(from) ?? 0;
    nonces.set(from, nonce + 1);
    const roll = Math.random();
    const to = roll < 0.1 ? getAddress(hexlify(randomBytes(20))) : getAddress(hexlify(addresses[Math.floor(Math.random() * ACCOUNTS)]!));
    const amount = BigInt(1 + Math.floor(Math.random() * 999)) * 10n ** 15n;
    const fee = 21_000n * 10n ** 9n;
    const request = roll > 0.95
      ? { type: "withdraw" as const, recipient: to, amount, fee, nonce }
      : { type: "transfer" as const, to, amount, fee, nonce };
    const parsed = parseUserTransaction(signWithKey(keys[from]!, separator, request));
    records.set(Transaction.serialize(toSszTransaction(parsed, addresses[from]!)), i * TRANSACTION_SIZE);
    const eth = EthTransaction.from({ type: 0, to, value: amount, nonce, gasLimit: 21_000, gasPrice: 10n ** 9n, chainId: 1 });
    const s = randomBytes(32);
    s[0]! &= 0x7f; // a low-s value of full width, as real signatures have
    eth.signature = { r: hexlify(randomBytes(32)), s: hexlify(s), v: 37 };
    ethBytes += getBytes(eth.serialized).length;
  }
  return { records, ethBytes, nonces };
}

const encodeContext = { baseAccountCount: ACCOUNTS, indexOf: (a: Uint8Array) => index.get(hexlify(a)) };
const decodeContext = { accountCount: ACCOUNTS, addressAt: (i: number) => addresses[i]!, nonceAt: () => 0, indexOf: (a: Uint8Array) => index.get(hexlify(a)) };

const batches = [100, 1_000, 5_000].map((count) => ({ count, ...batch(count) }));
for (const { records } of batches) decodeBatchData(encodeBatchData(records, encodeContext), decodeContext); // warm-up (JIT), not timed

console.log("txs    raw B/tx  posted B/tx  SSZ B/tx  eth RLP B/tx  posted/eth  encode ms  decode ms");
for (const { count, records, ethBytes } of batches) {
  const body = encodeBody(records, encodeContext);
  let start = performance.now();
  const posted = encodeBatchData(records, encodeContext);
  const encodeMs = performance.now() - start;
  start = performance.now();
  const decoded = decodeBatchData(posted, decodeContext);
  const decodeMs = performance.now() - start;
  if (Buffer.compare(decoded, records) !== 0) throw new Error("round trip failed");
  const per = (bytes: number) => (bytes / count).toFixed(1).padStart(9);
  console.log(`${String(count).padEnd(6)} ${per(body.length)} ${per(posted.length).padStart(12)} ${per(records.length)} ${per(ethBytes).padStart(13)} ${(posted.length / ethBytes).toFixed(2).padStart(11)} ${encodeMs.toFixed(1).padStart(10)} ${decodeMs.toFixed(1).padStart(10)}`);
}
