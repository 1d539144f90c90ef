/** Every class of malformed JSON-RPC parameter gets its own ParamError code and a message naming the field. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexlify, toQuantity } from "ethers";
import { ParamError, ParamErrorCode as Code } from "../../sequencer/protocol/param-error.ts";
import { parseAddress, parseData, parseQuantity, parseSafeQuantity, UINT128_MAX } from "../../sequencer/protocol/hex-params.ts";
import { parseSendTransactionParams, parseUserTransaction } from "../../sequencer/protocol/transaction-params.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { SECP256K1_N } from "../../sequencer/protocol/signature.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";

const separator = domainSeparator(loftDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3"));
const key = new Uint8Array(32).fill(1);
const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const valid = signWithKey(key, separator, { type: "transfer", to, amount: 10n ** 18n, fee: 1000n, nonce: 3 });

function rejects(fn: () => unknown, code: string, path: string, text?: RegExp) {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ParamError, `expected a ParamError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.path, path);
    assert.equal(error.rpcCode, -32602);
    assert.ok(error.message.includes(path), error.message);
    if (text) assert.match(error.message, text);
    return true;
  });
}
const withField = (field: string, value: unknown) => [{ ...valid, [field]: value }];

test("default: a wallet-shaped transfer and withdraw parse to their fields", () => {
  const transfer = parseSendTransactionParams([valid]);
  assert.equal(transfer.kind, TxKind.transfer);
  assert.equal(hexlify(transfer.to), to.toLowerCase());
  assert.deepEqual([transfer.amount, transfer.fee, transfer.nonce], [10n ** 18n, 1000n, 3]);
  const withdraw = parseUserTransaction(signWithKey(key, separator, { type: "withdraw", recipient: to, amount: UINT128_MAX - 1n, fee: 1n, nonce: 0 }));
  assert.equal(withdraw.kind, TxKind.withdraw);
  assert.equal(withdraw.amount, UINT128_MAX - 1n);
});

test("error: params not an array of one", () => {
  rejects(() => parseSendTransactionParams([]), Code.wrongArity, "params", /expected 1 param, got 0/);
  rejects(() => parseSendTransactionParams([valid, valid]), Code.wrongArity, "params");
  rejects(() => parseSendTransactionParams({ 0: valid }), Code.wrongArity, "params");
});
test("error: transaction not an object", () => {
  for (const value of [null, "0x00", 5, [valid]]) rejects(() => parseSendTransactionParams([value]), Code.notObject, "params[0]");
});
test("error: unknown type", () => {
  rejects(() => parseSendTransactionParams(withField("type", "deposit")), Code.unknownType, "params[0].type", /"transfer" or "withdraw"/);
  rejects(() => parseSendTransactionParams([{ ...valid, type: undefined }]), Code.unknownType, "params[0].type");
});
test("error: unknown field, including a withdraw's field on a transfer", () => {
  rejects(() => parseSendTransactionParams(withField("gasPrice", "0x1")), Code.unknownField, "params[0].gasPrice");
  rejects(() => parseSendTransactionParams(withField("recipient", to)), Code.unknownField, "params[0].recipient");
});
test("error: missing field", () => {
  for (const field of ["to", "amount", "fee", "nonce", "signature"]) {
    const { [field]: _dropped, ...rest } = valid;
    rejects(() => parseSendTransactionParams([rest]), Code.missingField, `params[0].${field}`);
  }
});
test("error: quantity that is not a string", () => {
  rejects(() => parseSendTransactionParams(withField("amount", 5)), Code.notString, "params[0].amount", /got a number/);
});
test("error: quantity without 0x", () => {
  rejects(() => parseSendTransactionParams(withField("fee", "10")), Code.missingPrefix, "params[0].fee");
});
test("error: quantity with non-hex digits", () => {
  rejects(() => parseSendTransactionParams(withField("amount", "0x12g")), Code.badHex, "params[0].amount");
});
test("error: empty quantity", () => {
  rejects(() => parseSendTransactionParams(withField("nonce", "0x")), Code.emptyQuantity, "params[0].nonce", /"0x0"/);
});
test("error: quantity with leading zeros", () => {
  rejects(() => parseSendTransactionParams(withField("amount", "0x01")), Code.leadingZeros, "params[0].amount");
  assert.equal(parseQuantity("0x0", "x"), 0n);
});
test("error: amount or fee above uint128", () => {
  rejects(() => parseSendTransactionParams(withField("amount", toQuantity(UINT128_MAX + 1n))), Code.exceedsUint128, "params[0].amount");
  rejects(() => parseSendTransactionParams(withField("fee", `0x1${"0".repeat(40)}`)), Code.exceedsUint128, "params[0].fee");
  assert.equal(parseQuantity(toQuantity(UINT128_MAX), "x", 128), UINT128_MAX);
});
test("error: amount + fee above uint128", () => {
  const param = { ...valid, amount: toQuantity(UINT128_MAX), fee: "0x1" };
  rejects(() => parseSendTransactionParams([param]), Code.amountPlusFeeOverflow, "params[0].amount");
});
test("error: nonce above uint64", () => {
  rejects(() => parseSendTransactionParams(withField("nonce", `0x1${"0".repeat(16)}`)), Code.exceedsUint64, "params[0].nonce");
});
test("error: nonce above 2^53 - 1", () => {
  rejects(() => parseSafeQuantity(toQuantity(2n ** 53n), "params[0].nonce"), Code.exceedsSafeInteger, "params[0].nonce");
  assert.equal(parseSafeQuantity(toQuantity(2n ** 53n - 1n), "n"), Number.MAX_SAFE_INTEGER);
});
test("error: address of the wrong length", () => {
  rejects(() => parseSendTransactionParams(withField("to", to.slice(0, 40))), Code.badLength, "params[0].to", /\(40 hex digits\), got 38 hex digits/);
});
test("error: address with a bad EIP-55 checksum", () => {
  const flipped = "0x70997970c51812dc3A010C7d01b50e0d17dc79C8"; // first letter's case changed
  rejects(() => parseSendTransactionParams(withField("to", flipped)), Code.badChecksum, "params[0].to", /checksum/);
  assert.deepEqual(parseAddress(to, "a"), parseAddress(to.toLowerCase(), "a"));
  assert.deepEqual(parseAddress(to.toLowerCase(), "a"), parseAddress(`0x${to.slice(2).toUpperCase()}`, "a"));
});
test("error: zero recipient", () => {
  rejects(() => parseSendTransactionParams(withField("to", `0x${"0".repeat(40)}`)), Code.zeroAddress, "params[0].to");
});
test("error: signature of the wrong length", () => {
  rejects(() => parseSendTransactionParams(withField("signature", valid.signature!.slice(0, -2))), Code.badLength, "params[0].signature", /130 hex digits/);
});
test("error: signature v not 27 or 28", () => {
  for (const v of ["00", "01", "1d", "25"]) {
    rejects(() => parseSendTransactionParams(withField("signature", valid.signature!.slice(0, -2) + v)), Code.badSignatureV, "params[0].signature");
  }
});
test("error: signature r zero or not below the curve order", () => {
  const s = valid.signature!.slice(66);
  rejects(() => parseSendTransactionParams(withField("signature", `0x${"0".repeat(64)}${s}`)), Code.badSignatureR, "params[0].signature");
  rejects(() => parseSendTransactionParams(withField("signature", `0x${SECP256K1_N.toString(16)}${s}`)), Code.badSignatureR, "params[0].signature");
});
test("error: signature s zero or not below the curve order", () => {
  const r = valid.signature!.slice(0, 66);
  rejects(() => parseSendTransactionParams(withField("signature", `${r}${"0".repeat(64)}1b`)), Code.badSignatureS, "params[0].signature");
  rejects(() => parseSendTransactionParams(withField("signature", `${r}${"f".repeat(64)}1b`)), Code.badSignatureS, "params[0].signature");
});
test("error: high-s signature (the malleable twin of a valid one)", () => {
  const r = valid.signature!.slice(0, 66);
  const s = BigInt(`0x${valid.signature!.slice(66, 130)}`);
  const v = valid.signature!.slice(130) === "1b" ? "1c" : "1b";
  const twin = `${r}${(SECP256K1_N - s).toString(16).padStart(64, "0")}${v}`;
  rejects(() => parseSendTransactionParams(withField("signature", twin)), Code.highS, "params[0].signature", /high-s/);
});
test("behavior: parseData reads exact-length data", () => {
  assert.deepEqual(parseData("0x00ff", "h", 2), new Uint8Array([0, 255]));
  rejects(() => parseData("0x00ff", "params[0]", 32, "a 32-byte hash"), Code.badLength, "params[0]", /32-byte hash/);
});
