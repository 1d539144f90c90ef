/**
 * Strict parsing of `loft_sendTransaction` params (spec §4):
 *   [{type:"transfer", to, amount, fee, nonce, signature}] or
 *   [{type:"withdraw", recipient, amount, fee, nonce, signature}]
 * Unknown and missing fields, bounds (uint128 amount and fee, and their sum), the zero
 * recipient and non-canonical signatures each get their own ParamError.
 */
import { TxKind } from "./ssz-types.ts";
import { ParamError, ParamErrorCode as Code } from "./param-error.ts";
import { parseData, parseQuantity, parseRecipient, parseSafeQuantity, UINT128_MAX } from "./hex-params.ts";
import { signatureProblem } from "./signature.ts";

/** A user transaction as signed, before its sender is recovered. `to` is the recipient for withdraw. */
export interface UserTransaction {
  kind: typeof TxKind.transfer | typeof TxKind.withdraw;
  to: Uint8Array;
  amount: bigint;
  fee: bigint;
  nonce: number;
  signature: Uint8Array;
}

const FIELDS = {
  transfer: ["type", "to", "amount", "fee", "nonce", "signature"],
  withdraw: ["type", "recipient", "amount", "fee", "nonce", "signature"],
} as const;

/** The params array of a method taking exactly `arity` positional params. */
export function expectParams(params: unknown, arity: number): unknown[] {
  const list = params === undefined ? [] : params;
  if (!Array.isArray(list)) throw new ParamError(Code.wrongArity, "params", `expected an array of ${arity} params`);
  if (list.length !== arity) {
    throw new ParamError(Code.wrongArity, "params", `expected ${arity} param${arity === 1 ? "" : "s"}, got ${list.length}`);
  }
  return list;
}

export function parseSignature(value: unknown, path: string): Uint8Array {
  const signature = parseData(value, path, 65, "a 65-byte r‖s‖v signature");
  switch (signatureProblem(signature)) {
    case undefined:
      return signature;
    case "bad v":
      throw new ParamError(Code.badSignatureV, path, `signature v must be 27 or 28, got ${signature[64]}`);
    case "r is zero or not below the curve order":
      throw new ParamError(Code.badSignatureR, path, "signature r is zero or not below the secp256k1 curve order");
    case "s is zero or not below the curve order":
      throw new ParamError(Code.badSignatureS, path, "signature s is zero or not below the secp256k1 curve order");
    case "high s":
      throw new ParamError(Code.highS, path, "signature s is in the upper half of the curve order (high-s signatures are rejected; normalize s to n − s and flip v)");
    default:
      throw new ParamError(Code.badLength, path, "signature must be 65 bytes");
  }
}

export function parseUserTransaction(value: unknown, path = "params[0]"): UserTransaction {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ParamError(Code.notObject, path, "expected a transaction object");
  }
  const object = value as Record<string, unknown>;
  const type = object.type;
  if (type !== "transfer" && type !== "withdraw") {
    throw new ParamError(Code.unknownType, `${path}.type`, `expected "transfer" or "withdraw", got ${JSON.stringify(type) ?? "nothing"}`);
  }
  const fields: readonly string[] = FIELDS[type];
  for (const key of Object.keys(object)) {
    if (!fields.includes(key)) throw new ParamError(Code.unknownField, `${path}.${key}`, `unknown field for a ${type} (expected ${fields.join(", ")})`);
  }
  for (const key of fields) {
    if (object[key] === undefined) throw new ParamError(Code.missingField, `${path}.${key}`, `missing field of a ${type}`);
  }
  const recipientKey = type === "transfer" ? "to" : "recipient";
  const to = parseRecipient(object[recipientKey], `${path}.${recipientKey}`);
  const amount = parseQuantity(object.amount, `${path}.amount`, 128);
  const fee = parseQuantity(object.fee, `${path}.fee`, 128);
  if (amount + fee > UINT128_MAX) {
    throw new ParamError(Code.amountPlusFeeOverflow, `${path}.amount`, "amount + fee does not fit uint128");
  }
  const nonce = parseSafeQuantity(object.nonce, `${path}.nonce`);
  const signature = parseSignature(object.signature, `${path}.signature`);
  const kind = type === "transfer" ? TxKind.transfer : TxKind.withdraw;
  return { kind, to, amount, fee, nonce, signature };
}

export function parseSendTransactionParams(params: unknown): UserTransaction {
  return parseUserTransaction(expectParams(params, 1)[0]);
}
