// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CHUNK_SIZE} from "../FraudTypes.sol";

// List[Account, 2^32]: an account created at index 2^32 overflows the state.
uint256 constant MAX_ACCOUNTS = 1 << 32;

/// @notice An L1 queue message as a chunk proof reads it (docs/fraud-proofs.md §2 queue entries):
///         `amount` 0 is a full exit by `sender`, else a deposit of `amount` to `to`.
struct QueueItem {
    address sender;
    address to;
    uint128 amount;
}

/// @notice Which batch positions a chunk covers (docs/fraud-proofs.md §1): [start, end), of which
///         those below `queueCount` (Q) are queue messages with queue index `queueBase + position`.
struct ChunkWindow {
    uint256 start;
    uint256 end;
    uint256 queueCount;
    uint256 queueBase;
}

/// @notice A witnessed account held in memory while a chunk executes. `live` accounts exist at
///         the current point (pre-state accounts from the start, created ones once created).
struct Slot {
    uint256 index;
    address addr;
    uint128 balance;
    uint64 nonce;
    bool live;
}

/// @notice The outcome of checking a chunk: `kind` 0 when no position is invalid.
struct Verdict {
    uint8 kind;
    uint256 position;
}

/// @notice Chunk geometry shared by the provers.
library ChunkWindows {
    /// @notice Positions of chunk `index` of a batch with `queueCount` (Q) queue messages from
    ///         queue index `queueBase` and `userCount` (U) user transactions.
    function at(uint256 index, uint256 queueBase, uint256 queueCount, uint256 userCount)
        internal
        pure
        returns (ChunkWindow memory w)
    {
        uint256 total = queueCount + userCount;
        w.start = index * CHUNK_SIZE;
        w.end = w.start + CHUNK_SIZE < total ? w.start + CHUNK_SIZE : total;
        w.queueCount = queueCount;
        w.queueBase = queueBase;
    }

    /// @notice How many of the chunk's positions are queue messages.
    function queuePositions(ChunkWindow memory w) internal pure returns (uint256) {
        if (w.queueCount <= w.start) return 0;
        return (w.queueCount < w.end ? w.queueCount : w.end) - w.start;
    }
}
