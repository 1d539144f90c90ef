/** Explorer request parameters: strict decimal integers, bounds, unknown and repeated query keys. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkQuery, ExplorerRequestError, parseAddressParameter, parseHashParameter, parseInteger, queryInteger } from "../../sequencer/explorer/request-params.ts";

const refused = (parameter: string, message: RegExp) => (error: unknown) =>
  error instanceof ExplorerRequestError && error.status === 400 && error.parameter === parameter && message.test(error.message);

test("default: decimal integers within bounds", () => {
  assert.equal(parseInteger("0", "n", 10), 0);
  assert.equal(parseInteger("10", "n", 10), 10);
  assert.equal(queryInteger(new URLSearchParams(""), "limit", 20, 100, 1), 20);
  assert.equal(queryInteger(new URLSearchParams("limit=7"), "limit", 20, 100, 1), 7);
});

test("error: anything but a plain decimal within bounds names the parameter", () => {
  for (const bad of ["", "-1", "+1", "01", "1.5", "1e3", "0x10", " 1", "١٢"]) assert.throws(() => parseInteger(bad, "n", 1_000), refused("n", /expected a decimal integer/), bad);
  assert.throws(() => parseInteger("11", "n", 10), refused("n", /at most 10/));
  assert.throws(() => parseInteger("99999999999999999999", "n", Number.MAX_SAFE_INTEGER), refused("n", /decimal integer/));
  assert.throws(() => queryInteger(new URLSearchParams("limit=0"), "limit", 20, 100, 1), refused("limit", /at least 1/));
});

test("error: unknown and repeated query parameters are refused", () => {
  assert.doesNotThrow(() => checkQuery(new URLSearchParams("limit=1&before=2"), ["limit", "before"]));
  assert.throws(() => checkQuery(new URLSearchParams("limt=1"), ["limit"]), refused("limt", /unknown query parameter "limt" \(accepted: limit\)/));
  assert.throws(() => checkQuery(new URLSearchParams("x=1"), []), refused("x", /takes none/));
  assert.throws(() => checkQuery(new URLSearchParams("limit=1&limit=2"), ["limit"]), refused("limit", /given twice/));
});

test("error: addresses and hashes with exact messages", () => {
  assert.equal(parseAddressParameter("0x" + "11".repeat(20)).length, 20);
  assert.equal(parseHashParameter("0x" + "ab".repeat(32)).length, 32);
  assert.throws(() => parseAddressParameter("0x1234"), refused("address", /^address: /));
  assert.throws(() => parseHashParameter("0x" + "ab".repeat(31)), refused("hash", /^hash: .*32-byte/));
});
