import { test } from "node:test";
import assert from "node:assert/strict";
import { getAddress, hexlify, Wallet } from "ethers";
import { addressOfKey, loadTestKey, standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { DEV_BALANCE, devnetGenesis, genesisRecords, genesisTotal } from "../../sequencer/genesis/genesis.ts";
import { StateList } from "../../sequencer/protocol/ssz-types.ts";
import { loadCore } from "../../sequencer/core/index.ts";

test("default: the standard dev keys are Hardhat's 20 accounts", () => {
  const keys = standardDevKeys();
  assert.equal(keys.length, 20);
  assert.equal(getAddress(hexlify(addressOfKey(keys[0]!))), "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  assert.equal(getAddress(hexlify(addressOfKey(keys[19]!))), "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199");
});

test("behavior: load-test keys are deterministic and their addresses match ethers", () => {
  assert.deepEqual(loadTestKey(7), loadTestKey(7));
  assert.notDeepEqual(loadTestKey(7), loadTestKey(8));
  for (const i of [0, 1, 99_999]) assert.equal(hexlify(addressOfKey(loadTestKey(i))), new Wallet(hexlify(loadTestKey(i))).address.toLowerCase());
});

test("behavior: devnet genesis puts the fee recipient first and funds every dev account", () => {
  const fee = new Uint8Array(20).fill(0xfe);
  const accounts = devnetGenesis(fee, 5);
  assert.equal(accounts.length, 26);
  assert.deepEqual(accounts[0], { address: fee, balance: 0n });
  assert.ok(accounts.slice(1).every((a) => a.balance === DEV_BALANCE));
  assert.equal(genesisTotal(accounts), 25n * DEV_BALANCE);
  assert.throws(() => devnetGenesis(accounts[1]!.address, 0), /twice/);
});

test("behavior: the WASM core's genesis root equals @chainsafe/ssz's", async () => {
  const accounts = devnetGenesis(new Uint8Array(20).fill(0xfe), 30);
  const core = await loadCore();
  core.state.load(genesisRecords(accounts));
  const expected = StateList.hashTreeRoot(accounts.map((a) => ({ ...a, nonce: 0 })));
  assert.deepEqual(core.state.root(), expected);
});
