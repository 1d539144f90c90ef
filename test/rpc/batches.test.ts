/** JSON-RPC batch arrays: order, mixed valid and invalid members, notifications, limits. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ParamError, ParamErrorCode } from "../../sequencer/protocol/param-error.ts";
import { RpcErrorCode } from "../../sequencer/rpc/rpc-error.ts";
import type { TestClient } from "./rpc-test-client.ts";
import { startTestServer, type TestServer } from "./rpc-test-server.ts";

let harness: TestServer;
let client: TestClient;
const ran: string[] = [];
const MAX_BATCH = 8;

before(async () => {
  harness = await startTestServer(
    {
      methods: {
        // Slower for smaller n, so completion order differs from request order.
        delayed: async (params) => {
          const [n] = params as [number];
          await new Promise((resolve) => setTimeout(resolve, 30 - n * 5));
          return n;
        },
        mark: (params) => void ran.push((params as [string])[0]),
        strict: () => {
          throw new ParamError(ParamErrorCode.wrongArity, "params", "expected 1 param, got 0");
        },
      },
    },
    { maxBatchLength: MAX_BATCH },
  );
  client = await harness.connect();
});
after(() => harness.stop());

const call = (id: number, method: string, params: unknown[] = []) => ({ jsonrpc: "2.0", id, method, params });

test("default: a batch's responses come in request order although handlers finish out of order", async () => {
  const reply = await client.call([0, 1, 2, 3, 4].map((n) => call(n + 100, "delayed", [n])));
  assert.deepEqual(reply.map((r: { id: number; result: number }) => [r.id, r.result]), [[100, 0], [101, 1], [102, 2], [103, 3], [104, 4]]);
});

test("behavior: a mixed batch answers each member on its own, notifications left out", async () => {
  const reply = await client.call([
    call(1, "delayed", [1]),
    { jsonrpc: "2.0", method: "mark", params: ["batched notification"] },
    call(2, "unknown_method"),
    5,
    { jsonrpc: "2.0", id: 3, method: 7 },
    call(4, "strict"),
    { jsonrpc: "2.0", method: "unknown_notification" },
  ]);
  assert.equal(reply.length, 5);
  assert.deepEqual(reply[0], { jsonrpc: "2.0", id: 1, result: 1 });
  assert.equal(reply[1].id, 2);
  assert.equal(reply[1].error.code, RpcErrorCode.methodNotFound);
  assert.deepEqual([reply[2].id, reply[2].error.code], [null, RpcErrorCode.invalidRequest]);
  assert.deepEqual([reply[3].id, reply[3].error.code], [3, RpcErrorCode.invalidRequest]);
  assert.deepEqual(reply[4].error, { code: -32602, message: "invalid params: params: expected 1 param, got 0", data: { code: "WRONG_ARITY", path: "params" } });
  assert.deepEqual(ran, ["batched notification"]);
});

test("behavior: a batch of notifications only gets no reply at all", async () => {
  client.sendJson([{ jsonrpc: "2.0", method: "mark", params: ["a"] }, { jsonrpc: "2.0", method: "mark", params: ["b"] }]);
  assert.equal(await client.silentFor(100), true);
  assert.deepEqual(ran.slice(-2), ["a", "b"]);
});

test("behavior: a batch of invalid members gets one error per member", async () => {
  const reply = await client.call([1, 2, 3]);
  assert.deepEqual(
    reply.map((r: { id: unknown; error: { code: number } }) => [r.id, r.error.code]),
    [[null, -32600], [null, -32600], [null, -32600]],
  );
});

test("error: an empty batch is one -32600", async () => {
  assert.deepEqual(await client.call([]), { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request: empty batch" } });
});

test("error: a batch over maxBatchLength is refused whole and runs nothing", async () => {
  const before = ran.length;
  const batch = Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "mark", params: [`x${i}`] }));
  const reply = await client.call(batch);
  assert.deepEqual(reply, {
    jsonrpc: "2.0",
    id: null,
    error: { code: -32600, message: `invalid request: batch too long: ${MAX_BATCH + 1} requests, the limit is ${MAX_BATCH}` },
  });
  assert.equal(ran.length, before);
  assert.equal((await client.call(batch.slice(0, MAX_BATCH))).length, MAX_BATCH, "exactly the limit is accepted");
});
