/**
 * The sequencer's and the challenger's keys from a key file or an encrypted JSON keystore
 * (sequencer/config/key-source.ts): read into the config, refused when the file is open to its
 * group or others, one source at a time, and never shown in an error or a printed config.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encryptKeystoreJsonSync, Wallet } from "ethers";
import { ConfigError, printableConfig, resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { parseArgs } from "../../sequencer/cli/parse-args.ts";

const KEY = `0x${"5c".repeat(32)}`;
const ADDRESS = new Wallet(KEY).address;
const PASSWORD = "correct horse battery staple";
const CHAIN = { "l1-rpc": "http://127.0.0.1:8545", rollup: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
const dir = mkdtempSync(join(tmpdir(), "loft-keys-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode); // whatever the umask
  return path;
}
// a light scrypt so that the test stays fast; the node reads any N
const keystore = file("keystore.json", encryptKeystoreJsonSync({ address: ADDRESS, privateKey: KEY }, PASSWORD, { scrypt: { N: 1024 } }), 0o644);

/** The configuration error's text, asserting it shows neither the key nor the password. */
function problem(run: () => unknown): string {
  let message = "";
  assert.throws(run, (e: unknown) => e instanceof ConfigError && Boolean((message = e.message)));
  for (const secret of [KEY.slice(2), "5c5c5c5c", PASSWORD, "horse"]) assert.ok(!message.includes(secret), `${secret} in: ${message}`);
  return message;
}

test("default: --sequencer-key-file (mode 600) gives the key; the printed config hides it", async () => {
  const path = file("sequencer.key", `${KEY.slice(2)}\n`);
  const parsed = await parseArgs(["start", "--l1-rpc", CHAIN["l1-rpc"], "--rollup", CHAIN.rollup, "--sequencer-key-file", path]);
  const config = resolveNodeConfig(parsed!.flags, {});
  assert.equal(config.sequencerKey, KEY, "0x added");
  const printed = JSON.stringify(printableConfig(config));
  assert.ok(!printed.includes(KEY.slice(2)) && printed.includes("(hidden)") && printed.includes(path));
  assert.equal(resolveNodeConfig(CHAIN, { LOFT_SEQUENCER_KEY_FILE: path }).sequencerKey, KEY, "its LOFT_* mirror");
});

test("default: --sequencer-keystore with its password from a file or LOFT_SEQUENCER_KEYSTORE_PASSWORD", () => {
  const passwordFile = file("password", `${PASSWORD}\nsecond line ignored\n`);
  assert.equal(resolveNodeConfig({ ...CHAIN, "sequencer-keystore": keystore, "sequencer-keystore-password-file": passwordFile }, {}).sequencerKey, KEY);
  assert.equal(resolveNodeConfig({ ...CHAIN, "sequencer-keystore": keystore }, { LOFT_SEQUENCER_KEYSTORE_PASSWORD: PASSWORD }).sequencerKey, KEY);
  assert.equal(resolveNodeConfig({ "l1-rpc": CHAIN["l1-rpc"], "sequencer-keystore": keystore, "data-dir": dir }, { LOFT_SEQUENCER_KEYSTORE_PASSWORD: PASSWORD }, "deploy").sequencerKey, KEY, "loft deploy too");
});

test("behavior: the challenger reads the same sources (one implementation)", () => {
  const follow = { ...CHAIN, challenge: true };
  assert.equal(resolveNodeConfig({ ...follow, "challenger-keystore": keystore }, { LOFT_CHALLENGER_KEYSTORE_PASSWORD: PASSWORD }, "follow").challengerKey, KEY);
  const open = file("challenger-open.key", KEY, 0o640);
  assert.match(problem(() => resolveNodeConfig({ ...follow, "challenger-key-file": open }, {}, "follow")), /--challenger-key-file ".*challenger-open\.key": its group or others may read or write it \(mode 0640\): chmod 600 /);
});

test("error: a key file or password file open to group or others is refused with what to do", () => {
  for (const mode of [0o644, 0o604, 0o620]) {
    const path = file(`open-${mode.toString(8)}.key`, KEY, mode);
    assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-key-file": path }, {})), new RegExp(`--sequencer-key-file "${path}": its group or others may read or write it \\(mode 0${mode.toString(8)}\\): chmod 600 ${path}`));
  }
  const password = file("open-password", PASSWORD, 0o644);
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-keystore": keystore, "sequencer-keystore-password-file": password }, {})), /--sequencer-keystore-password-file .*: its group or others may read or write it \(mode 0644\)/);
});

test("error: a wrong password, a file that is not a keystore, a missing password, a bad or missing file, two sources: each named, nothing shown", () => {
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-keystore": keystore }, { LOFT_SEQUENCER_KEYSTORE_PASSWORD: "wrong horse" })), /--sequencer-keystore ".*keystore\.json": the password does not decrypt it/);
  const notJson = file("plain.json", KEY);
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-keystore": notJson }, { LOFT_SEQUENCER_KEYSTORE_PASSWORD: PASSWORD })), /plain\.json": is not an encrypted JSON keystore \(not JSON\)/);
  const otherJson = file("other.json", JSON.stringify({ privateKey: KEY }));
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-keystore": otherJson }, { LOFT_SEQUENCER_KEYSTORE_PASSWORD: PASSWORD })), /other\.json": is not an encrypted JSON keystore ethers can read/);
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-keystore": keystore }, {})), /--sequencer-keystore .* needs its password: --sequencer-keystore-password-file PATH or LOFT_SEQUENCER_KEYSTORE_PASSWORD/);
  const short = file("short.key", "5c".repeat(31));
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-key-file": short }, {})), /short\.key": does not hold a 32-byte hex private key/);
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-key-file": join(dir, "missing") }, {})), /missing": cannot be read \(ENOENT\)/);
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-key": KEY, "sequencer-key-file": short }, {})), /--sequencer-key and --sequencer-key-file are both given: use one/);
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN }, {})), /--sequencer-key \(or LOFT_SEQUENCER_KEY\) is required with --l1-rpc \(or --sequencer-key-file, --sequencer-keystore\)/);
  assert.match(problem(() => resolveNodeConfig({ ...CHAIN, "sequencer-key": KEY, "sequencer-keystore-password-file": short }, {})), /--sequencer-keystore-password-file is given without --sequencer-keystore/);
});
