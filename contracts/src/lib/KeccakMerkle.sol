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
    ///         Overwrites `leaves`. Assembly: a commit computes one depth-11 tree per batch, and
    ///         the bounds-checked Solidity loop cost more than the hashing.
    function root(bytes32[] memory leaves, uint256 depth) internal pure returns (bytes32 node) {
        assembly ("memory-safe") {
            let base := add(leaves, 0x20)
            let n := mload(leaves)
            let zero := 0 // zero_l
            let level := 0
            for {} and(lt(level, depth), gt(n, 1)) { level := add(level, 1) } {
                let parents := shr(1, add(n, 1))
                for { let i := 0 } lt(i, parents) { i := add(i, 1) } {
                    let left := add(base, shl(6, i)) // leaves[2i]
                    mstore(0x00, mload(left))
                    switch lt(add(shl(1, i), 1), n)
                    case 1 { mstore(0x20, mload(add(left, 0x20))) }
                    default { mstore(0x20, zero) }
                    mstore(add(base, shl(5, i)), keccak256(0x00, 0x40))
                }
                n := parents
                mstore(0x00, zero)
                mstore(0x20, zero)
                zero := keccak256(0x00, 0x40)
            }
            // one node (or none) left: the rest of the way its siblings are all zero_l
            node := 0
            if n { node := mload(base) }
            for {} lt(level, depth) { level := add(level, 1) } {
                mstore(0x00, node)
                mstore(0x20, zero)
                node := keccak256(0x00, 0x40)
                mstore(0x00, zero)
                zero := keccak256(0x00, 0x40) // (0x20 still holds zero)
            }
        }
    }
}
