/**
 * Fuzz: thousands of random text and binary frames (JSON-RPC-shaped, arbitrary JSON, arbitrary
 * strings, bytes) on one connection; after each run the server still answers a valid request,
 * every frame it sent back is a well-formed reply, and nothing failed inside the ingress.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ParamError, ParamErrorCode } from "../../sequencer/protocol/param-error.ts";
import { TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { decodeBinaryReply } from "../../sequencer/rpc/binary-frame.ts";
import type { TestClient } from "./rpc-test-client.ts";
import { startTestServer, type TestServer } from "./rpc-test-server.ts";

let harness: TestServer;
let client: TestClient;

before(async () => {
  harness = await startTestServer(
    {
      methods: {
        echo: (params) => params,
        eth_chainId: () => "0x7a69",
        strict: (params) => {
          if (!Array.isArray(params) || params.length !== 1) throw new ParamError(ParamErrorCode.wrongArity, "params", "expected 1 param");
          return params[0] ?? null;
        },
        later: async (params) => {
          await new Promise((resolve) => setImmediate(resolve));
          return Array.isArray(params) ? params.length : 0;
        },
      },
      onBinaryTransactions: async (_records, count) => new Uint8Array(count).fill(1),
    },
    { maxBatchLength: 64, maxPayloadBytes: 64 * 1024 },
  );
  client = await harness.connect();
});
after(() => harness.stop());

const method = fc.oneof(
  fc.constantFrom("echo", "eth_chainId", "strict", "later", "loft_subscribe", "loft_unsubscribe", "toString", "__proto__", "constructor", ""),
  fc.anything(),
);
const requestShaped = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant("2.0"), fc.constant("2.0"), fc.anything()),
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double(), fc.anything()),
    method,
    params: fc.oneof(fc.constant(["newBatches"]), fc.constant(["receipts"]), fc.array(fc.jsonValue(), { maxLength: 4 }), fc.anything()),
  },
  { requiredKeys: [] },
);
const textFrame = fc.oneof(
  requestShaped.map((value) => JSON.stringify(value) ?? "undefined"),
  fc.array(requestShaped, { maxLength: 70 }).map((batch) => JSON.stringify(batch)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ maxLength: 50 }).map((text) => `{"jsonrpc":"2.0","id":1,"method":${text}`),
);
const binaryFrame = fc.oneof(
  fc.uint8Array({ maxLength: 700 }),
  fc.integer({ min: 0, max: 70 }).map((count) => new Uint8Array(count * TRANSACTION_SIZE).fill(count)),
);
const frame = fc.oneof(textFrame, textFrame, binaryFrame);

/** Checks one frame from the server; true when it is the reply to `probeId`. */
function checkReply(reply: string | Uint8Array, probeId: string): boolean {
  if (typeof reply !== "string") {
    decodeBinaryReply(reply);
    return false;
  }
  const parsed: unknown = JSON.parse(reply);
  for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
    const { jsonrpc, id, result, error, method } = message as Record<string, unknown>;
    assert.equal(jsonrpc, "2.0", reply);
    if (method === "eth_subscription") continue;
    assert.ok(Object.hasOwn(message, "id"), reply);
    assert.ok((result === undefined) !== (error === undefined) || (error === undefined && Object.hasOwn(message, "result")), reply);
    if (error !== undefined) assert.equal(typeof (error as { code: unknown }).code, "number", reply);
    if (id === probeId) return true;
  }
  return false;
}

let probes = 0;
let framesSent = 0;
test("behavior: random frames never break the server; it still answers afterwards", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(frame, { minLength: 20, maxLength: 60 }), async (frames) => {
      for (const value of frames) client.socket.send(value, { binary: typeof value !== "string" });
      framesSent += frames.length;
      const probeId = `probe-${probes++}`;
      client.sendJson({ jsonrpc: "2.0", id: probeId, method: "eth_chainId" });
      for (let i = 0; i < 20_000; i++) {
        if (checkReply(await client.next(10_000), probeId)) return;
      }
      assert.fail("no probe reply among 20000 frames");
    }),
    { numRuns: 100, interruptAfterTimeLimit: 40_000 },
  );
  assert.ok(probes >= 20 && framesSent >= 20 * probes, `the server answered only ${probes} probes after ${framesSent} random frames`);
  assert.deepEqual(harness.logs.filter((entry) => entry.message !== "rpc method failed"), []);
  assert.equal(harness.server.connectionCount(), 1, "the fuzzed connection was never dropped");
});

test("behavior: random bytes as text frames drop only their own connection", async () => {
  const samples = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 64 }), { numRuns: 30, seed: 5 });
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  let dropped = 0;
  for (const bytes of samples) {
    let text: string | undefined;
    try {
      text = utf8.decode(bytes);
    } catch {
      text = undefined;
    }
    const victim = await harness.connect();
    victim.socket.send(bytes, { binary: false });
    victim.socket.send('{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}');
    if (text === undefined) {
      // not UTF-8: uWS drops the connection before anything is answered (RFC 6455 §8.1)
      const closed = await victim.closed;
      assert.equal(closed.code, 1006, `bytes ${Buffer.from(bytes).toString("hex")}`);
      dropped++;
    } else {
      // UTF-8 but not a request: one error with id null, then the probe's answer, on the same connection
      const first = await victim.nextJson();
      assert.equal(first.id, null, JSON.stringify(text));
      assert.ok([-32700, -32600].includes(first.error.code), `${JSON.stringify(text)} → ${JSON.stringify(first)}`);
      assert.equal((await victim.nextJson()).result, "0x7a69");
    }
    victim.close();
  }
  assert.ok(dropped > 0 && dropped < samples.length, `the samples mix UTF-8 and not (${dropped} of ${samples.length} dropped)`);
  const fresh = await harness.connect();
  assert.equal((await fresh.call({ jsonrpc: "2.0", id: "last", method: "eth_chainId" })).result, "0x7a69");
});

test("error: deeply nested JSON is answered, not a crash", async () => {
  const depth = 20_000;
  const nested = "[".repeat(depth) + "]".repeat(depth);
  const deep = await harness.connect();
  deep.socket.send(nested);
  assert.deepEqual(JSON.parse((await deep.next()) as string)[0].error.code, -32600);
  harness.logs.length = 0;
  deep.socket.send(`{"jsonrpc":"2.0","id":1,"method":"echo","params":${nested}}`);
  // the echo is 20,000 arrays deep: serializing it overflows the stack, which fails that request alone
  assert.deepEqual(await deep.nextJson(), { jsonrpc: "2.0", id: 1, error: { code: -32603, message: "internal error" } });
  assert.equal(harness.logs.length, 1);
  assert.equal((harness.logs[0]!.fields.err as { type: string }).type, "RangeError");
  assert.equal((await deep.call({ jsonrpc: "2.0", id: 2, method: "eth_chainId" })).result, "0x7a69");
});
