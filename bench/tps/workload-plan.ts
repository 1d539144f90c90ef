/**
 * The load-test workload as a plan (pure, deterministic from its parameters): who sends what to
 * whom with which nonce, and which transactions are deliberately invalid. Signing is separate
 * (sign-workload.ts). Senders take turns (transaction i is sent by funded account i mod
 * accounts), so one sender's consecutive nonces are `accounts` transactions apart.
 */

export const PlannedKind = { transfer: 0, withdraw: 1 } as const;

/** What the node must do with a transaction: accept it, or reject it for this reason. */
export const Expectation = { valid: 0, badNonce: 1, badSignature: 2, overdraft: 3 } as const;
export type Expectation = (typeof Expectation)[keyof typeof Expectation];
export const EXPECTATION_NAMES = ["valid", "bad nonce", "bad signature", "overdraft"] as const;

export interface WorkloadParams {
  txs: number;
  accounts: number;
  /** Shares of all transactions, 0–1. */
  newAddressShare: number;
  withdrawShare: number;
  invalidShare: number;
  seed: number;
}

export interface PlannedTx {
  sender: number;
  kind: 0 | 1;
  /** Recipient: a funded account's index (≥ 0) or, when -1, the fresh address `freshTo`. */
  toAccount: number;
  freshTo?: Uint8Array;
  amountWei: bigint;
  feeWei: bigint;
  nonce: number;
  expect: Expectation;
}

/** mulberry32: a tiny seeded PRNG, so the same parameters always give the same workload. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GWEI = 10n ** 9n;
/** More than any devnet account holds (10,000 ETH), so the transfer must be refused. */
export const OVERDRAFT_WEI = 20_000n * 10n ** 18n;
export const FAR_NONCE_OFFSET = 1_000_000;

export function planWorkload(params: WorkloadParams): PlannedTx[] {
  if (params.accounts < 2) throw new RangeError(`expected at least 2 accounts, got ${params.accounts}`);
  const random = seededRandom(params.seed);
  const nonces = new Array<number>(params.accounts).fill(0);
  const plan: PlannedTx[] = [];
  for (let i = 0; i < params.txs; i++) {
    const sender = i % params.accounts;
    const amountWei = BigInt(1_000_000 + Math.floor(random() * 998_000_000)) * GWEI; // 0.001–0.999 ETH
    // 0.0005–0.0014 ETH: above the node's minimum fee (sequencer/fees) even at its 10× congestion ceiling, which a
    // max-rate run reaches, while the devnet's L1 base fee is still near 1 gwei; two digits keep it 2 bytes of data
    const feeWei = BigInt(5 + Math.floor(random() * 10)) * 100_000n * GWEI;
    let toAccount = (sender + 1 + Math.floor(random() * (params.accounts - 1))) % params.accounts;
    let freshTo: Uint8Array | undefined;
    const kindRoll = random();
    const kind: 0 | 1 = kindRoll < params.withdrawShare ? PlannedKind.withdraw : PlannedKind.transfer;
    if (kind === PlannedKind.withdraw || random() < params.newAddressShare / (1 - params.withdrawShare)) {
      toAccount = -1;
      freshTo = Uint8Array.from({ length: 20 }, () => Math.floor(random() * 256));
      freshTo[0] = 0xf0 | (freshTo[0]! & 0x0f); // never the zero address
    }
    const invalidRoll = random();
    let expect: Expectation = Expectation.valid;
    if (invalidRoll < params.invalidShare) expect = (1 + Math.floor((invalidRoll / params.invalidShare) * 3)) as Expectation;
    const nonce = expect === Expectation.badNonce ? nonces[sender]! + FAR_NONCE_OFFSET : nonces[sender]!;
    if (expect === Expectation.valid) nonces[sender]! += 1;
    plan.push({ sender, kind, toAccount, ...(freshTo ? { freshTo } : {}), amountWei: expect === Expectation.overdraft ? OVERDRAFT_WEI : amountWei, feeWei, nonce, expect });
  }
  return plan;
}
