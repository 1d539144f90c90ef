/**
 * Idle timeout: a connection that sends nothing, not even pongs, is dropped after
 * idleTimeoutSeconds (uWS's minimum is 8 s, granularity 4 s); one that answers the server's
 * pings stays. About 12 s, so it lives in its own file and runs beside the others.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestServer } from "./rpc-test-server.ts";

test("behavior: a silent connection is closed after the idle timeout, a live one stays", async () => {
  const closedAt = new Map<number, number>();
  const harness = await startTestServer(
    { methods: { ping: () => "pong" } },
    { idleTimeoutSeconds: 8, sendPings: true, metrics: { connectionClosed: (id) => void closedAt.set(id, Date.now()) } },
  );
  try {
    const started = Date.now();
    const silent = await harness.connect({ autoPong: false });
    const live = await harness.connect();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), 16_000);
    });
    const closed = await Promise.race([silent.closed, deadline]);
    clearTimeout(timer);
    assert.ok(closed, "the silent connection was not closed within 16 s");
    assert.equal(closed.code, 1006);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 4000, `closed after ${elapsed} ms, before the timeout`);
    assert.equal(closedAt.size, 1);
    assert.equal(harness.server.connectionCount(), 1);
    assert.equal((await live.call({ jsonrpc: "2.0", id: 1, method: "ping" })).result, "pong", "the live connection stays");
  } finally {
    await harness.stop();
  }
});
