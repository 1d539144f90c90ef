// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Sha256Merkle} from "./Sha256Merkle.sol";

/// @notice The spec's BatchHeader container (protocol.md §1), field for field.
struct BatchHeader {
    uint64 number;
    bytes32 parentRoot;
    bytes32 stateRoot;
    bytes32 txRoot;
    bytes32 exitRoot;
    uint64 queueCount;
    uint64 timestamp;
    bytes32 dataHash;
}

/// @title LoftSsz
/// @notice hash_tree_root of Loft's SSZ containers computed from their fields, and the fixed-depth
///         proofs the Rollup accepts. Leaves are always rebuilt from fields here, never taken from
///         the caller, so an internal node can never pass for a leaf.
library LoftSsz {
    using Sha256Merkle for bytes32;

    /// Depth of List[Withdrawal, 2^16] and List[Transaction, 2^16] below the length mix-in.
    uint256 internal constant EXIT_DEPTH = 16;
    /// Depth of List[Account, 2^32] below the length mix-in.
    uint256 internal constant STATE_DEPTH = 32;
    /// Depth of the 8-chunk BatchHeader tree.
    uint256 internal constant HEADER_DEPTH = 3;
    /// Chunk positions of the header fields the contract proves against a stored batch root.
    uint256 internal constant HEADER_STATE_ROOT_INDEX = 2;
    uint256 internal constant HEADER_EXIT_ROOT_INDEX = 4;

    /// @notice hash_tree_root(Withdrawal{recipient, amount}).
    function withdrawalLeaf(address recipient, uint128 amount) internal view returns (bytes32) {
        return Sha256Merkle.hashPair(bytes32(bytes20(recipient)), Sha256Merkle.le128(amount));
    }

    /// @notice hash_tree_root(Account{address, balance, nonce}) (three fields padded to four chunks).
    function accountLeaf(address account, uint128 balance, uint64 nonce) internal view returns (bytes32) {
        bytes32 left = Sha256Merkle.hashPair(bytes32(bytes20(account)), Sha256Merkle.le128(balance));
        bytes32 right = Sha256Merkle.hashPair(Sha256Merkle.le64(nonce), bytes32(0));
        return Sha256Merkle.hashPair(left, right);
    }

    /// @notice hash_tree_root(BatchHeader) of a header in calldata.
    function headerRoot(BatchHeader calldata h) internal view returns (bytes32) {
        return chunksRoot(
            Sha256Merkle.le64(h.number), h.parentRoot, h.stateRoot, h.txRoot,
            h.exitRoot, Sha256Merkle.le64(h.queueCount), Sha256Merkle.le64(h.timestamp), h.dataHash
        );
    }

    /// @notice Root of the genesis header (batch 0): number 0, parentRoot 0, the given stateRoot,
    ///         empty tx and exit lists, queueCount 0, timestamp 0, dataHash 0.
    function genesisHeaderRoot(bytes32 stateRoot) internal view returns (bytes32) {
        bytes32 empty = emptyListRoot(EXIT_DEPTH); // List[Transaction, 2^16] and List[Withdrawal, 2^16] alike
        return chunksRoot(bytes32(0), bytes32(0), stateRoot, empty, empty, bytes32(0), bytes32(0), bytes32(0));
    }

    /// @notice Merkle root of 8 chunks (a container of 8 fields).
    function chunksRoot(
        bytes32 c0, bytes32 c1, bytes32 c2, bytes32 c3, bytes32 c4, bytes32 c5, bytes32 c6, bytes32 c7
    ) internal view returns (bytes32) {
        bytes32 left = Sha256Merkle.hashPair(Sha256Merkle.hashPair(c0, c1), Sha256Merkle.hashPair(c2, c3));
        bytes32 right = Sha256Merkle.hashPair(Sha256Merkle.hashPair(c4, c5), Sha256Merkle.hashPair(c6, c7));
        return Sha256Merkle.hashPair(left, right);
    }

    /// @notice The batch root implied by one header chunk `value` at `chunkIndex` and its 3 siblings.
    function headerRootFromField(bytes32 value, uint256 chunkIndex, bytes32[3] calldata branch)
        internal
        view
        returns (bytes32)
    {
        uint256 offset;
        assembly ("memory-safe") {
            offset := branch
        }
        return Sha256Merkle.foldBranch(value, chunkIndex, offset, HEADER_DEPTH);
    }

    /// @notice Root of List[Withdrawal, 2^16] implied by a leaf at `index` of a list of `length`.
    ///         The caller has checked index < length <= 2^16.
    function exitListRoot(bytes32 leaf, uint256 index, uint256 length, bytes32[16] calldata branch)
        internal
        view
        returns (bytes32)
    {
        uint256 offset;
        assembly ("memory-safe") {
            offset := branch
        }
        return Sha256Merkle.foldBranch(leaf, index, offset, EXIT_DEPTH).mixInLength(uint64(length));
    }

    /// @notice Root of List[Account, 2^32] implied by a leaf at `index` of a list of `length`.
    ///         The caller has checked index < length <= 2^32.
    function stateListRoot(bytes32 leaf, uint256 index, uint256 length, bytes32[32] calldata branch)
        internal
        view
        returns (bytes32)
    {
        uint256 offset;
        assembly ("memory-safe") {
            offset := branch
        }
        return Sha256Merkle.foldBranch(leaf, index, offset, STATE_DEPTH).mixInLength(uint64(length));
    }

    /// @notice hash_tree_root of an empty list whose data tree has `depth` levels: mix_in_length(zero_hash(depth), 0).
    function emptyListRoot(uint256 depth) internal view returns (bytes32) {
        bytes32 node;
        for (uint256 i = 0; i < depth; i++) node = Sha256Merkle.hashPair(node, node);
        return Sha256Merkle.mixInLength(node, 0);
    }
}
