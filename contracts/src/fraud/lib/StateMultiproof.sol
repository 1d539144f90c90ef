// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Sha256Merkle} from "../../lib/Sha256Merkle.sol";

/// @title StateMultiproof
/// @notice The state multiproof of docs/fraud-proofs.md §4: the root of List[Account, 2^32] from
///         some leaves (strictly increasing indices) and the decommitment nodes, consumed in the
///         order of the doc's algorithm. The same nodes with the old leaves give the pre-state
///         root and with the new leaves the post-state root, since a chunk changes only leaves.
library StateMultiproof {
    uint256 internal constant DEPTH = 32;

    /// The algorithm needs more nodes than were given.
    error StateProofTooShort(uint256 given);
    /// Nodes were left over after the last level.
    error StateProofTooLong(uint256 consumed, uint256 given);

    /// @notice mix_in_length(data root over `leaves` at `indices`, length). Overwrites `leaves`.
    function root(uint256[] memory indices, bytes32[] memory leaves, bytes32[] calldata nodes, uint64 length)
        internal
        view
        returns (bytes32)
    {
        uint256[] memory idx = new uint256[](indices.length);
        for (uint256 j = 0; j < idx.length; j++) idx[j] = indices[j];
        uint256 m = idx.length;
        uint256 k = 0;
        for (uint256 level = 0; level < DEPTH; level++) {
            uint256 out = 0;
            for (uint256 j = 0; j < m; out++) {
                uint256 i = idx[j];
                bytes32 parent;
                if (i & 1 == 0 && j + 1 < m && idx[j + 1] == i + 1) {
                    parent = Sha256Merkle.hashPair(leaves[j], leaves[j + 1]);
                    j += 2;
                } else {
                    if (k == nodes.length) revert StateProofTooShort(nodes.length);
                    parent = i & 1 == 0
                        ? Sha256Merkle.hashPair(leaves[j], nodes[k])
                        : Sha256Merkle.hashPair(nodes[k], leaves[j]);
                    k++;
                    j++;
                }
                idx[out] = i >> 1;
                leaves[out] = parent;
            }
            m = out;
        }
        if (k != nodes.length) revert StateProofTooLong(k, nodes.length);
        return Sha256Merkle.mixInLength(leaves[0], length);
    }
}
