/**
 * Batch data that does not decode, or that decodes into a batch the decoder can already prove
 * wrong: what is wrong, at which byte of the posted data, and (inside a chunk) at which chunk and
 * batch position (0-based, queue messages first). `kind` is the fraud-proof kind a challenger uses
 * (docs/fraud-proofs.md §4): Undecodable for malformed bytes, UnknownAccount for an index that does
 * not exist at that point, DuplicateAccount for a raw address that already has an account,
 * QueueMismatch for a queue entry that does not match its L1 message.
 */
export type BatchDataErrorKind = "Undecodable" | "UnknownAccount" | "DuplicateAccount" | "QueueMismatch";

export class BatchDataError extends Error {
  override name = "BatchDataError";
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly kind: BatchDataErrorKind = "Undecodable",
    readonly chunk?: number,
    readonly position?: number,
  ) {
    const what = kind === "Undecodable" ? "undecodable batch data" : `batch data with ${kind}`;
    const where = chunk === undefined ? "" : ` (chunk ${chunk}, position ${position})`;
    super(`${what} at byte ${offset}${where}: ${reason}`);
  }

  /** The same error naming the chunk and position it was found at (unless it names them already). */
  located(chunk: number, position: number): BatchDataError {
    return this.chunk === undefined ? new BatchDataError(this.reason, this.offset, this.kind, chunk, position) : this;
  }
}
