// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccountWitness} from "../FraudTypes.sol";
import {LoftSsz} from "../../lib/LoftSsz.sol";
import {Slot} from "./ChunkTypes.sol";

/// @title AccountSlots
/// @notice The witnessed accounts of a chunk proof in memory (docs/fraud-proofs.md §4 "Account
///         witnesses"): strictly increasing indices; below the pre-state's account count they carry
///         their values, at or above it they are the accounts the chunk creates, at consecutive
///         indices from that count (leaf zero before, fields ignored).
library AccountSlots {
    /// An index is needed by the chunk but not among the witnesses.
    error MissingWitness(uint256 index);
    /// Witness `position` does not have a larger index than the one before it.
    error WitnessesNotIncreasing(uint256 position, uint256 index);
    /// A witness at or above the pre-state's count is not the next created index.
    error CreatedWitnessNotConsecutive(uint256 index, uint256 expected);
    /// A multiproof needs at least one leaf.
    error NoWitnesses();

    /// @notice Copies the witnesses into memory and returns their pre-state leaves.
    function load(AccountWitness[] calldata accounts, uint256 length)
        internal
        view
        returns (Slot[] memory slots, bytes32[] memory leaves)
    {
        uint256 n = accounts.length;
        if (n == 0) revert NoWitnesses();
        slots = new Slot[](n);
        leaves = new bytes32[](n);
        uint256 nextCreated = length;
        for (uint256 j = 0; j < n; j++) {
            AccountWitness calldata a = accounts[j];
            uint256 index = a.index;
            if (j > 0 && index <= slots[j - 1].index) revert WitnessesNotIncreasing(j, index);
            Slot memory s = slots[j];
            s.index = index;
            if (index < length) {
                (s.addr, s.balance, s.nonce, s.live) = (a.addr, a.balance, a.nonce, true);
                leaves[j] = LoftSsz.accountLeaf(a.addr, a.balance, a.nonce);
            } else {
                if (index != nextCreated) revert CreatedWitnessNotConsecutive(index, nextCreated);
                nextCreated++;
            }
        }
    }

    /// @notice The slot of account `index` (binary search); reverts MissingWitness when absent.
    function find(Slot[] memory slots, uint256 index) internal pure returns (Slot memory) {
        uint256 low = 0;
        uint256 high = slots.length;
        while (low < high) {
            uint256 mid = (low + high) >> 1;
            uint256 at = slots[mid].index;
            if (at == index) return slots[mid];
            if (at < index) low = mid + 1;
            else high = mid;
        }
        revert MissingWitness(index);
    }

    /// @notice True when a live witnessed account has address `addr`.
    function isLive(Slot[] memory slots, address addr) internal pure returns (bool) {
        for (uint256 j = 0; j < slots.length; j++) {
            if (slots[j].live && slots[j].addr == addr) return true;
        }
        return false;
    }

    /// @notice Makes witness `index` the account created at this point with `addr` and `balance`.
    function create(Slot[] memory slots, uint256 index, address addr, uint128 balance) internal pure {
        Slot memory s = find(slots, index);
        (s.addr, s.balance, s.nonce, s.live) = (addr, balance, 0, true);
    }

    /// @notice The leaves after execution: each live account's leaf, zero for the others.
    function newLeaves(Slot[] memory slots) internal view returns (bytes32[] memory out) {
        out = new bytes32[](slots.length);
        for (uint256 j = 0; j < slots.length; j++) {
            Slot memory s = slots[j];
            if (s.live) out[j] = LoftSsz.accountLeaf(s.addr, s.balance, s.nonce);
        }
    }

    /// @notice The witnesses' indices, in order (the multiproof's leaf positions).
    function indices(Slot[] memory slots) internal pure returns (uint256[] memory out) {
        out = new uint256[](slots.length);
        for (uint256 j = 0; j < slots.length; j++) out[j] = slots[j].index;
    }
}
