// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title RollupState
/// @notice Storage layout, errors and the ETH payout shared by the L1 queue and the Rollup.
///         Storage is packed for gas: one slot of chain progress read by every commit and deposit,
///         one slot of escape-hatch state read by every withdraw, escape and reclaim.
abstract contract RollupState {
    /// Progress of the chain and the queue: one slot, read and written once per commit or deposit.
    struct Chain {
        uint64 lastNumber; // number of the last committed batch
        uint64 lastQueueCount; // queueCount of the last committed batch
        uint64 queueLength; // messages ever appended to the L1 queue
        uint40 lastTimestamp; // header timestamp of the last committed batch
        bool frozen; // copy of escapeHatch.frozen, so commits and deposits read one slot
    }

    /// Escape-hatch state: set once, by freeze().
    struct EscapeHatch {
        bool frozen;
        uint64 batch; // the last batch final when the rollup froze
        uint64 queueCount; // that batch's queueCount: messages at or past it are reclaimable
        uint64 frozenAt;
    }

    /// What withdrawals, escapes, freezing and reclaiming need of a batch: two slots.
    struct BatchRecord {
        bytes32 root; // hash_tree_root(BatchHeader); zero for a batch never committed
        uint64 committedAt; // L1 timestamp of the commit; the challenge window runs from here
        uint64 queueCount;
    }

    /// An L1 queue message, with what freezing and reclaiming need.
    struct QueueMessage {
        address sender; // depositor, or the account asking for a full exit
        uint64 timestamp; // L1 timestamp of the request; the inclusion window runs from here
        bool reclaimed;
        uint128 amount; // zero for a full-exit request
    }

    Chain public chain;
    EscapeHatch public escapeHatch;
    /// The escape batch's stateRoot, proven at freeze; non-zero exactly when frozen. Escapes read
    /// only this slot.
    bytes32 public escapeStateRoot;
    mapping(uint256 number => BatchRecord) public batches;
    mapping(uint256 queueIndex => QueueMessage) public queue;
    /// Withdrawal nullifiers: one bit per (batch, exit index), 256 per word.
    mapping(uint256 number => mapping(uint256 word => uint256 bits)) internal withdrawnBits;
    /// Escape nullifiers: one bit per account index in the escape batch's state, 256 per word.
    mapping(uint256 word => uint256 bits) internal escapedBits;

    error RollupFrozen();
    error RollupNotFrozen();
    error PayoutFailed(address to, uint256 amount);

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
}
