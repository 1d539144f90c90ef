// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FraudKind} from "../FraudTypes.sol";
import {AccountSlots} from "./AccountSlots.sol";
import {ChunkReader, Cursor} from "./ChunkReader.sol";
import {MAX_ACCOUNTS, QueueItem, Slot} from "./ChunkTypes.sol";
import {TransactionLeaf} from "./TransactionLeaf.sol";

/// @title QueuePositions
/// @notice Executes one queue entry against the contract's own queue message, as
///         assembly/executor/apply.ts applyQueued does (docs/fraud-proofs.md §2 "Queue entry", §4
///         QueueMismatch): a deposit credits `to` (ref 0: creates it, so it must have no account),
///         a full exit zeroes the sender's balance and its posted amount must be that balance
///         (ref 0: the sender must have no account).
library QueuePositions {
    /// @return kind 0 when valid; leaf its hash_tree_root(Transaction); count the account count after.
    function execute(Cursor memory c, QueueItem memory item, uint256 queueIndex, Slot[] memory slots, uint256 count)
        internal
        view
        returns (uint8 kind, bytes32 leaf, uint256)
    {
        uint256 ref = ChunkReader.readRef(c);
        if (item.amount != 0) {
            if (c.failed) return (FraudKind.Undecodable, 0, count);
            (kind, count) = deposit(ref, item, slots, count);
            leaf = TransactionLeaf.queued(TransactionLeaf.DEPOSIT, item.to, item.amount, uint64(queueIndex));
            return (kind, leaf, count);
        }
        uint128 posted = ref != 0 ? ChunkReader.readAmount(c) : 0;
        if (c.failed) return (FraudKind.Undecodable, 0, count);
        uint128 withdrawn;
        if (ref == 0) {
            if (AccountSlots.isLive(slots, item.sender)) return (FraudKind.QueueMismatch, 0, count);
        } else {
            if (ref - 1 >= count) return (FraudKind.UnknownAccount, 0, count);
            Slot memory account = AccountSlots.find(slots, ref - 1);
            if (account.addr != item.sender || posted != account.balance) return (FraudKind.QueueMismatch, 0, count);
            withdrawn = account.balance;
            account.balance = 0;
        }
        leaf = TransactionLeaf.queued(TransactionLeaf.FULL_EXIT, item.sender, withdrawn, uint64(queueIndex));
        return (0, leaf, count);
    }

    function deposit(uint256 ref, QueueItem memory item, Slot[] memory slots, uint256 count)
        private
        pure
        returns (uint8, uint256)
    {
        if (ref == 0) {
            if (AccountSlots.isLive(slots, item.to)) return (FraudKind.QueueMismatch, count);
            if (count == MAX_ACCOUNTS) return (FraudKind.Overflow, count);
            AccountSlots.create(slots, count, item.to, item.amount);
            return (0, count + 1);
        }
        if (ref - 1 >= count) return (FraudKind.UnknownAccount, count);
        Slot memory account = AccountSlots.find(slots, ref - 1);
        if (account.addr != item.to) return (FraudKind.QueueMismatch, count);
        if (uint256(account.balance) + item.amount > type(uint128).max) return (FraudKind.Overflow, count);
        account.balance += item.amount;
        return (0, count);
    }
}
