/**
 * Upper bounds of the v2 encoding of a batch (docs/fraud-proofs.md §2) known before it executes,
 * for the sealer's size budget: the data can only be encoded after execution (its chunk entries
 * and full-exit amounts come from the executor), and must still never exceed the L1 size cap.
 * Each bound holds whatever the batch then rejects: rejections only remove positions and chunks,
 * and a reference never gets longer (an account the batch creates is counted at the largest index
 * it could get, an address without an account before the batch as 20 raw bytes).
 */
import { TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { AMOUNT_OFFSET, FEE_OFFSET, TO_OFFSET } from "../signatures/record-layout.ts";
import { varintBytes as varintLength, writeRecordAmount } from "./compact-amount.ts";
import type { EncodeContext } from "./encode-batch-data.ts";
import { CHUNK_POSITIONS, SEGMENT_HEAD } from "./format.ts";

const ADDRESS_SIZE = 20;
/** The longest compact amount: exponent byte + 19 mantissa bytes. */
const MAX_AMOUNT_BYTES = 20;

export class SizeBound {
  /** varint bytes of any index the batch can reach (below accountCount + positions). */
  private readonly farRef: number;

  constructor(private readonly context: EncodeContext, positions: number) {
    this.farRef = varintLength(context.accountCount + positions);
  }

  /** 0x02 ‖ varint U and the heads of the chunks of `positions` positions. */
  framing(userCount: number, positions: number): number {
    return 1 + varintLength(userCount) + SEGMENT_HEAD * Math.ceil(positions / CHUNK_POSITIONS);
  }

  /** A queue entry: its ref, and a full exit's amount. */
  queueEntry(message: Uint8Array): number {
    return this.farRef + (message[0] === TxKind.fullExit ? MAX_AMOUNT_BYTES : 0);
  }

  /** A user record (146-byte transfer or withdrawal). */
  record(record: Uint8Array): number {
    const from = this.reference(record.subarray(1, 1 + ADDRESS_SIZE)) ?? this.farRef;
    const to = record[0] === TxKind.transfer ? (this.reference(record.subarray(TO_OFFSET, TO_OFFSET + ADDRESS_SIZE)) ?? ADDRESS_SIZE) : ADDRESS_SIZE;
    return 1 + from + to + writeRecordAmount(record, AMOUNT_OFFSET) + writeRecordAmount(record, FEE_OFFSET) + 64;
  }

  private reference(address: Uint8Array): number | undefined {
    const index = this.context.indexOf(address);
    return index !== undefined && index < this.context.accountCount ? varintLength(index) : undefined;
  }
}

export const recordAt = (records: Uint8Array, i: number) => records.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE);
