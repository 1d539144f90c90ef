// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TABLE_TREE_DEPTH} from "../FraudTypes.sol";
import {KeccakMerkle} from "../../lib/KeccakMerkle.sol";

/// @title ChunkTable
/// @notice A batch's whole chunk table (docs/fraud-proofs.md §3): the keccak Merkle root, depth
///         11, of the leaves keccak256(entry_c ‖ chunkHash_c), which the roots proofs rebuild in
///         full and compare with BatchRef.tableRoot.
library ChunkTable {
    /// The table has another number of chunks than the batch.
    error ChunkCountMismatch(uint256 given, uint256 chunkCount);
    /// The entries and chunk hashes given do not make the batch's tableRoot.
    error TableRootMismatch(bytes32 computed, bytes32 tableRoot);

    /// @notice Reverts unless (entries, chunkHashes) are exactly the batch's `chunkCount` chunks.
    function requireTable(bytes32[] calldata entries, bytes32[] memory chunkHashes, uint256 chunkCount, bytes32 tableRoot)
        internal
        pure
    {
        if (entries.length != chunkCount) revert ChunkCountMismatch(entries.length, chunkCount);
        if (chunkHashes.length != chunkCount) revert ChunkCountMismatch(chunkHashes.length, chunkCount);
        bytes32[] memory leaves = new bytes32[](chunkCount);
        for (uint256 c = 0; c < chunkCount; c++) leaves[c] = KeccakMerkle.hashPair(entries[c], chunkHashes[c]);
        bytes32 computed = KeccakMerkle.root(leaves, TABLE_TREE_DEPTH);
        if (computed != tableRoot) revert TableRootMismatch(computed, tableRoot);
    }
}
