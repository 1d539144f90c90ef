/**
 * `loft_estimateFee` (spec §4, v2): `[{type, to|recipient, amount}]` → `{fee}`, the lowest fee the
 * node accepts now for that transaction (0x-hex wei). The sender is not given, so the estimate
 * assumes the longest account reference; a transfer to an address without an account includes
 * the account-creation surcharge. Fields are parsed as strictly as loft_sendTransaction's.
 */
import { toQuantity } from "ethers";
import { parseQuantity, parseRecipient } from "../protocol/hex-params.ts";
import { ParamError, ParamErrorCode } from "../protocol/param-error.ts";
import { TxKind } from "../protocol/ssz-types.ts";
import { expectParams } from "../protocol/transaction-params.ts";
import type { RpcMethods } from "../rpc/index.ts";
import type { FeeSchedule } from "./fee-schedule.ts";

const FIELDS = { transfer: ["type", "to", "amount"], withdraw: ["type", "recipient", "amount"] } as const;

export function parseEstimateParams(params: unknown): { kind: typeof TxKind.transfer | typeof TxKind.withdraw; to: Uint8Array; amount: bigint } {
  const path = "params[0]";
  const value = expectParams(params, 1)[0];
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ParamError(ParamErrorCode.notObject, path, "expected a transaction object");
  const object = value as Record<string, unknown>;
  const type = object.type;
  if (type !== "transfer" && type !== "withdraw") throw new ParamError(ParamErrorCode.unknownType, `${path}.type`, `expected "transfer" or "withdraw", got ${JSON.stringify(type) ?? "nothing"}`);
  const fields: readonly string[] = FIELDS[type];
  for (const key of Object.keys(object)) {
    if (!fields.includes(key)) throw new ParamError(ParamErrorCode.unknownField, `${path}.${key}`, `unknown field for a ${type} fee estimate (expected ${fields.join(", ")})`);
  }
  for (const key of fields) if (object[key] === undefined) throw new ParamError(ParamErrorCode.missingField, `${path}.${key}`, `missing field of a ${type}`);
  const recipientKey = type === "transfer" ? "to" : "recipient";
  return {
    kind: type === "transfer" ? TxKind.transfer : TxKind.withdraw,
    to: parseRecipient(object[recipientKey], `${path}.${recipientKey}`),
    amount: parseQuantity(object.amount, `${path}.amount`, 128),
  };
}

export function feeMethods(schedule: FeeSchedule): RpcMethods {
  return {
    loft_estimateFee: (params) => {
      const { kind, to, amount } = parseEstimateParams(params);
      return { fee: toQuantity(schedule.estimate(kind, to, amount)) };
    },
  };
}

/** The node's methods with loft_estimateFee added. */
export function withFeeMethods(schedule: FeeSchedule, methods: RpcMethods): RpcMethods {
  return { ...methods, ...feeMethods(schedule) };
}
