import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, printableConfig, resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import { NODE_OPTIONS, envName } from "../../sequencer/config/node-options.ts";
import { parseArgs, UsageError } from "../../sequencer/cli/parse-args.ts";
import { DeployRefusedError, deployParameters } from "../../sequencer/config/deploy-parameters.ts";

const KEY = `0x${"ab".repeat(32)}`;
const ROLLUP = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

test("default: no flags is a devnet on 127.0.0.1:8547 with data in .loft/devnet", async () => {
  const parsed = await parseArgs([]);
  assert.deepEqual(parsed, { command: "start", flags: {} });
  const config = resolveNodeConfig(parsed!.flags, {});
  assert.equal(config.mode, "devnet");
  assert.deepEqual([config.host, config.port, config.dataDir, config.batchIntervalMs, config.challengeWindow, config.inclusionWindow], ["127.0.0.1", 8547, ".loft/devnet", 100, 30, 600]);
});

test("behavior: environment mirrors apply and flags override them", async () => {
  const env = { LOFT_PORT: "9000", LOFT_BATCH_INTERVAL_MS: "250", LOFT_DEV_ACCOUNTS: "" };
  assert.equal(resolveNodeConfig({}, env).port, 9000);
  const parsed = await parseArgs(["start", "--port", "9100", "--dev-accounts", "100000"]);
  const config = resolveNodeConfig(parsed!.flags, env);
  assert.deepEqual([config.port, config.batchIntervalMs, config.devAccounts], [9100, 250, 100_000]);
});

test("behavior: a real chain needs the key and the rollup, and gets its own data dir", () => {
  assert.throws(() => resolveNodeConfig({ "l1-rpc": "http://127.0.0.1:8545" }, {}), (e: unknown) =>
    e instanceof ConfigError && /--sequencer-key \(or LOFT_SEQUENCER_KEY\) is required/.test(e.message) && /--rollup/.test(e.message));
  const config = resolveNodeConfig({ "l1-rpc": "https://rpc.example", "sequencer-key": KEY, rollup: ROLLUP }, {});
  assert.equal(config.mode, "chain");
  assert.equal(config.dataDir, `.loft/${ROLLUP.toLowerCase()}`);
});

test("error: every invalid value names its flag or variable, all at once", () => {
  assert.throws(
    () => resolveNodeConfig({ port: "70000", "batch-interval-ms": "0", "l1-rpc": "localhost:8545" }, { LOFT_LOG_LEVEL: "loud" }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      for (const part of ["--port \"70000\"", "--batch-interval-ms \"0\"", "--l1-rpc \"localhost:8545\"", "LOFT_LOG_LEVEL \"loud\""]) assert.ok(e.message.includes(part), `${part} in ${e.message}`);
      return true;
    },
  );
});

test("error: a WebSocket L1 URL is refused: the node speaks JSON-RPC to L1 over HTTP", () => {
  assert.throws(() => resolveNodeConfig({ "l1-rpc": "ws://127.0.0.1:8545", "sequencer-key": KEY, rollup: ROLLUP }, {}), /--l1-rpc "ws:\/\/127.0.0.1:8545".*expected an http\(s\):\/\/ URL/);
});

test("error: secrets never appear in errors or printable config", () => {
  const secret = "not-a-key-but-secret";
  assert.throws(() => resolveNodeConfig({ "sequencer-key": secret }, {}), (e: unknown) => e instanceof ConfigError && !e.message.includes(secret) && e.message.includes("(hidden)"));
  const config = resolveNodeConfig({ "l1-rpc": "http://127.0.0.1:8545", "sequencer-key": KEY, rollup: ROLLUP }, {});
  assert.ok(!JSON.stringify(printableConfig(config)).includes(KEY.slice(2)));
});

test("behavior: --help lists every option with its environment variable", async () => {
  let text = "";
  assert.equal(await parseArgs(["--help"], (t) => (text = t)), undefined);
  for (const flag of Object.keys(NODE_OPTIONS)) {
    assert.ok(text.includes(`--${flag}`), `--${flag} missing from help`);
    assert.ok(text.includes(envName(flag)), `${envName(flag)} missing from help`);
  }
});

test("error: unknown flags, commands and flags without values are usage errors", async () => {
  await assert.rejects(parseArgs(["--prot", "1"]), (e: unknown) => e instanceof UsageError && /prot/.test(e.message));
  await assert.rejects(parseArgs(["launch"]), UsageError);
  await assert.rejects(parseArgs(["--port"]), UsageError);
});

test("behavior: --mempool-future-lifetime (seconds) defaults to 600, has its mirror, and refuses zero", async () => {
  assert.equal(resolveNodeConfig({}, {}).mempoolFutureLifetime, 600);
  assert.equal(resolveNodeConfig({}, { LOFT_MEMPOOL_FUTURE_LIFETIME: "30" }).mempoolFutureLifetime, 30);
  const parsed = await parseArgs(["start", "--mempool-future-lifetime", "90"]);
  assert.equal(resolveNodeConfig(parsed!.flags, { LOFT_MEMPOOL_FUTURE_LIFETIME: "30" }).mempoolFutureLifetime, 90);
  assert.throws(() => resolveNodeConfig({ "mempool-future-lifetime": "0" }, {}), /--mempool-future-lifetime/);
});

test("behavior: --max-commit-delay (ms) defaults to 1000 for a devnet, has its mirror, allows 0 and refuses a negative or fractional value", async () => {
  assert.equal(resolveNodeConfig({}, {}).maxCommitDelay, 1_000);
  assert.equal(resolveNodeConfig({}, { LOFT_MAX_COMMIT_DELAY: "30000" }).maxCommitDelay, 30_000);
  const parsed = await parseArgs(["start", "--max-commit-delay", "0"]);
  assert.equal(resolveNodeConfig(parsed!.flags, { LOFT_MAX_COMMIT_DELAY: "30000" }).maxCommitDelay, 0);
  assert.throws(() => resolveNodeConfig({ "max-commit-delay": "-1" }, {}), /--max-commit-delay "-1"/);
  assert.throws(() => resolveNodeConfig({}, { LOFT_MAX_COMMIT_DELAY: "1.5" }), /LOFT_MAX_COMMIT_DELAY "1.5"/);
});

test("behavior: --bond is ETH as a decimal, 1 ETH by default, and anything else is refused precisely", () => {
  assert.equal(resolveNodeConfig({}, {}).bond, 10n ** 18n);
  assert.equal(resolveNodeConfig({ bond: "0.25" }, {}).bond, 25n * 10n ** 16n);
  assert.equal(resolveNodeConfig({}, { LOFT_BOND: "32" }).bond, 32n * 10n ** 18n);
  assert.throws(() => resolveNodeConfig({ bond: "1e18" }, {}), /--bond "1e18": expected ETH as a decimal such as 1 or 0.25/);
  assert.throws(() => resolveNodeConfig({ bond: "0" }, {}), /--bond "0": the bond must be above zero/);
  assert.throws(() => resolveNodeConfig({}, { LOFT_BOND: "0.0000000000000000001" }), /LOFT_BOND .*at most 18 decimals/);
  assert.equal(printableConfig(resolveNodeConfig({}, {})).bond, "1000000000000000000", "printable as JSON");
});

test("error: loft deploy outside a devnet refuses default windows and bond, and a challenge window under a day", () => {
  const base = { "l1-rpc": "https://rpc.example", "sequencer-key": KEY, "data-dir": "/tmp/x" };
  const defaults = resolveNodeConfig(base, {}, "deploy");
  assert.throws(() => deployParameters(defaults, 1n), (e: unknown) => {
    assert.ok(e instanceof DeployRefusedError);
    assert.match(e.message, /loft deploy to chain id 1 \(not a local devnet, 31337\) refused/);
    for (const flag of ["--challenge-window (or LOFT_CHALLENGE_WINDOW)", "--inclusion-window (or LOFT_INCLUSION_WINDOW)", "--bond (or LOFT_BOND)", "--chain-id (or LOFT_CHAIN_ID)"]) assert.ok(e.message.includes(`${flag} must be given explicitly`), flag);
    return true;
  });
  const short = resolveNodeConfig({ ...base, "challenge-window": "3600", "inclusion-window": "86400", bond: "2" }, {}, "deploy");
  assert.throws(() => deployParameters(short, 11155111n), /--challenge-window 3600 is under one day \(86400 s\)/);
  const explicit = resolveNodeConfig({ ...base, "inclusion-window": "86400", "chain-id": "424242" }, { LOFT_CHALLENGE_WINDOW: "604800", LOFT_BOND: "2" }, "deploy");
  assert.deepEqual(deployParameters(explicit, 11155111n), { challengeWindowSeconds: 604_800, inclusionWindowSeconds: 86_400, bondWei: 2n * 10n ** 18n });
  assert.deepEqual(deployParameters(defaults, 31337n), { challengeWindowSeconds: 30, inclusionWindowSeconds: 600, bondWei: 10n ** 18n }, "a devnet takes the defaults");
});
