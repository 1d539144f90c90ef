// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Sha256Merkle} from "../../lib/Sha256Merkle.sol";
import {Sha256Tree} from "./Sha256Tree.sol";
import {TransactionLeaf} from "./TransactionLeaf.sol";

/// @title TxRootCheck
/// @notice The txRoot proof of docs/fraud-proofs.md §4 once the chunk table is proven: every
///         entry's preimage (stateRoot_c, txSubtree_c), then header.txRoot against
///         mix_in_length(the 16-level tree whose level-5 nodes are the subtrees, N).
library TxRootCheck {
    /// Entry `chunk` is not sha256(stateRoot ‖ txSubtree) of the values given for it.
    error EntryPreimageMismatch(uint256 chunk);
    /// The preimage lists do not have one value per chunk.
    error PreimageCountMismatch(uint256 stateRoots, uint256 txSubtrees, uint256 chunkCount);

    /// @notice The txRoot the batch's chunk entries imply for `positions` (N) transactions.
    function txRoot(
        bytes32[] calldata entries,
        bytes32[] calldata stateRoots,
        bytes32[] calldata txSubtrees,
        uint256 positions
    ) internal view returns (bytes32) {
        uint256 n = entries.length;
        if (stateRoots.length != n || txSubtrees.length != n) {
            revert PreimageCountMismatch(stateRoots.length, txSubtrees.length, n);
        }
        bytes32[] memory subtrees = new bytes32[](n);
        for (uint256 c = 0; c < n; c++) {
            if (sha256(abi.encodePacked(stateRoots[c], txSubtrees[c])) != entries[c]) revert EntryPreimageMismatch(c);
            subtrees[c] = txSubtrees[c];
        }
        uint256 levels = 16 - TransactionLeaf.SUBTREE_DEPTH;
        bytes32 dataRoot = Sha256Tree.root(subtrees, levels, Sha256Tree.zeroHash(TransactionLeaf.SUBTREE_DEPTH));
        return Sha256Merkle.mixInLength(dataRoot, uint64(positions));
    }
}
