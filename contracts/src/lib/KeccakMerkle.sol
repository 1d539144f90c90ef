// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title KeccakMerkle
/// @notice The fixed-depth keccak-256 Merkle trees of commits and chunk tables
///         (docs/fraud-proofs.md §3): leaves padded with zero, zero_{l+1} = keccak(zero_l ‖ zero_l),
///         parent = keccak256(left ‖ right), branches bottom-up.
library KeccakMerkle {
    /// @notice keccak256(left ‖ right), on the scratch space.
    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 parent) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            parent := keccak256(0x00, 0x40)
        }
    }

    /// @notice The root implied by `leaf` at `index` with its `depth` siblings (index < 2^depth).
    function rootFromBranch(bytes32 leaf, uint256 index, bytes32[] memory branch) internal pure returns (bytes32 node) {
        node = leaf;
        for (uint256 i = 0; i < branch.length; i++) {
            node = (index >> i) & 1 == 0 ? hashPair(node, branch[i]) : hashPair(branch[i], node);
        }
    }

    /// @notice The commit-tree root (depth 8) implied by `leaf` at `index` with its siblings in calldata.
    function rootFromCommitBranch(bytes32 leaf, uint256 index, bytes32[8] calldata branch)
        internal
        pure
        returns (bytes32)
    {
        uint256 offset;
        assembly ("memory-safe") {
            offset := branch
        }
        return foldCalldata(leaf, index, offset, 8);
    }

    /// @notice The chunk-table root (depth 11) implied by `leaf` at `index` with its siblings in calldata.
    function rootFromTableBranch(bytes32 leaf, uint256 index, bytes32[11] calldata branch)
        internal
        pure
        returns (bytes32)
    {
        uint256 offset;
        assembly ("memory-safe") {
            offset := branch
        }
        return foldCalldata(leaf, index, offset, 11);
    }

    /// @notice Folds `leaf` up `depth` levels with the siblings at calldata offset `branch`
    ///         (bottom-up, one word each); bit i of `index` says the node is the right child at
    ///         level i. The caller bounds `index` below 2^depth.
    function foldCalldata(bytes32 leaf, uint256 index, uint256 branch, uint256 depth)
        internal
        pure
        returns (bytes32 node)
    {
        assembly ("memory-safe") {
            node := leaf
            for { let i := 0 } lt(i, depth) { i := add(i, 1) } {
                let sibling := calldataload(add(branch, shl(5, i)))
                switch and(shr(i, index), 1)
                case 0 {
                    mstore(0x00, node)
                    mstore(0x20, sibling)
                }
                default {
                    mstore(0x00, sibling)
                    mstore(0x20, node)
                }
                node := keccak256(0x00, 0x40)
            }
        }
    }

    /// @notice Root of a depth-`depth` tree over `leaves` (at most 2^depth), padded with zero.
    ///         Overwrites `leaves`.
    function root(bytes32[] memory leaves, uint256 depth) internal pure returns (bytes32) {
        uint256 n = leaves.length;
        bytes32 zero; // zero_l
        for (uint256 level = 0; level < depth; level++) {
            uint256 parents = (n + 1) >> 1;
            for (uint256 i = 0; i < parents; i++) {
                bytes32 left = leaves[2 * i];
                bytes32 right = 2 * i + 1 < n ? leaves[2 * i + 1] : zero;
                leaves[i] = hashPair(left, right);
            }
            if (n == 0) parents = 0;
            n = parents;
            zero = hashPair(zero, zero);
        }
        return n == 0 ? zero : leaves[0];
    }
}
