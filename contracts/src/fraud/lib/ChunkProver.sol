// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchRef, ChunkRef, EntryPreimage} from "../FraudTypes.sol";
import {FraudProofBase} from "../FraudProofBase.sol";
import {ChunkWindow, ChunkWindows, QueueItem} from "./ChunkTypes.sol";

/// @notice A chunk proof's checked context: the pre-state root, the chunk's positions and its
///         queue messages.
struct OpenChunk {
    uint256 chunkCount;
    bytes32 preStateRoot;
    ChunkWindow window;
    QueueItem[] queue;
}

/// @title ChunkProver
/// @notice What the two chunk proofs (docs/fraud-proofs.md §4 proveStateTransition,
///         proveSignature) check before they read the chunk: the batch against its commit, the
///         chunk and its pre-state against the chunk table; and the chunk's queue messages, read
///         from the contract's own queue.
abstract contract ChunkProver is FraudProofBase {
    function _openChunk(BatchRef calldata ref, ChunkRef calldata chunk, EntryPreimage calldata pre)
        internal
        view
        returns (OpenChunk memory open)
    {
        open.chunkCount = _openBatch(ref);
        _requireChunk(ref, chunk, open.chunkCount);
        open.preStateRoot = _preStateRoot(ref, chunk.index, pre, open.chunkCount);
        uint256 queueBase = ref.parent.queueCount;
        open.window = ChunkWindows.at(chunk.index, queueBase, ref.header.queueCount - queueBase, ref.userCount);
        uint256 queued = ChunkWindows.queuePositions(open.window);
        open.queue = new QueueItem[](queued);
        for (uint256 j = 0; j < queued; j++) {
            QueueItem memory item = open.queue[j];
            (item.sender, item.to, item.amount) = _queueMessage(queueBase + open.window.start + j);
        }
    }
}
