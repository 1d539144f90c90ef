// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccountWitness, StateProof} from "../FraudTypes.sol";
import {AccountSlots} from "./AccountSlots.sol";
import {Slot} from "./ChunkTypes.sol";
import {StateMultiproof} from "./StateMultiproof.sol";

/// @title WitnessedState
/// @notice The accounts a chunk proof witnesses, verified against the pre-state root before
///         anything reads them, and the post-state root over the same multiproof
///         (docs/fraud-proofs.md §4 "Account witnesses and the multiproof").
library WitnessedState {
    /// The witnesses and nodes do not give the pre-state root.
    error PreStateMismatch(bytes32 computed, bytes32 preStateRoot);

    /// @notice The witnesses in memory, after checking they are the pre-state's; reverts otherwise.
    function open(AccountWitness[] calldata accounts, StateProof calldata proof, bytes32 preStateRoot)
        internal
        view
        returns (Slot[] memory slots, uint256[] memory indices)
    {
        bytes32[] memory leaves;
        (slots, leaves) = AccountSlots.load(accounts, proof.length);
        indices = AccountSlots.indices(slots);
        bytes32 computed = StateMultiproof.root(indices, leaves, proof.nodes, proof.length);
        if (computed != preStateRoot) revert PreStateMismatch(computed, preStateRoot);
    }

    /// @notice The state root after execution: the slots' new leaves, the same nodes, `count` accounts.
    function postRoot(Slot[] memory slots, uint256[] memory indices, StateProof calldata proof, uint256 count)
        internal
        view
        returns (bytes32)
    {
        return StateMultiproof.root(indices, AccountSlots.newLeaves(slots), proof.nodes, uint64(count));
    }
}
