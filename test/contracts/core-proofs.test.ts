/**
 * Proofs built by the WASM core (sequencer/core) verify on chain: a batch of L1 queue messages
 * (a deposit and two full exits) executed by the core, committed with the core's roots, then a
 * withdrawal paid with core.executor.exitProof and, after a freeze, an escape with core.state.accountProof.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Contract } from "ethers";
import { Account, Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import { escapeArgs, withdrawArgs } from "../../sequencer/l1/withdraw-calldata.ts";
import { CHALLENGE_WINDOW, INCLUSION_WINDOW, account, deployRollup, hex, withdrawal } from "./rollup-fixture.ts";
import { address } from "./ssz-lists.ts";

const ETH = 10n ** 18n;

describe("WASM core proofs on chain", () => {
  it("default: exitProof pays a withdrawal and accountProof an escape", async () => {
    const f = await deployRollup();
    const core = await loadCore();
    const genesis = f.batches[0]!.accounts;
    core.state.load(Uint8Array.from(Buffer.concat(genesis.map((a) => Account.serialize(a)))));
    assert.equal(hex(core.state.root()), hex(f.batches[0]!.header.stateRoot));

    const [u0, u1, , u3] = f.users.map((u) => u.address) as [string, string, string, string];
    const asUser = (i: number) => f.rollup.connect(f.users[i]!) as Contract;
    await (await asUser(3).getFunction("deposit")(u3, { value: 5n * ETH })).wait();
    await (await asUser(0).getFunction("requestFullExit")()).wait();
    await (await asUser(1).getFunction("requestFullExit")()).wait();
    const queued = (kind: number, to: string, amount: bigint, nonce: number) =>
      Transaction.serialize({ kind, from: new Uint8Array(20), to: address(to), amount, fee: 0n, nonce, signature: new Uint8Array(65) });
    const txs = Buffer.concat([queued(TxKind.deposit, u3, 5n * ETH, 0), queued(TxKind.fullExit, u0, 0n, 1), queued(TxKind.fullExit, u1, 0n, 2)]);
    const result = core.executor.execute(Uint8Array.from(txs), 0);
    assert.equal(result.includedCount, 3);
    assert.equal(result.withdrawalCount, 2);

    const accounts = [...genesis.map((a, i) => (i === 1 || i === 2 ? { ...a, balance: 0n } : a)), account(u3, 5n * ETH)];
    const exits = [withdrawal(u0, 10n * ETH), withdrawal(u1, 20n * ETH)];
    const batch = await f.commit({ accounts, exits, queueCount: 3 });
    assert.equal(hex(result.stateRoot), hex(batch.header.stateRoot), "the core's stateRoot is the reference's");
    assert.equal(hex(result.exitRoot), hex(batch.header.exitRoot), "the core's exitRoot is the reference's");

    await f.chain.increaseTime(CHALLENGE_WINDOW);
    const proof = core.executor.exitProof(1);
    const before = await f.chain.balance(u1);
    await (await f.rollup.getFunction("withdraw")(...withdrawArgs({ header: batch.header, commit: f.commitPosition(batch.header.number), index: 1, length: proof.length, withdrawal: exits[1]!, branch: proof.branch }))).wait();
    assert.equal((await f.chain.balance(u1)) - before, 20n * ETH);

    await (await asUser(2).getFunction("requestFullExit")()).wait();
    await f.chain.increaseTime(INCLUSION_WINDOW + 1);
    await f.freeze();
    const index = core.state.indexOf(address(u3));
    const state = core.state.accountProof(index);
    const u3Before = await f.chain.balance(u3);
    await (await f.rollup.getFunction("escape")(...escapeArgs({ index, length: state.length, account: accounts[index]!, branch: state.branch }))).wait();
    assert.equal((await f.chain.balance(u3)) - u3Before, 5n * ETH);
  });
});
