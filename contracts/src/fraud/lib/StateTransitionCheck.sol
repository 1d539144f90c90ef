// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccountWitness, CHUNK_SIZE, FraudKind, StateProof} from "../FraudTypes.sol";
import {ChunkTransition} from "./ChunkTransition.sol";
import {ChunkWindow, QueueItem, Slot, Verdict} from "./ChunkTypes.sol";
import {TransactionLeaf} from "./TransactionLeaf.sol";
import {WitnessedState} from "./WitnessedState.sol";

/// @notice What a batch claims about one chunk: its posted entry and, for its last chunk, the
///         header's stateRoot.
struct ChunkClaim {
    bytes32 entry;
    bool last;
    bytes32 batchStateRoot;
}

/// @title StateTransitionCheck
/// @notice The chunk proof of docs/fraud-proofs.md §4 once the refs are proven: verifies the
///         witnesses against the pre-state root first (never judging a transaction on unverified
///         values), executes the chunk, then compares the post-state root and the tx subtree
///         with the chunk's entry and, for the last chunk, the header's stateRoot.
library StateTransitionCheck {
    function check(
        bytes32 preStateRoot,
        bytes calldata data,
        ChunkWindow memory w,
        QueueItem[] memory queue,
        AccountWitness[] calldata accounts,
        StateProof calldata proof,
        ChunkClaim memory claim
    ) internal view returns (Verdict memory verdict) {
        (Slot[] memory slots, uint256[] memory indices) = WitnessedState.open(accounts, proof, preStateRoot);
        bytes32[] memory txLeaves = new bytes32[](CHUNK_SIZE);
        uint256 count;
        (verdict, count) = ChunkTransition.execute(data, w, queue, slots, proof.length, txLeaves);
        if (verdict.kind != 0) return verdict;
        bytes32 post = WitnessedState.postRoot(slots, indices, proof, count);
        bytes32 entry = sha256(abi.encodePacked(post, TransactionLeaf.subtree(txLeaves)));
        if (entry != claim.entry || (claim.last && post != claim.batchStateRoot)) {
            return Verdict(FraudKind.StateRoot, w.end - 1);
        }
    }
}
