// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Sha256Merkle
/// @notice SSZ Merkle primitives on the SHA-256 precompile (address 0x02): pair hashing,
///         fixed-depth branch folding, `mix_in_length` and the little-endian chunk encodings
///         SSZ uses for uints. Everything works on the scratch space (0x00-0x3f), so no call
///         here expands memory.
library Sha256Merkle {
    /// @notice sha256(left ‖ right), the parent of two SSZ nodes.
    function hashPair(bytes32 left, bytes32 right) internal view returns (bytes32 parent) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            // The precompile only fails when it runs out of gas; nothing sensible can follow.
            if iszero(staticcall(gas(), 0x02, 0x00, 0x40, 0x00, 0x20)) { revert(0, 0) }
            parent := mload(0x00)
        }
    }

    /// @notice Folds `leaf` up `depth` levels with the siblings at calldata offset `branch`
    ///         (bottom-up, one 32-byte word each); bit i of `index` says whether the node is the
    ///         right child at level i. The caller bounds `index` below 2^depth.
    function foldBranch(bytes32 leaf, uint256 index, uint256 branch, uint256 depth)
        internal
        view
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
                if iszero(staticcall(gas(), 0x02, 0x00, 0x40, 0x00, 0x20)) { revert(0, 0) }
                node := mload(0x00)
            }
        }
    }

    /// @notice SSZ `mix_in_length`: sha256(dataRoot ‖ uint256 length little-endian).
    function mixInLength(bytes32 dataRoot, uint64 length) internal view returns (bytes32) {
        return hashPair(dataRoot, le64(length));
    }

    /// @notice A uint64 as SSZ serializes it in its chunk: little-endian, zero-padded right.
    function le64(uint64 value) internal pure returns (bytes32) {
        uint256 v = value;
        v = ((v & 0xFF00FF00FF00FF00) >> 8) | ((v & 0x00FF00FF00FF00FF) << 8);
        v = ((v & 0xFFFF0000FFFF0000) >> 16) | ((v & 0x0000FFFF0000FFFF) << 16);
        v = (v >> 32) | ((v & 0xFFFFFFFF) << 32);
        return bytes32(v << 192);
    }

    /// @notice A uint128 as SSZ serializes it in its chunk: little-endian, zero-padded right.
    function le128(uint128 value) internal pure returns (bytes32) {
        uint256 v = value;
        v = ((v & 0xFF00FF00FF00FF00FF00FF00FF00FF00) >> 8) | ((v & 0x00FF00FF00FF00FF00FF00FF00FF00FF) << 8);
        v = ((v & 0xFFFF0000FFFF0000FFFF0000FFFF0000) >> 16) | ((v & 0x0000FFFF0000FFFF0000FFFF0000FFFF) << 16);
        v = ((v & 0xFFFFFFFF00000000FFFFFFFF00000000) >> 32) | ((v & 0x00000000FFFFFFFF00000000FFFFFFFF) << 32);
        v = (v >> 64) | ((v & 0xFFFFFFFFFFFFFFFF) << 64);
        return bytes32(v << 128);
    }
}
