/**
 * The `loft_sendTransaction` request object of a signed 146-byte record (spec §4), built before
 * the clock starts so the generator's JSON work while sending is a JSON.stringify of a batch.
 */
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";

const hex = (bytes: Uint8Array) => `0x${Buffer.from(bytes).toString("hex")}`;

function quantity(record: Uint8Array, offset: number, length: number): string {
  let value = 0n;
  for (let i = offset + length - 1; i >= offset; i--) value = (value << 8n) | BigInt(record[i]!);
  return `0x${value.toString(16)}`;
}

/** The JSON-RPC request text for record `i` of `records`, with id `i`. */
export function sendTransactionRequest(records: Uint8Array, i: number): string {
  const record = records.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE);
  const transfer = record[0] === 0;
  const param = {
    type: transfer ? "transfer" : "withdraw",
    [transfer ? "to" : "recipient"]: hex(record.subarray(21, 41)),
    amount: quantity(record, 41, 16),
    fee: quantity(record, 57, 16),
    nonce: quantity(record, 73, 8),
    signature: hex(record.subarray(81, 146)),
  };
  return `{"jsonrpc":"2.0","id":${i},"method":"loft_sendTransaction","params":[${JSON.stringify(param)}]}`;
}
