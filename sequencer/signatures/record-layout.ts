/**
 * Byte offsets inside one 146-byte SSZ `Transaction` record (spec §1, all fields fixed-size):
 * kind u8 | from 20 | to 20 | amount u128 LE | fee u128 LE | nonce u64 LE | signature 65.
 */
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";

export const RECORD_SIZE = TRANSACTION_SIZE;
export const KIND_OFFSET = 0;
export const TO_OFFSET = 21;
export const AMOUNT_OFFSET = 41;
export const FEE_OFFSET = 57;
export const NONCE_OFFSET = 73;
export const SIGNATURE_OFFSET = 81;
export const SENDER_SIZE = 20;
