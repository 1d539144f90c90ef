/**
 * The challenger's options (docs/node-api.md "Challenger and loft prove"): --challenge and --send
 * are switches (or LOFT_CHALLENGE / LOFT_SEND), the key comes from --challenger-key, its
 * LOFT_CHALLENGER_KEY mirror or --challenger-key-file, is required where a proof is sent, and is
 * never shown: not in the printable config, not in an error about a malformed key or key file.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseArgs } from "../../sequencer/cli/parse-args.ts";
import { ConfigError, printableConfig, resolveNodeConfig } from "../../sequencer/config/node-config.ts";

const KEY = `0x${"cd".repeat(32)}`;
const BASE = { "l1-rpc": "http://127.0.0.1:8545", rollup: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };

test("default: loft follow --challenge --challenger-key KEY challenges, and the key is hidden when printed", async () => {
  const parsed = await parseArgs(["follow", "--l1-rpc", BASE["l1-rpc"], "--rollup", BASE.rollup, "--challenge", "--challenger-key", KEY]);
  assert.equal(parsed!.command, "follow");
  const config = resolveNodeConfig(parsed!.flags, {}, "follow");
  assert.deepEqual([config.challenge, config.challengerKey], [true, KEY]);
  assert.doesNotMatch(JSON.stringify(printableConfig(config)), /cdcdcd/);
  assert.equal(printableConfig(config).challengerKey, "(hidden)");
  assert.equal(resolveNodeConfig({ ...BASE }, {}, "follow").challenge, false, "off unless asked");
});

test("behavior: the environment mirrors LOFT_CHALLENGE and LOFT_CHALLENGER_KEY apply", () => {
  const config = resolveNodeConfig({ ...BASE }, { LOFT_CHALLENGE: "true", LOFT_CHALLENGER_KEY: KEY.slice(2) }, "follow");
  assert.deepEqual([config.challenge, config.challengerKey], [true, KEY], "0x added");
});

test("behavior: --challenger-key-file is read; a bad file or a missing key is an error that never shows a key", () => {
  const dir = mkdtempSync(join(tmpdir(), "loft-key-"));
  try {
    const good = join(dir, "key");
    writeFileSync(good, `${KEY}\n`, { mode: 0o600 }); // a key file open to others is refused (config/key-source.ts)
    assert.equal(resolveNodeConfig({ ...BASE, challenge: true, "challenger-key-file": good }, {}, "follow").challengerKey, KEY);
    const bad = join(dir, "bad");
    writeFileSync(bad, `${"ef".repeat(31)}\n`, { mode: 0o600 });
    assert.throws(() => resolveNodeConfig({ ...BASE, challenge: true, "challenger-key-file": bad }, {}, "follow"), (e: unknown) =>
      e instanceof ConfigError && /does not hold a 32-byte hex private key/.test(e.message) && !/efef/.test(e.message));
    assert.throws(() => resolveNodeConfig({ ...BASE, "challenger-key": "0x12zz" }, {}, "follow"), (e: unknown) =>
      e instanceof ConfigError && /\(hidden\)/.test(e.message) && !/12zz/.test(e.message));
    assert.throws(() => resolveNodeConfig({ ...BASE, challenge: true }, {}, "follow"), (e: unknown) => e instanceof ConfigError && /--challenge needs --challenger-key/.test(e.message));
    assert.throws(() => resolveNodeConfig({ ...BASE, batch: "3", send: true }, {}, "prove"), (e: unknown) => e instanceof ConfigError && /--send needs --challenger-key/.test(e.message));
    assert.throws(() => resolveNodeConfig({ ...BASE }, {}, "prove"), (e: unknown) => e instanceof ConfigError && /--batch/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("behavior: loft prove --batch N [--send] parses", async () => {
  const parsed = await parseArgs(["prove", "--batch", "7", "--l1-rpc", BASE["l1-rpc"], "--rollup", BASE.rollup, "--send", "--challenger-key", KEY]);
  const config = resolveNodeConfig(parsed!.flags, {}, parsed!.command as "prove");
  assert.deepEqual([parsed!.command, config.batch, config.send], ["prove", 7, true]);
});
