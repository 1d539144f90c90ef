// Hardhat 2 configuration for Loft's L1 contracts.
// Hardhat normally downloads solc; this machine (and CI) reach only the npm registry, so the
// compile task is pointed at the `solc` npm package's soljson.js, which must match SOLC_VERSION.
const path = require("node:path");
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");

const SOLC_VERSION = "0.8.28";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }, _hre, runSuper) => {
  if (solcVersion !== SOLC_VERSION) return runSuper();
  const solcPackage = require("solc/package.json");
  if (solcPackage.version !== SOLC_VERSION) {
    throw new Error(`the solc npm package is ${solcPackage.version}, the contracts need ${SOLC_VERSION}: run npm ci`);
  }
  const compilerPath = require.resolve("solc/soljson.js");
  const longVersion = require("solc").version();
  return { version: solcVersion, longVersion, compilerPath, isSolcJs: true };
});

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "cancun", viaIR: false },
  },
  paths: {
    root: __dirname,
    sources: path.join(__dirname, "src"),
    tests: path.join(__dirname, "..", "test", "contracts"),
    cache: path.join(__dirname, "cache"),
    artifacts: path.join(__dirname, "artifacts"),
  },
  networks: {
    hardhat: { chainId: 31337, allowUnlimitedContractSize: false },
  },
};
