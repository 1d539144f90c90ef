// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchHeader} from "../lib/LoftSsz.sol";

/// @notice A committed batch as a fraud proof names it (docs/fraud-proofs.md §4), checked against
///         its commit record before anything else is read.
struct BatchRef {
    uint64 commitIndex;
    bytes32[8] commitBranch; // siblings of the batch leaf at position header.number - firstBatch
    BatchHeader header;
    BatchHeader parent; // hash_tree_root(parent) == header.parentRoot
    uint32 userCount; // U, the batch's user transactions
    bytes32 tableRoot; // keccak Merkle root (depth 11) of the batch's chunk leaves
}

/// @notice One chunk's segment of the batch data, proven against BatchRef.tableRoot.
struct ChunkRef {
    uint256 index;
    bytes32 entry; // sha256(stateRoot_c ‖ txSubtree_c) as posted
    bytes32[11] branch;
    bytes data; // chunk_c; the leaf is keccak256(entry ‖ keccak256(data))
}

/// @notice The preimage of a chunk's entry, sha256(stateRoot ‖ txSubtree) (the roots after the
///         chunk), with the chunk's hash, proven by its leaf keccak256(entry ‖ chunkHash) in the
///         chunk table. A chunk proof passes entry_{c-1}'s as chunk c's pre-state (for chunk 0 the
///         parent header's stateRoot is used and the fields are ignored); proveSignature passes
///         entry_c's, whose txSubtree holds the transaction it judges.
struct EntryPreimage {
    bytes32 stateRoot;
    bytes32 txSubtree;
    bytes32 chunkHash; // keccak256 of the chunk whose entry this is
    bytes32[11] branch;
}

/// @notice A user transaction as its leaf in a chunk's txSubtree holds it: hash_tree_root of
///         protocol.md §1 Transaction {kind, from, to, amount, fee, nonce, signature r ‖ s ‖ v}.
struct SignedTransaction {
    uint8 kind;
    address from;
    address to;
    uint128 amount;
    uint128 fee;
    uint64 nonce;
    uint8 v;
    bytes32 r;
    bytes32 s;
}

/// @notice An account a chunk reads or writes. Below the pre-state's account count its fields are
///         its values there; at or above it, an account the chunk creates (fields ignored).
struct AccountWitness {
    uint32 index;
    address addr;
    uint128 balance;
    uint64 nonce;
}

/// @notice A multiproof of the witnessed accounts' leaves against a state root
///         (docs/fraud-proofs.md §4): the state's account count and the decommitment nodes.
struct StateProof {
    uint64 length;
    bytes32[] nodes;
}

/// @notice Fraud kinds, as events and the challenger report them.
library FraudKind {
    uint8 internal constant Undecodable = 1;
    uint8 internal constant UnknownAccount = 2;
    uint8 internal constant DuplicateAccount = 3;
    uint8 internal constant ZeroRecipient = 4;
    uint8 internal constant InsufficientBalance = 5;
    uint8 internal constant Overflow = 6;
    uint8 internal constant QueueMismatch = 7;
    uint8 internal constant StateRoot = 8;
    uint8 internal constant BadSignature = 9;
    uint8 internal constant TxRoot = 10;
    uint8 internal constant ExitRoot = 11;
}

// Positions per chunk (docs/fraud-proofs.md §1).
uint256 constant CHUNK_SIZE = 32;
// Depth of the keccak Merkle tree of a commit's batch leaves (at most 256 batches).
uint256 constant COMMIT_TREE_DEPTH = 8;
// Depth of the keccak Merkle tree of a batch's chunk leaves (2^16 positions / 32).
uint256 constant TABLE_TREE_DEPTH = 11;
