// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Sha256Merkle} from "../../lib/Sha256Merkle.sol";

/// @title Sha256Tree
/// @notice Root of a fixed-depth SSZ (SHA-256) tree over the first nodes of one level, the rest
///         of that level being zero subtrees: the txRoot over the chunks' txSubtrees (zero_hash(5)
///         padding, docs/fraud-proofs.md §1) and the exitRoot over Withdrawal leaves (zero padding).
library Sha256Tree {
    /// @notice zero_hash(level): the root of an all-zero subtree of `level` levels.
    function zeroHash(uint256 level) internal view returns (bytes32 zero) {
        for (uint256 l = 0; l < level; l++) zero = Sha256Merkle.hashPair(zero, zero);
    }

    /// @notice Root of `depth` levels above `nodes` (at most 2^depth), missing ones `zero`.
    ///         Overwrites `nodes`.
    function root(bytes32[] memory nodes, uint256 depth, bytes32 zero) internal view returns (bytes32) {
        uint256 n = nodes.length;
        for (uint256 level = 0; level < depth; level++) {
            uint256 parents = (n + 1) >> 1;
            for (uint256 i = 0; i < parents; i++) {
                bytes32 right = 2 * i + 1 < n ? nodes[2 * i + 1] : zero;
                nodes[i] = Sha256Merkle.hashPair(nodes[2 * i], right);
            }
            n = parents;
            zero = Sha256Merkle.hashPair(zero, zero);
        }
        return n == 0 ? zero : nodes[0];
    }
}
