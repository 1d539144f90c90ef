/**
 * The escape-hatch scenario shared by the freeze / escape / reclaim tests:
 * - genesis: users[0..2] hold 10, 20, 30 ETH (60 ETH sent at deployment)
 * - q0: users[3] deposits 5 ETH; batch 1 processes it and pays users[0] 1 ETH out (final)
 * - q1: users[4] deposits 7 ETH; q2: users[0] requests a full exit
 * - batch 2 processes q1 only and is committed but never final; q2 waits past the inclusion window.
 */
import type { Contract } from "ethers";
import { CHALLENGE_WINDOW, INCLUSION_WINDOW, account, deployRollup, withdrawal, type RollupFixture } from "./rollup-fixture.ts";

export const ETH = 10n ** 18n;

export interface EscapeScenario {
  f: RollupFixture;
  /** Timestamp from which freeze() is allowed (q2's timestamp + inclusion window + 1). */
  freezableAt: number;
  freeze(): Promise<void>;
}

export async function escapeScenario(): Promise<EscapeScenario> {
  const f = await deployRollup();
  const [u0, , , u3, u4] = f.users.map((u) => u.address) as [string, string, string, string, string];
  const asUser = (i: number) => f.rollup.connect(f.users[i]!) as Contract;
  await (await asUser(3).getFunction("deposit")(u3, { value: 5n * ETH })).wait();
  const genesis = f.batches[0]!.accounts;
  const afterBatch1 = [...genesis.map((a, i) => (i === 1 ? { ...a, balance: a.balance - 1n * ETH, nonce: 1 } : a)), account(u3, 5n * ETH)];
  await f.commit({ accounts: afterBatch1, exits: [withdrawal(u0, 1n * ETH)], queueCount: 1 });
  await f.chain.increaseTime(CHALLENGE_WINDOW);
  await (await asUser(4).getFunction("deposit")(u4, { value: 7n * ETH })).wait();
  const fullExit = await (await asUser(0).getFunction("requestFullExit")()).wait();
  await f.commit({ accounts: [...afterBatch1, account(u4, 7n * ETH)], exits: [withdrawal(u4, 0n)], queueCount: 2 });
  const requestedAt = (await f.chain.provider.getBlock(fullExit.blockNumber))!.timestamp;
  const freezableAt = requestedAt + INCLUSION_WINDOW + 1;
  return {
    f,
    freezableAt,
    async freeze() {
      if ((await f.chain.now()) < freezableAt) await f.chain.setNextTimestamp(freezableAt);
      await f.freeze({ gasLimit: 500_000 });
    },
  };
}
