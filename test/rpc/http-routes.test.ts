/** GET routes on the ingress's port: JSON, text, parameters, CORS, 404 fallback, failures as 500. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { jsonReply, notFoundReply, textReply } from "../../sequencer/rpc/http-routes.ts";
import { startTestServer, type TestServer } from "./rpc-test-server.ts";

let harness: TestServer;
let base: string;

before(async () => {
  harness = await startTestServer({ methods: { ping: () => "pong" } });
  base = `http://127.0.0.1:${harness.server.port}`;
  harness.server.get("/api/batches/:n", ({ parameters, query }) => {
    const n = Number(parameters[0]);
    if (!Number.isSafeInteger(n)) return jsonReply({ error: `bad batch number ${parameters[0]}` }, 400);
    return n > 10 ? notFoundReply(`no batch ${n}`) : jsonReply({ number: n, limit: query.get("limit") });
  });
  harness.server.get("/api/slow/:name", async ({ parameters, header }) => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return jsonReply({ name: parameters[0], agent: header("x-test") });
  });
  harness.server.get("/metrics", () => textReply("loft_up 1\n", "text/plain; version=0.0.4"));
  harness.server.get("/throws", () => {
    throw new Error("route secret");
  });
  harness.server.get("/rejects", async () => Promise.reject(new Error("async route secret")));
  harness.server.get("/bigint", () => jsonReply({ balance: 1n }));
});
after(() => harness.stop());

const get = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);

test("default: a route answers JSON with CORS headers, route parameters and query", async () => {
  const response = await get("/api/batches/7?limit=5");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual(await response.json(), { number: 7, limit: "5" });
});

test("behavior: async routes, headers, text bodies, and routes added after listening", async () => {
  assert.deepEqual(await (await get("/api/slow/a%20b", { headers: { "x-test": "yes" } })).json(), { name: "a b", agent: "yes" });
  const metrics = await get("/metrics");
  assert.equal(metrics.headers.get("content-type"), "text/plain; version=0.0.4");
  assert.equal(await metrics.text(), "loft_up 1\n");
});

test("behavior: CORS preflight gets 204", async () => {
  const response = await get("/api/batches/1", { method: "OPTIONS" });
  assert.equal(response.status, 204);
  assert.equal(response.headers.get("access-control-allow-methods"), "GET, POST, OPTIONS");
  assert.equal(response.headers.get("access-control-allow-headers"), "Content-Type");
});

test("error: unknown paths and methods get a JSON 404; handlers choose 400/404", async () => {
  const missing = await get("/nope");
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { error: "no route for GET /nope" });
  const post = await get("/api/batches/1", { method: "POST", body: "x" });
  assert.equal(post.status, 404);
  assert.equal((await get("/api/batches/99")).status, 404);
  assert.deepEqual(await (await get("/api/batches/x")).json(), { error: "bad batch number x" });
  assert.equal((await get("/api/batches/%E0%A4%A")).status, 400, "a malformed escape reaches the handler as sent");
});

test("error: a throwing or rejecting handler, or an unserializable body, is a logged 500", async () => {
  harness.logs.length = 0;
  for (const path of ["/throws", "/rejects", "/bigint"]) {
    const response = await get(path);
    assert.equal(response.status, 500, path);
    assert.deepEqual(await response.json(), { error: "internal error" });
  }
  assert.deepEqual(harness.logs.map((entry) => entry.fields.route), ["/throws", "/rejects", "/bigint"]);
  assert.equal((harness.logs[0]?.fields.err as { message: string }).message, "route secret");
});
