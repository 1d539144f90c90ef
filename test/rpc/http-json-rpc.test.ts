/** JSON-RPC over HTTP (POST / and /rpc): same methods and errors as the WebSocket, batches, bounded body, no subscriptions, CORS. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { startTestServer, type TestServer } from "./rpc-test-server.ts";

let harness: TestServer;
const transports: string[] = [];
before(async () => {
  harness = await startTestServer(
    {
      methods: {
        eth_chainId: () => "0x4c4f4654",
        echo: (params) => params,
        transport: (_params, context) => (transports.push(context.connection.transport), context.connection.transport),
      },
    },
    { maxHttpBodyBytes: 2048 },
  );
});
after(() => harness.stop());

const post = (path: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(new URL(path, harness.server.httpUrl), { method: "POST", body, headers });

test("default: POST / and POST /rpc answer a request, a batch in order, and nothing for notifications", async () => {
  for (const path of ["/", "/rpc"]) {
    const single = await post(path, '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}');
    assert.equal(single.status, 200);
    assert.equal(single.headers.get("content-type"), "application/json");
    assert.equal(single.headers.get("access-control-allow-origin"), "*");
    assert.deepEqual(await single.json(), { jsonrpc: "2.0", id: 1, result: "0x4c4f4654" });
  }
  const batch = await post("/", JSON.stringify([
    { jsonrpc: "2.0", id: "a", method: "echo", params: [1] },
    { jsonrpc: "2.0", method: "echo", params: [2] },
    { jsonrpc: "2.0", id: "c", method: "nope" },
  ]));
  const replies = await batch.json();
  assert.deepEqual(replies.map((r: { id: string }) => r.id), ["a", "c"]);
  assert.deepEqual(replies[0].result, [1]);
  assert.equal(replies[1].error.code, -32601);
  const notification = await post("/", '{"jsonrpc":"2.0","method":"echo","params":[]}');
  assert.equal(notification.status, 200);
  assert.equal(await notification.text(), "");
  assert.equal((await (await post("/", '{"jsonrpc":"2.0","id":2,"method":"transport"}')).json()).result, "http");
});

test("error: JSON-RPC errors are HTTP 200 with the error object (what ethers and viem read); a body over the bound is HTTP 413", async () => {
  const parse = await post("/", "{not json");
  assert.equal(parse.status, 200);
  assert.equal((await parse.json()).error.code, -32700);
  const invalid = await post("/", "[]");
  assert.equal((await invalid.json()).error.code, -32600);
  const big = await post("/", JSON.stringify({ jsonrpc: "2.0", id: 1, method: "echo", params: ["x".repeat(4096)] }));
  assert.equal(big.status, 413);
  assert.match((await big.json()).error.message, /^invalid request: the request body of \d+ bytes exceeds the limit of 2048 bytes$/);
  // a chunked body (no Content-Length) is cut off once it passes the bound
  const chunked = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(harness.server.httpUrl, { method: "POST", headers: { "transfer-encoding": "chunked" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    for (let i = 0; i < 8; i++) req.write("x".repeat(1024));
    req.end();
  });
  assert.equal(chunked, 413);
  assert.equal((await (await post("/", '{"jsonrpc":"2.0","id":3,"method":"eth_chainId"}')).json()).result, "0x4c4f4654", "the server serves on");
});

test("error: subscriptions need the WebSocket; over HTTP they are geth's -32001", async () => {
  for (const [method, params] of [["eth_subscribe", ["newHeads"]], ["loft_subscribe", ["receipts"]]] as const) {
    const reply = await (await post("/", JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }))).json();
    assert.equal(reply.error.code, -32001);
    assert.match(reply.error.message, /^notifications not supported/);
  }
});

test("behavior: a browser's CORS preflight for POST is answered; the WebSocket on the same port still works", async () => {
  const preflight = await fetch(harness.server.httpUrl, { method: "OPTIONS", headers: { origin: "http://dapp.example", "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
  assert.equal(preflight.headers.get("access-control-allow-headers"), "Content-Type");
  const client = await harness.connect();
  assert.equal((await client.call({ jsonrpc: "2.0", id: 9, method: "transport" })).result, "ws");
});
