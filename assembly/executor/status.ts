// Status of each transaction of a batch (mirrored by TxStatus in sequencer/core/tx-status.ts).
// Checks run in this order; the first failing one is reported.
export const OK: u8 = 0;
export const BAD_NONCE: u8 = 1;
export const INSUFFICIENT_BALANCE: u8 = 2;
export const OVERFLOW: u8 = 3;
export const UNKNOWN_SENDER: u8 = 4;
export const ZERO_RECIPIENT: u8 = 5;
export const UNKNOWN_KIND: u8 = 6;
export const BAD_QUEUE_INDEX: u8 = 7;
export const MALFORMED_QUEUE_MESSAGE: u8 = 8;
export const STATE_FULL: u8 = 9;
