/**
 * The per-transaction outcome of sender recovery, one byte each in the pool's `statuses` output.
 * `ok` is the only status whose 20 sender bytes are meaningful (all zero otherwise).
 */
export const RecoveryStatus = {
  /** The signature is canonical and recovered a key: the sender bytes are its address. */
  ok: 0,
  /** The signature is not canonical (v not 27/28, r or s zero or not below n, high s). */
  notCanonical: 1,
  /** Canonical, but libsecp256k1 recovers no public key from it for this digest. */
  noKeyRecovered: 2,
  /** Not a signed user transaction: kind is not transfer (0) or withdraw (1), or nonce is above 2^53 − 1. */
  malformed: 3,
} as const;
export type RecoveryStatus = (typeof RecoveryStatus)[keyof typeof RecoveryStatus];

/** Human-readable text of each status, for logs and error messages. */
export const RECOVERY_STATUS_TEXT: Record<RecoveryStatus, string> = {
  0: "ok",
  1: "invalid signature: not canonical",
  2: "invalid signature: no public key recovered",
  3: "malformed transaction: unsupported kind or nonce",
};
