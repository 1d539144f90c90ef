/**
 * The SSZ types of the Loft protocol (shared/spec/protocol.md §1), defined once.
 * Every encoding, root and proof in the project is checked against these definitions;
 * the TypeScript types below are derived from them, never written by hand.
 */
import {
  ByteVectorType,
  ContainerType,
  ListCompositeType,
  UintBigintType,
  UintNumberType,
  type ValueOf,
} from "@chainsafe/ssz";

export const Bytes20 = new ByteVectorType(20);
export const Bytes32 = new ByteVectorType(32);
export const Bytes65 = new ByteVectorType(65);
/** uint128: balances, amounts and fees in wei (bigint). */
export const Uint128 = new UintBigintType(16);
/** uint64 held as a JS number: nonces, batch numbers, queue counts, timestamps (≤ 2^53 − 1). */
export const Uint64 = new UintNumberType(8);
export const Uint8 = new UintNumberType(1);

export const Account = new ContainerType(
  { address: Bytes20, balance: Uint128, nonce: Uint64 },
  { typeName: "Account" },
);

export const Transaction = new ContainerType(
  {
    kind: Uint8,
    from: Bytes20,
    to: Bytes20,
    amount: Uint128,
    fee: Uint128,
    nonce: Uint64,
    signature: Bytes65,
  },
  { typeName: "Transaction" },
);

export const Withdrawal = new ContainerType(
  { recipient: Bytes20, amount: Uint128 },
  { typeName: "Withdrawal" },
);

export const BatchHeader = new ContainerType(
  {
    number: Uint64,
    parentRoot: Bytes32,
    stateRoot: Bytes32,
    txRoot: Bytes32,
    exitRoot: Bytes32,
    queueCount: Uint64,
    timestamp: Uint64,
    dataHash: Bytes32,
  },
  { typeName: "BatchHeader" },
);

/** Limits of the protocol's lists (their Merkle depth is log2 of the limit, plus the length mix-in). */
export const STATE_LIMIT = 2 ** 32;
export const TX_LIST_LIMIT = 2 ** 16;
export const EXIT_LIST_LIMIT = 2 ** 16;

export const StateList = new ListCompositeType(Account, STATE_LIMIT, { typeName: "StateList" });
export const TxList = new ListCompositeType(Transaction, TX_LIST_LIMIT, { typeName: "TxList" });
export const ExitList = new ListCompositeType(Withdrawal, EXIT_LIST_LIMIT, { typeName: "ExitList" });

export type Account = ValueOf<typeof Account>;
export type Transaction = ValueOf<typeof Transaction>;
export type Withdrawal = ValueOf<typeof Withdrawal>;
export type BatchHeader = ValueOf<typeof BatchHeader>;

/** Transaction kinds (spec §1). */
export const TxKind = { transfer: 0, withdraw: 1, deposit: 2, fullExit: 3 } as const;
export type TxKind = (typeof TxKind)[keyof typeof TxKind];

/** Fixed serialized sizes, used by the binary fast path and the WASM layout. */
export const ACCOUNT_SIZE = Account.fixedSize as number; // 44
export const TRANSACTION_SIZE = Transaction.fixedSize as number; // 146
export const WITHDRAWAL_SIZE = Withdrawal.fixedSize as number; // 36
export const BATCH_HEADER_SIZE = BatchHeader.fixedSize as number; // 184
