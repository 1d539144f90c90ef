// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {CHUNK_SIZE, FraudKind} from "../FraudTypes.sol";
import {LoftSsz} from "../../lib/LoftSsz.sol";
import {Sha256Merkle} from "../../lib/Sha256Merkle.sol";
import {ChunkReader, Cursor, Record} from "./ChunkReader.sol";
import {Verdict} from "./ChunkTypes.sol";
import {Sha256Tree} from "./Sha256Tree.sol";

/// @notice Where a batch's positions are: Q queue messages from queue index `queueBase`, then U
///         user transactions.
struct BatchPositions {
    uint256 queueBase;
    uint256 queueCount;
    uint256 userCount;
}

/// @title ExitRootCheck
/// @notice The exitRoot proof of docs/fraud-proofs.md §4 once the chunk table is proven: parses
///         every chunk (a failure is Undecodable at its position; bytes left in a chunk, at its
///         last position) and lists the withdrawals in execution order: full exits with ref ≠ 0
///         and a posted amount > 0 withdraw that amount to the queue message's sender, withdraw
///         records their amount to their raw recipient. Their List[Withdrawal, 2^16] root must be
///         header.exitRoot.
library ExitRootCheck {
    /// @param fullExitSender whether queue message q is a full exit, and then its sender
    function check(
        bytes[] calldata chunks,
        BatchPositions memory b,
        function(uint256) internal view returns (bool, address) fullExitSender,
        bytes32 exitRoot
    ) internal view returns (Verdict memory) {
        uint256 total = b.queueCount + b.userCount;
        bytes32[] memory exits = new bytes32[](total);
        uint256 exitCount = 0;
        Record memory rec;
        for (uint256 c = 0; c < chunks.length; c++) {
            Cursor memory cursor = ChunkReader.open(chunks[c]);
            uint256 end = (c + 1) * CHUNK_SIZE < total ? (c + 1) * CHUNK_SIZE : total;
            for (uint256 p = c * CHUNK_SIZE; p < end; p++) {
                if (p < b.queueCount) {
                    (bool fullExit, address sender) = fullExitSender(b.queueBase + p);
                    uint256 ref = ChunkReader.readRef(cursor);
                    if (fullExit && ref != 0) {
                        uint128 amount = ChunkReader.readAmount(cursor);
                        if (amount != 0) exits[exitCount++] = LoftSsz.withdrawalLeaf(sender, amount);
                    }
                } else {
                    ChunkReader.readRecord(cursor, rec);
                    if (rec.withdraw) exits[exitCount++] = LoftSsz.withdrawalLeaf(rec.toRaw, rec.amount);
                }
                if (cursor.failed) return Verdict(FraudKind.Undecodable, p);
            }
            if (!ChunkReader.done(cursor)) return Verdict(FraudKind.Undecodable, end - 1);
        }
        assembly ("memory-safe") {
            mstore(exits, exitCount)
        }
        bytes32 root = Sha256Merkle.mixInLength(Sha256Tree.root(exits, LoftSsz.EXIT_DEPTH, 0), uint64(exitCount));
        if (root != exitRoot) return Verdict(FraudKind.ExitRoot, 0);
        return Verdict(0, 0);
    }
}
