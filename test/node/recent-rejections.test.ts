/** RecentRejections: bounded, oldest forgotten first, and never holding on to a caller's larger buffer. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RecentRejections } from "../../sequencer/node/recent-rejections.ts";

test("default: remembers up to its limit, forgetting the oldest first", () => {
  const rejections = new RecentRejections(2);
  for (const n of [1, 2, 3]) rejections.add(`0x0${n}`, new Uint8Array(146).fill(n), `reason ${n}`);
  assert.equal(rejections.get("0x01"), undefined);
  assert.deepEqual(rejections.get("0x03"), { record: new Uint8Array(146).fill(3), reason: "reason 3" });
});

test("behavior: a record that is a view into a submission is copied, not kept with the whole buffer", () => {
  const submission = new Uint8Array(146 * 500).fill(7);
  const rejections = new RecentRejections();
  rejections.add("0xaa", submission.subarray(146, 292), "insufficient funds");
  const kept = rejections.get("0xaa")!.record;
  assert.equal(kept.buffer.byteLength, 146);
  assert.deepEqual(kept, new Uint8Array(146).fill(7));
});
