/**
 * L1 bytes per transaction of batch data v2 (sequencer/batch-data/format.ts, docs/fraud-proofs.md
 * §2), on realistic signed batches: transfers among `ACCOUNTS` funded accounts with round amounts,
 * 10% to new addresses, 5% withdrawals. Split into the records and the chunk overhead (a 32-byte
 * entry and a 2-byte length per 32 positions), and compared with the 146-byte SSZ record and with a
 * signed Ethereum legacy ETH transfer (RLP, measured with ethers) for the same payments. The
 * entries are random here: their size, not their value, is measured. `npm run bench:batch-data`
 */
import { randomBytes } from "node:crypto";
import { Transaction as EthTransaction, Wallet, getAddress, hexlify, getBytes } from "ethers";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { decodeBatchData } from "../../sequencer/batch-data/decode-batch-data.ts";
import { chunkCount } from "../../sequencer/batch-data/segments.ts";
import { SEGMENT_HEAD } from "../../sequencer/batch-data/format.ts";
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

const executed = (records: Uint8Array) => ({ included: records, queueMessages: 0, chunkEntries: new Uint8Array(randomBytes(chunkCount(records.length / TRANSACTION_SIZE) * 32)) });
const batches = [100, 1_000, 5_000].map((count) => ({ count, ...batch(count) }));

/** The same batches with the funded accounts at indices from `first` (a state of `first + ACCOUNTS` accounts): references take 2 bytes below 16,384, 3 below 2^21. */
function measure(first: number): void {
  const encodeContext = { accountCount: first + ACCOUNTS, indexOf: (a: Uint8Array) => { const i = index.get(hexlify(a)); return i === undefined ? undefined : first + i; } };
  const decodeContext = { ...encodeContext, addressAt: (i: number) => addresses[i - first]!, nonceAt: () => 0 };
  for (const { records } of batches) decodeBatchData(encodeBatchData(executed(records), encodeContext), [], decodeContext); // warm-up (JIT), not timed
  console.log(`\naccount indices ${first.toLocaleString("en-US")}–${(first + ACCOUNTS - 1).toLocaleString("en-US")}`);
  console.log("txs    posted B/tx  records B/tx  chunk heads B/tx  SSZ B/tx  eth RLP B/tx  posted/eth  encode ms  decode ms");
  for (const { count, records, ethBytes } of batches) {
    const input = executed(records);
    let start = performance.now();
    const posted = encodeBatchData(input, encodeContext);
    const encodeMs = performance.now() - start;
    start = performance.now();
    const decoded = decodeBatchData(posted, [], decodeContext);
    const decodeMs = performance.now() - start;
    if (Buffer.compare(decoded.users, records) !== 0) throw new Error("round trip failed");
    const heads = chunkCount(count) * SEGMENT_HEAD;
    const per = (bytes: number, width = 9) => (bytes / count).toFixed(2).padStart(width);
    console.log(`${String(count).padEnd(6)} ${per(posted.length, 11)} ${per(posted.length - heads, 13)} ${per(heads, 17)} ${per(records.length)} ${per(ethBytes, 13)} ${(posted.length / ethBytes).toFixed(2).padStart(11)} ${encodeMs.toFixed(1).padStart(10)} ${decodeMs.toFixed(1).padStart(10)}`);
  }
}

measure(0);
measure(1_000_000);
