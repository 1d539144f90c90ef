/**
 * proveTxRoot and proveExitRoot (docs/fraud-proofs.md §4, kinds 10 and 11, and Undecodable found
 * while reading every chunk): a header whose txRoot or exitRoot is not the chunks' is proven wrong;
 * the same proof of the honest batch reverts NoFraud.
 */
import { describe, it } from "node:test";
import { repost, withSegment } from "./batch-fixture.ts";
import { attack } from "./forge.ts";
import { mixedBatch } from "./scenario.ts";

const forging = (f: (h: ReturnType<typeof mixedBatch>) => ReturnType<typeof repost>) => (address: string) => {
  const honest = mixedBatch(address, 40);
  return { honest, forged: f(honest) };
};

describe("the roots proofs convict wrong header roots and only them", () => {
  it("TxRoot: a header txRoot that is not the chunks' subtrees", async () => {
    await attack("proveTxRoot", forging((h) => repost(h, { txRoot: new Uint8Array(32).fill(4) })), 0, { kind: 10, position: 0 });
  });

  it("ExitRoot: a header exitRoot that is not the chunks' withdrawals", async () => {
    await attack("proveExitRoot", forging((h) => repost(h, { exitRoot: new Uint8Array(32).fill(4) })), 0, { kind: 11, position: 0 });
  });

  it("Undecodable through proveExitRoot: a chunk with a byte after its last position", async () => {
    await attack("proveExitRoot", forging((h) => withSegment(h, 1, { chunk: Uint8Array.from([...h.segments[1]!.chunk, 1]) })), 1, { kind: 1, position: 39 });
  });
});
