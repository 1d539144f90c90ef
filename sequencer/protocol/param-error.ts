/**
 * A malformed JSON-RPC parameter: which one (`path`, e.g. "params[0].amount"), what class of
 * problem (`code`, which tests assert on) and a message a person can act on.
 * The node answers it with JSON-RPC error -32602 (invalid params).
 */
export const ParamErrorCode = {
  wrongArity: "WRONG_ARITY",
  notObject: "NOT_OBJECT",
  missingField: "MISSING_FIELD",
  unknownField: "UNKNOWN_FIELD",
  unknownType: "UNKNOWN_TYPE",
  notString: "NOT_STRING",
  missingPrefix: "MISSING_0X_PREFIX",
  badHex: "BAD_HEX",
  emptyQuantity: "EMPTY_QUANTITY",
  leadingZeros: "LEADING_ZEROS",
  exceedsUint128: "EXCEEDS_UINT128",
  exceedsUint64: "EXCEEDS_UINT64",
  exceedsSafeInteger: "EXCEEDS_SAFE_INTEGER",
  amountPlusFeeOverflow: "AMOUNT_PLUS_FEE_OVERFLOW",
  badLength: "BAD_LENGTH",
  badChecksum: "BAD_CHECKSUM",
  zeroAddress: "ZERO_ADDRESS",
  badSignatureV: "BAD_SIGNATURE_V",
  badSignatureR: "BAD_SIGNATURE_R",
  badSignatureS: "BAD_SIGNATURE_S",
  highS: "HIGH_S",
  badBlockTag: "BAD_BLOCK_TAG",
} as const;
export type ParamErrorCode = (typeof ParamErrorCode)[keyof typeof ParamErrorCode];

export const INVALID_PARAMS = -32602;

export class ParamError extends Error {
  override name = "ParamError";
  readonly rpcCode = INVALID_PARAMS;
  constructor(
    readonly code: ParamErrorCode,
    readonly path: string,
    detail: string,
  ) {
    super(`invalid params: ${path}: ${detail}`);
  }
}
