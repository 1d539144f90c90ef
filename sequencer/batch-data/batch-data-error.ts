/** Batch data that cannot be decoded: what is wrong and at which byte of the raw (decompressed) data. */
export class BatchDataError extends Error {
  override name = "BatchDataError";
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`undecodable batch data at byte ${offset}: ${reason}`);
  }
}
