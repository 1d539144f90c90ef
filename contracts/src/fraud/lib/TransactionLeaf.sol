// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Sha256Merkle} from "../../lib/Sha256Merkle.sol";
import {SignedTransaction} from "../FraudTypes.sol";
import {Record} from "./ChunkReader.sol";

/// @title TransactionLeaf
/// @notice hash_tree_root(Transaction) of protocol.md §1 (7 fields padded to 8 chunks; the
///         signature ByteVector[65] is 3 chunks r, s, v padded to 4) and the chunk's 5-level
///         subtree of List[Transaction, 2^16] (docs/fraud-proofs.md §1 txSubtree_c).
library TransactionLeaf {
    uint8 internal constant TRANSFER = 0;
    uint8 internal constant WITHDRAW = 1;
    uint8 internal constant DEPOSIT = 2;
    uint8 internal constant FULL_EXIT = 3;
    uint256 internal constant SUBTREE_DEPTH = 5;

    /// @notice hash_tree_root of a transaction given field by field (proveSignature's leaf).
    function ofFields(SignedTransaction calldata t) internal view returns (bytes32) {
        return container(t.kind, t.from, t.to, t.amount, t.fee, t.nonce, signatureRoot(t.r, t.s, t.v));
    }

    /// @notice hash_tree_root of a record's transaction: a transfer (kind 0) or a withdraw (kind 1)
    ///         from `from` to `to` (the resolved L2 recipient, or the L1 recipient) at `nonce`.
    function signed(Record memory rec, address from, address to, uint64 nonce) internal view returns (bytes32) {
        uint8 kind = rec.withdraw ? WITHDRAW : TRANSFER;
        return container(kind, from, to, rec.amount, rec.fee, nonce, signatureRoot(rec.r, rec.s, rec.v));
    }

    /// @notice hash_tree_root of the signature ByteVector[65] r ‖ s ‖ v: chunks r, s, v padded to 4.
    function signatureRoot(bytes32 r, bytes32 s, uint8 v) private view returns (bytes32) {
        return Sha256Merkle.hashPair(Sha256Merkle.hashPair(r, s), Sha256Merkle.hashPair(bytes32(uint256(v) << 248), bytes32(0)));
    }

    /// @notice hash_tree_root of a queue message's transaction (kind 2 deposit, 3 full exit):
    ///         from, fee and signature zero, nonce the queue index.
    function queued(uint8 kind, address to, uint128 amount, uint64 queueIndex) internal view returns (bytes32) {
        bytes32 zeroSignature = 0xdb56114e00fdd4c1f85c892bf35ac9a89289aaecb1ebd0a96cde606a748b5d71; // hash_tree_root of 65 zero bytes
        return container(kind, address(0), to, amount, 0, queueIndex, zeroSignature);
    }

    function container(
        uint8 kind, address from, address to, uint128 amount, uint128 fee, uint64 nonce, bytes32 signature
    ) private view returns (bytes32) {
        bytes32 a = Sha256Merkle.hashPair(bytes32(uint256(kind) << 248), bytes32(bytes20(from)));
        bytes32 b = Sha256Merkle.hashPair(bytes32(bytes20(to)), Sha256Merkle.le128(amount));
        bytes32 c = Sha256Merkle.hashPair(Sha256Merkle.le128(fee), Sha256Merkle.le64(nonce));
        bytes32 d = Sha256Merkle.hashPair(signature, bytes32(0));
        return Sha256Merkle.hashPair(Sha256Merkle.hashPair(a, b), Sha256Merkle.hashPair(c, d));
    }

    /// @notice The chunk subtree a leaf at `offset` (< 32) implies with its 5 siblings, bottom-up.
    function subtreeFromBranch(bytes32 leaf, uint256 offset, bytes32[5] calldata branch) internal view returns (bytes32) {
        uint256 at;
        assembly ("memory-safe") {
            at := branch
        }
        return Sha256Merkle.foldBranch(leaf, offset, at, SUBTREE_DEPTH);
    }

    /// @notice Root of the 32 leaves of a chunk (zero chunks past its last position), 5 levels.
    ///         Overwrites `leaves`, which must have 32 entries.
    function subtree(bytes32[] memory leaves) internal view returns (bytes32) {
        uint256 n = leaves.length;
        for (uint256 level = 0; level < SUBTREE_DEPTH; level++) {
            n >>= 1;
            for (uint256 i = 0; i < n; i++) leaves[i] = Sha256Merkle.hashPair(leaves[2 * i], leaves[2 * i + 1]);
        }
        return leaves[0];
    }
}
