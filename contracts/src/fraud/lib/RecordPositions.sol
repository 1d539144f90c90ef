// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FraudKind} from "../FraudTypes.sol";
import {AccountSlots} from "./AccountSlots.sol";
import {ChunkReader, Cursor, Record} from "./ChunkReader.sol";
import {MAX_ACCOUNTS, Slot} from "./ChunkTypes.sol";
import {TransactionLeaf} from "./TransactionLeaf.sol";

/// @title RecordPositions
/// @notice Executes one user record on the witnessed accounts, exactly as
///         assembly/executor/apply.ts applySigned does (docs/fraud-proofs.md §4 "State
///         transition"), after the data checks of §2: sender and index recipient exist, a raw
///         recipient is no existing account; then zero recipient, nonce and amount + fee overflow,
///         balance, sender debit and nonce + 1, fee credit to account 0, recipient credit or (for a
///         withdraw) nothing here. The first failing check is the fraud kind.
library RecordPositions {
    /// @return kind 0 when valid; leaf its hash_tree_root(Transaction); count the account count after.
    function execute(Cursor memory c, Record memory rec, Slot[] memory slots, uint256 count)
        internal
        view
        returns (uint8 kind, bytes32 leaf, uint256)
    {
        ChunkReader.readRecord(c, rec);
        if (c.failed) return (FraudKind.Undecodable, 0, count);
        if (rec.from >= count) return (FraudKind.UnknownAccount, 0, count);
        Slot memory sender = AccountSlots.find(slots, rec.from);
        Slot memory recipient;
        address to = rec.toRaw;
        if (!rec.rawTo) {
            if (rec.toIndex >= count) return (FraudKind.UnknownAccount, 0, count);
            recipient = AccountSlots.find(slots, rec.toIndex);
            to = recipient.addr;
        } else if (!rec.withdraw && AccountSlots.isLive(slots, to)) {
            return (FraudKind.DuplicateAccount, 0, count);
        }
        if (to == address(0)) return (FraudKind.ZeroRecipient, 0, count);
        uint64 nonce = sender.nonce;
        uint256 total = uint256(rec.amount) + rec.fee;
        if (nonce == type(uint64).max || total > type(uint128).max) return (FraudKind.Overflow, 0, count);
        if (sender.balance < total) return (FraudKind.InsufficientBalance, 0, count);
        sender.balance -= uint128(total);
        sender.nonce = nonce + 1;
        Slot memory feeAccount = AccountSlots.find(slots, 0);
        if (uint256(feeAccount.balance) + rec.fee > type(uint128).max) return (FraudKind.Overflow, 0, count);
        feeAccount.balance += rec.fee;
        if (!rec.withdraw) {
            if (!rec.rawTo) {
                if (uint256(recipient.balance) + rec.amount > type(uint128).max) return (FraudKind.Overflow, 0, count);
                recipient.balance += rec.amount;
            } else {
                if (count == MAX_ACCOUNTS) return (FraudKind.Overflow, 0, count);
                AccountSlots.create(slots, count, to, rec.amount);
                count++;
            }
        }
        return (0, TransactionLeaf.signed(rec, sender.addr, to, nonce), count);
    }
}
