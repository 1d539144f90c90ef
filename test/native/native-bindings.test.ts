import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import {
  assertNativeBindings, assertNativeSecp256k1, assertNativeUws, NativeBindingError, uwsBinaryId,
} from "../../sequencer/native/native-bindings.ts";

const realRequire = createRequire(import.meta.url);

test("default: on this machine both native bindings load", () => {
  assertNativeBindings();
});

test("error: uWebSockets.js forced onto its JS fallback is refused (in a child process)", () => {
  const script = `import("./sequencer/native/native-bindings.ts").then((m) => m.assertNativeUws())
    .then(() => process.exit(0), (e) => { console.error(e.name + ": " + e.message); process.exit(3); });`;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    env: { ...process.env, UWS_USE_FALLBACK: "1" },
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(child.status, 3, child.stderr);
  assert.match(child.stderr, /NativeBindingError: uWebSockets\.js loaded its JS fallback/);
  assert.match(child.stderr, /npm ci/);
});

test("error: a uWebSockets.js binary that fails to load is reported with the loader's reason", () => {
  const failing = (id: string) => {
    if (id === uwsBinaryId()) throw new Error("GLIBC_2.38 not found");
    return realRequire(id);
  };
  assert.throws(() => assertNativeUws(failing), (e: unknown) =>
    e instanceof NativeBindingError && e.binding === "uWebSockets.js" && /GLIBC_2\.38 not found/.test(e.message));
});

test("error: secp256k1 without its native addon is refused", () => {
  const noAddon = (id: string) => {
    if (id === "secp256k1/bindings.js") throw new Error("No native build was found");
    return realRequire(id);
  };
  assert.throws(() => assertNativeSecp256k1(noAddon), (e: unknown) =>
    e instanceof NativeBindingError && e.binding === "secp256k1" && /No native build was found/.test(e.message));
});

test("error: secp256k1 whose entry resolved to the elliptic fallback is refused", () => {
  const fallback = (id: string) => (id === "secp256k1" ? realRequire("secp256k1/elliptic.js") : realRequire(id));
  assert.throws(() => assertNativeSecp256k1(fallback), /pure-JS fallback \(elliptic\)/);
});
