// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {RollupState} from "../RollupState.sol";
import {LoftSsz} from "../lib/LoftSsz.sol";
import {KeccakMerkle} from "../lib/KeccakMerkle.sol";
import {BatchRef, ChunkRef, EntryPreimage, CHUNK_SIZE} from "./FraudTypes.sol";

/// @title FraudProofBase
/// @notice What every fraud proof shares (docs/fraud-proofs.md §4): checking a BatchRef against
///         its commit record, a chunk and a pre-state against the batch's chunk table, reading the
///         L1 queue, and the consequences of a proven fraud. The provers inherit it and run on the
///         Rollup's storage by delegatecall (§5); the Rollup inherits it too, so these errors and
///         events are in its ABI.
abstract contract FraudProofBase is RollupState {
    event FraudProven(
        uint64 indexed batch, uint8 kind, uint256 chunk, uint256 position, address prover, uint256 reward
    );

    /// The batch is right as far as this proof can tell.
    error NoFraud();
    error UnknownCommit(uint64 commitIndex, uint64 commitCount);
    error CommitFinal(uint64 commitIndex, uint256 finalAt);
    error BatchNotInCommit(uint64 number, uint64 firstBatch, uint64 lastBatch);
    error InvalidCommitBranch(uint64 commitIndex, uint64 number);
    error InvalidParentHeader(uint64 number);
    error ChunkIndexOutOfRange(uint256 index, uint256 chunkCount);
    error InvalidChunkBranch(uint256 index);
    error InvalidPreStateBranch(uint256 chunkIndex);

    /// @dev Checks `ref` against its commit (§4): the commit exists, is not removed nor final, the
    ///      rollup is not frozen, the batch is in the commit with batch leaf
    ///      keccak256(hash_tree_root(header) ‖ keccak256(uint32 U ‖ tableRoot)) under its
    ///      batchesRoot, and `parent` is the batch before it. Returns n = ceil((Q + U) / 32), the
    ///      batch's chunk count.
    function _openBatch(BatchRef calldata ref) internal view returns (uint256 chunkCount) {
        CommitRecord storage record = _openCommit(ref.commitIndex);
        uint64 number = ref.header.number;
        uint64 first = record.firstBatch;
        uint64 last = record.lastBatch;
        if (number < first || number > last) revert BatchNotInCommit(number, first, last);
        bytes32 dataRoot = keccak256(abi.encodePacked(ref.userCount, ref.tableRoot));
        bytes32 leaf = KeccakMerkle.hashPair(LoftSsz.headerRoot(ref.header), dataRoot);
        if (KeccakMerkle.rootFromCommitBranch(leaf, number - first, ref.commitBranch) != record.batchesRoot) {
            revert InvalidCommitBranch(ref.commitIndex, number);
        }
        if (LoftSsz.headerRoot(ref.parent) != ref.header.parentRoot || ref.parent.number + 1 != number) {
            revert InvalidParentHeader(number);
        }
        // The commit checked queueCount never decreases along the parentRoot chain.
        uint256 positions = uint256(ref.header.queueCount - ref.parent.queueCount) + ref.userCount;
        chunkCount = (positions + CHUNK_SIZE - 1) / CHUNK_SIZE;
    }

    /// @dev Checks that `chunk` is segment `chunk.index` of the batch's table: index < n and leaf
    ///      keccak256(entry ‖ keccak256(data)) at that index under ref.tableRoot.
    function _requireChunk(BatchRef calldata ref, ChunkRef calldata chunk, uint256 chunkCount) internal pure {
        uint256 index = chunk.index;
        if (index >= chunkCount) revert ChunkIndexOutOfRange(index, chunkCount);
        bytes32 leaf = KeccakMerkle.hashPair(chunk.entry, keccak256(chunk.data));
        if (KeccakMerkle.rootFromTableBranch(leaf, index, chunk.branch) != ref.tableRoot) {
            revert InvalidChunkBranch(index);
        }
    }

    /// @dev The state root before chunk `chunkIndex`: the parent's stateRoot for chunk 0, else
    ///      pre.stateRoot once pre is proven to be entry_{chunkIndex − 1}'s preimage.
    function _preStateRoot(BatchRef calldata ref, uint256 chunkIndex, EntryPreimage calldata pre, uint256 chunkCount)
        internal
        pure
        returns (bytes32)
    {
        if (chunkIndex >= chunkCount) revert ChunkIndexOutOfRange(chunkIndex, chunkCount);
        if (chunkIndex == 0) return ref.parent.stateRoot;
        if (!_isEntryPreimage(ref, chunkIndex - 1, pre)) revert InvalidPreStateBranch(chunkIndex);
        return pre.stateRoot;
    }

    /// @dev Whether sha256(e.stateRoot ‖ e.txSubtree) ‖ e.chunkHash is the leaf of chunk
    ///      `chunkIndex` under ref.tableRoot (the caller bounds chunkIndex by the chunk count).
    function _isEntryPreimage(BatchRef calldata ref, uint256 chunkIndex, EntryPreimage calldata e)
        internal
        pure
        returns (bool)
    {
        bytes32 entry = sha256(abi.encodePacked(e.stateRoot, e.txSubtree));
        bytes32 leaf = KeccakMerkle.hashPair(entry, e.chunkHash);
        return KeccakMerkle.rootFromTableBranch(leaf, chunkIndex, e.branch) == ref.tableRoot;
    }

    /// @dev Queue message `q` as the contract recorded it (docs/fraud-proofs.md §2 queue entries):
    ///      amount 0 is a full exit of `sender`, else a deposit to `to`.
    function _queueMessage(uint256 q) internal view returns (address sender, address to, uint128 amount) {
        uint64 length = chain.queueLength;
        if (q >= length) revert UnknownQueueMessage(q, length);
        QueueMessage storage message = queue[q];
        return (message.sender, message.to, message.amount);
    }

    /// @dev The consequences of a proven fraud (docs/fraud-proofs.md §4): the batch's commit and
    ///      every later one are removed, the rollup freezes at the last final commit before it (its
    ///      stored stateRoot is escapeStateRoot()), bond / 2 goes to the prover and the rest
    ///      stays locked for good. Every state change happens before the payout.
    function _convict(BatchRef calldata ref, uint8 kind, uint256 chunk, uint256 position) internal {
        uint64 commitIndex = ref.commitIndex;
        _openCommit(commitIndex); // again: never remove a final commit, whatever the caller checked
        uint256 escapeCommit = _lastFinalCommit(commitIndex - 1, commitState.challengeWindow);
        uint256 reward = bondState.amount / 2;
        bondState.amount = 0;
        emit FraudProven(ref.header.number, kind, chunk, position, msg.sender, reward);
        _freeze(escapeCommit, commitIndex, FRAUD_FREEZE);
        _pay(msg.sender, reward);
    }

    /// @dev Commit `commitIndex` exists, is not final and the rollup is not frozen.
    function _openCommit(uint64 commitIndex) private view returns (CommitRecord storage record) {
        if (chain.frozen) revert RollupFrozen();
        Commits memory commits = commitState;
        if (commitIndex >= commits.count) revert UnknownCommit(commitIndex, commits.count);
        if (commitIndex == 0) revert CommitFinal(0, 0); // the genesis is final from the start
        record = commitRecords[commitIndex];
        uint256 finalAt = uint256(record.committedAt) + commits.challengeWindow;
        if (block.timestamp >= finalAt) revert CommitFinal(commitIndex, finalAt);
    }
}
