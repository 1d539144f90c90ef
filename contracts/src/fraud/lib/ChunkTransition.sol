// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FraudKind} from "../FraudTypes.sol";
import {ChunkReader, Cursor, Record} from "./ChunkReader.sol";
import {ChunkWindow, QueueItem, Slot, Verdict} from "./ChunkTypes.sol";
import {QueuePositions} from "./QueuePositions.sol";
import {RecordPositions} from "./RecordPositions.sol";

/// @title ChunkTransition
/// @notice Executes a chunk's positions in order on the witnessed accounts (docs/fraud-proofs.md
///         §4 "State transition"): queue entries against `queue` (the chunk's queue messages, in
///         order), then records; stops at the first invalid position. Bytes left after the last
///         position are Undecodable at the chunk's last position.
library ChunkTransition {
    /// @param txLeaves 32 slots, filled with the positions' hash_tree_root(Transaction)
    /// @return verdict kind 0 when every position is valid; count the account count after the chunk
    function execute(
        bytes calldata data,
        ChunkWindow memory w,
        QueueItem[] memory queue,
        Slot[] memory slots,
        uint256 count,
        bytes32[] memory txLeaves
    ) internal view returns (Verdict memory verdict, uint256) {
        Cursor memory c = ChunkReader.open(data);
        Record memory rec;
        for (uint256 p = w.start; p < w.end; p++) {
            uint8 kind;
            bytes32 leaf;
            if (p < w.queueCount) {
                (kind, leaf, count) = QueuePositions.execute(c, queue[p - w.start], w.queueBase + p, slots, count);
            } else {
                (kind, leaf, count) = RecordPositions.execute(c, rec, slots, count);
            }
            if (kind != 0) return (Verdict(kind, p), count);
            txLeaves[p - w.start] = leaf;
        }
        if (!ChunkReader.done(c)) return (Verdict(FraudKind.Undecodable, w.end - 1), count);
        return (verdict, count);
    }
}
