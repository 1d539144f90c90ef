/** Single JSON-RPC requests over a real server: results, notifications and every error class. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ParamError, ParamErrorCode } from "../../sequencer/protocol/param-error.ts";
import { parseAddress } from "../../sequencer/protocol/hex-params.ts";
import {
  alreadyKnown,
  insufficientFunds,
  mempoolFull,
  nonceTooHigh,
  nonceTooLow,
  RpcError,
  RpcErrorCode,
} from "../../sequencer/rpc/rpc-error.ts";
import type { TestClient } from "./rpc-test-client.ts";
import { startTestServer, type TestServer } from "./rpc-test-server.ts";

let harness: TestServer;
let client: TestClient;
const notified: unknown[] = [];
const walletErrors = { nonceTooLow, nonceTooHigh, insufficientFunds, alreadyKnown, mempoolFull };

before(async () => {
  harness = await startTestServer({
    methods: {
      eth_chainId: () => "0x7a69",
      echo: (params) => params,
      slowEcho: async (params) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return params;
      },
      nothing: () => undefined,
      record: (params) => void notified.push(params),
      connectionId: (_params, context) => context.connection.id,
      getAccount: (params) => {
        if (!Array.isArray(params)) throw new ParamError(ParamErrorCode.wrongArity, "params", "expected 1 param");
        return parseAddress(params[0], "params[0]");
      },
      walletError: (params) => {
        const name = (params as [keyof typeof walletErrors])[0];
        throw walletErrors[name]("detail", { nonce: "0x1" });
      },
      custom: () => {
        throw new RpcError(-32050, "custom failure", { detail: [1, 2] });
      },
      crash: () => {
        throw new Error("secret internal detail");
      },
      crashAsync: async () => Promise.reject(new TypeError("async secret")),
      bigint: () => ({ balance: 5n }),
    },
  });
  client = await harness.connect();
});
after(() => harness.stop());

const request = (method: string, params?: unknown, id: unknown = 1) => ({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });

test("default: a request gets its result with the same id", async () => {
  assert.deepEqual(await client.call(request("eth_chainId", [], 7)), { jsonrpc: "2.0", id: 7, result: "0x7a69" });
  assert.deepEqual(await client.call(request("echo", { a: [1, "x"] }, "abc")), { jsonrpc: "2.0", id: "abc", result: { a: [1, "x"] } });
  assert.deepEqual(await client.call(request("slowEcho", ["y"], null)), { jsonrpc: "2.0", id: null, result: ["y"] });
});

test("behavior: absent params reach the handler as [] and an undefined result is null", async () => {
  assert.deepEqual((await client.call(request("echo"))).result, []);
  assert.deepEqual(await client.call(request("nothing", [], 2)), { jsonrpc: "2.0", id: 2, result: null });
});

test("behavior: ctx.connection.id is stable per connection and distinct between connections", async () => {
  const first = (await client.call(request("connectionId"))).result;
  assert.equal((await client.call(request("connectionId"))).result, first);
  const other = await harness.connect();
  assert.notEqual((await other.call(request("connectionId"))).result, first);
  other.close();
});

test("behavior: a notification runs its method and gets no reply", async () => {
  client.sendJson({ jsonrpc: "2.0", method: "record", params: ["n1"] });
  client.sendJson({ jsonrpc: "2.0", method: "crash" });
  client.sendJson({ jsonrpc: "2.0", method: "no_such_method" });
  assert.equal((await client.call(request("eth_chainId", [], 3))).id, 3, "the next reply is the request's, not a notification's");
  assert.deepEqual(notified, [["n1"]]);
});

test("error: -32700 for invalid JSON", async () => {
  for (const frame of ["{", '{"jsonrpc":"2.0",', "", "nul", "[1,]", "{'a':1}"]) {
    client.socket.send(frame);
    const reply = await client.nextJson();
    assert.equal(reply.id, null);
    assert.deepEqual(reply.error, { code: RpcErrorCode.parseError, message: "parse error: the frame is not valid JSON" }, frame);
  }
});

test("error: a text frame that is not UTF-8 drops only that connection (uWS validates text frames)", async () => {
  const other = await harness.connect();
  other.socket.send(Buffer.from([0x22, 0xc3, 0x28, 0x22]), { binary: false });
  assert.equal((await other.closed).code, 1006);
  assert.equal((await client.call(request("eth_chainId"))).result, "0x7a69");
});

test("error: -32600 for requests that are not JSON-RPC 2.0", async () => {
  const cases: [unknown, RegExp, unknown][] = [
    [5, /expected a request object, got number/, null],
    ["x", /got string/, null],
    [null, /got null/, null],
    [{ jsonrpc: "1.0", id: 4, method: "eth_chainId" }, /jsonrpc must be exactly "2.0"/, 4],
    [{ id: 4, method: "eth_chainId" }, /jsonrpc/, 4],
    [{ jsonrpc: "2.0", id: 4, method: 12 }, /method must be a string, got number/, 4],
    [{ jsonrpc: "2.0", id: 4 }, /method must be a string, got undefined/, 4],
    [{ jsonrpc: "2.0", id: { a: 1 }, method: "eth_chainId" }, /id must be a string, a number or null, got object/, null],
    [{ jsonrpc: "2.0", id: [1], method: "eth_chainId" }, /got array/, null],
    [{ jsonrpc: "2.0", id: true, method: "eth_chainId" }, /got boolean/, null],
    [{ jsonrpc: "2.0", id: 4, method: "echo", params: "x" }, /params must be an array or an object, got string/, 4],
    [{ jsonrpc: "2.0", id: 4, method: "echo", params: null }, /got null/, 4],
    [{ jsonrpc: "2.0", method: 1 }, /method must be a string/, null],
  ];
  for (const [body, message, id] of cases) {
    const reply = await client.call(body);
    assert.equal(reply.error.code, RpcErrorCode.invalidRequest, JSON.stringify(body));
    assert.match(reply.error.message, /^invalid request: /);
    assert.match(reply.error.message, message);
    assert.equal(reply.id, id);
  }
});

test("error: -32601 for unknown methods, including Object.prototype names", async () => {
  for (const method of ["eth_sendRawTransaction", "toString", "__proto__", "constructor", "hasOwnProperty", "x".repeat(500)]) {
    const reply = await client.call(request(method, [], 9));
    assert.equal(reply.error.code, RpcErrorCode.methodNotFound, method);
    assert.equal(reply.id, 9);
    assert.ok(reply.error.message.length < 200, "a long method name is shortened in the message");
  }
  assert.match((await client.call(request("eth_foo"))).error.message, /the method "eth_foo" does not exist\/is not available/);
});

test("error: -32602 from a ParamError carries its message, code and path", async () => {
  const reply = await client.call(request("getAccount", ["0x12"], 5));
  assert.equal(reply.id, 5);
  assert.equal(reply.error.code, -32602);
  assert.match(reply.error.message, /^invalid params: params\[0\]: /);
  assert.deepEqual(reply.error.data, { code: ParamErrorCode.badLength, path: "params[0]" });
});

test("error: transaction-pool errors are geth's: code -32000, geth's message, data.reason", async () => {
  const expected: [keyof typeof walletErrors, string, string][] = [
    ["nonceTooLow", "nonce too low", "NONCE_TOO_LOW"],
    ["nonceTooHigh", "nonce too high", "NONCE_TOO_HIGH"],
    ["insufficientFunds", "insufficient funds", "INSUFFICIENT_FUNDS"],
    ["alreadyKnown", "already known", "ALREADY_KNOWN"],
    ["mempoolFull", "txpool is full", "MEMPOOL_FULL"],
  ];
  for (const [name, message, reason] of expected) {
    const reply = await client.call(request("walletError", [name]));
    assert.deepEqual(reply.error, { code: -32000, message: `${message}: detail`, data: { reason, nonce: "0x1" } });
  }
  assert.deepEqual((await client.call(request("custom"))).error, { code: -32050, message: "custom failure", data: { detail: [1, 2] } });
});

test("error: -32603 for a failing handler, logged with its stack, never sent", async () => {
  harness.logs.length = 0;
  for (const method of ["crash", "crashAsync"]) {
    const reply = await client.call(request(method, [], 11));
    assert.deepEqual(reply, { jsonrpc: "2.0", id: 11, error: { code: -32603, message: "internal error" } });
  }
  assert.equal(harness.logs.length, 2);
  const [sync, async] = harness.logs.map((entry) => entry.fields as { method: string; err: { message: string; stack: string } });
  assert.equal(sync?.method, "crash");
  assert.equal(sync?.err.message, "secret internal detail");
  assert.match(sync?.err.stack ?? "", /json-rpc-errors\.test\.ts/);
  assert.equal(async?.err.message, "async secret");
});

test("error: a bigint in a result is an internal error naming the key, not a crash", async () => {
  harness.logs.length = 0;
  const reply = await client.call(request("bigint", [], 12));
  assert.deepEqual(reply.error, { code: -32603, message: "internal error" });
  const logged = harness.logs[0]?.fields as { err: { type: string; message: string } };
  assert.equal(logged.err.type, "ResultEncodingError");
  assert.match(logged.err.message, /the result of bigint contains a bigint at key "balance".*0x-hex/);
  assert.equal((await client.call(request("eth_chainId"))).result, "0x7a69", "the connection still serves");
});
