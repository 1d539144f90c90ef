// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title RollupState
/// @notice Storage layout, errors, events and helpers shared by the L1 queue, the Rollup and the
///         fraud-proof modules. The modules run on this storage by delegatecall
///         (docs/fraud-proofs.md §5) and declare none of their own, so everything a module reads
///         (commit records, the challenge window, the bond, the queue) lives here.
///         Storage is packed for gas: one slot of chain progress read by every commit and deposit,
///         one of commit bookkeeping, one of bond, one of escape-hatch state.
abstract contract RollupState {
    /// Frozen's staleQueueIndex when a proven fraud, not a stale queue message, froze the rollup.
    uint64 internal constant FRAUD_FREEZE = type(uint64).max;

    /// Progress of the chain and the queue: one slot, read and written once per commit or deposit.
    struct Chain {
        uint64 lastNumber; // number of the last committed batch
        uint64 lastQueueCount; // queueCount of the last committed batch
        uint64 queueLength; // messages ever appended to the L1 queue
        uint40 lastTimestamp; // header timestamp of the last committed batch
        bool frozen; // copy of escapeHatch.frozen, so commits and deposits read one slot
    }

    /// Commit bookkeeping and the window a proof checks: one slot.
    struct Commits {
        uint64 count; // commits in the chain (commit 0 is the genesis); removed ones are >= count
        uint64 challengeWindow; // seconds from a commit until it is final
        uint64 inclusionWindow; // seconds a queue message may wait before anyone may freeze
    }

    /// The sequencer's bond (docs/fraud-proofs.md §3): one slot, read by every commit.
    struct Bond {
        uint128 amount; // held; half is paid to the first prover of fraud, the rest locked for good
        uint128 required; // commitBatches refuses to run below it
    }

    /// Escape-hatch state: set once, by freeze() or by a proven fraud.
    struct EscapeHatch {
        bool frozen;
        uint64 batch; // the last batch of the last final commit when the rollup froze
        uint64 queueCount; // that batch's queueCount: messages at or past it are reclaimable
        uint40 frozenAt;
        uint64 commit; // that commit: escapes pay from its record's stateRoot (never overwritten once frozen)
    }

    /// One commit of 1..256 consecutive batches (docs/fraud-proofs.md §3): three slots.
    struct CommitRecord {
        bytes32 batchesRoot; // keccak Merkle root (depth 8) of keccak256(batchRoot ‖ dataRoot) per batch
        bytes32 stateRoot; // stateRoot of the last batch
        uint64 firstBatch;
        uint64 lastBatch;
        uint64 committedAt; // L1 timestamp of the commit; the challenge window runs from here
        uint64 queueCount; // queueCount of the last batch
    }

    /// An L1 queue message, with what freezing, reclaiming and the chunk proofs need.
    struct QueueMessage {
        address sender; // depositor, or the account asking for a full exit
        uint64 timestamp; // L1 timestamp of the request; the inclusion window runs from here
        bool reclaimed;
        uint128 amount; // zero for a full-exit request
        address to; // the deposit's L2 recipient; zero for a full-exit request
    }

    Chain public chain;
    Commits internal commitState;
    Bond internal bondState;
    EscapeHatch public escapeHatch;
    /// hash_tree_root of the last committed batch's header: the next commit's parentRoot.
    bytes32 internal lastBatchRoot;
    mapping(uint256 commitIndex => CommitRecord) internal commitRecords;
    mapping(uint256 queueIndex => QueueMessage) public queue;
    /// Withdrawal nullifiers: one bit per (batch, exit index), 256 per word.
    mapping(uint256 number => mapping(uint256 word => uint256 bits)) internal withdrawnBits;
    /// Escape nullifiers: one bit per account index in the escape batch's state, 256 per word.
    mapping(uint256 word => uint256 bits) internal escapedBits;

    event Frozen(uint64 escapeBatch, uint64 escapeQueueCount, uint64 staleQueueIndex);

    error RollupFrozen();
    error RollupNotFrozen();
    error PayoutFailed(address to, uint256 amount);
    error UnknownQueueMessage(uint256 queueIndex, uint64 queueLength);

    /// @dev Sends `amount` wei to `to` with all remaining gas; a failing recipient reverts the whole
    ///      call (its nullifier included), so it can be retried later and is never lost.
    function _pay(address to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert PayoutFailed(to, amount);
    }

    /// @dev Sets bit `index` in `words`; returns false if it was already set.
    function _setBit(mapping(uint256 => uint256) storage words, uint256 index) internal returns (bool) {
        uint256 word = words[index >> 8];
        uint256 bit = 1 << (index & 0xff);
        if (word & bit != 0) return false;
        words[index >> 8] = word | bit;
        return true;
    }

    /// @dev The highest commit index <= `last` whose challenge window is over; commit 0 (the
    ///      genesis) always is. Commit times never decrease with the index, so a binary search
    ///      finds it (docs/fraud-proofs.md §3 Finality).
    function _lastFinalCommit(uint256 last, uint256 window) internal view returns (uint256 low) {
        uint256 high = last;
        while (low < high) {
            uint256 mid = low + (high - low + 1) / 2;
            if (block.timestamp >= uint256(commitRecords[mid].committedAt) + window) low = mid;
            else high = mid - 1;
        }
    }

    /// @dev The escape batch's stateRoot (its commit record's, never zero); zero while not frozen.
    function _escapeStateRoot() internal view returns (bytes32) {
        EscapeHatch memory hatch = escapeHatch;
        return hatch.frozen ? commitRecords[hatch.commit].stateRoot : bytes32(0);
    }

    /// @dev Freezes the rollup with the escape batch = the last batch of commit `escapeCommit`,
    ///      whose stored stateRoot every escape then pays from. `commitCount` is the number of
    ///      commits that remain; `staleQueueIndex` goes into the event: the queue message that
    ///      waited too long, or FRAUD_FREEZE when a proven fraud froze it.
    function _freeze(uint256 escapeCommit, uint64 commitCount, uint64 staleQueueIndex) internal {
        CommitRecord storage escapeRecord = commitRecords[escapeCommit];
        uint64 escapeBatch = escapeRecord.lastBatch;
        uint64 escapeQueueCount = escapeRecord.queueCount;
        // The escape state root stays in the escape commit's record rather than being copied to
        // a slot of its own: a fresh slot would cost every freeze and every fraud proof 20k gas.
        escapeHatch = EscapeHatch({
            frozen: true,
            batch: escapeBatch,
            queueCount: escapeQueueCount,
            frozenAt: uint40(block.timestamp),
            commit: uint64(escapeCommit)
        });
        CommitRecord storage last = commitRecords[commitCount - 1];
        Chain storage c = chain;
        c.lastNumber = last.lastBatch;
        c.lastQueueCount = last.queueCount;
        c.frozen = true;
        commitState.count = commitCount;
        emit Frozen(escapeBatch, escapeQueueCount, staleQueueIndex);
    }
}
