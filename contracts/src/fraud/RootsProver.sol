// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchRef, CHUNK_SIZE, FraudKind} from "./FraudTypes.sol";
import {FraudProofBase} from "./FraudProofBase.sol";
import {IRootsProver} from "./IFraudProvers.sol";
import {ChunkTable} from "./lib/ChunkTable.sol";
import {Verdict} from "./lib/ChunkTypes.sol";
import {BatchPositions, ExitRootCheck} from "./lib/ExitRootCheck.sol";
import {TxRootCheck} from "./lib/TxRootCheck.sol";

/// @title RootsProver
/// @notice Fraud module for kinds 10 TxRoot and 11 ExitRoot (docs/fraud-proofs.md §4): rebuilds
///         the batch's whole chunk table, then its txRoot from the entries' preimages or its
///         exitRoot from every chunk's data (a chunk that does not parse is Undecodable).
contract RootsProver is FraudProofBase, IRootsProver {
    function proveTxRoot(
        BatchRef calldata ref,
        bytes32[] calldata entries,
        bytes32[] calldata chunkHashes,
        bytes32[] calldata stateRoots,
        bytes32[] calldata txSubtrees
    ) external {
        uint256 chunkCount = _openBatch(ref);
        ChunkTable.requireTable(entries, chunkHashes, chunkCount, ref.tableRoot);
        uint256 positions = uint256(ref.header.queueCount - ref.parent.queueCount) + ref.userCount;
        if (TxRootCheck.txRoot(entries, stateRoots, txSubtrees, positions) == ref.header.txRoot) revert NoFraud();
        _convict(ref, FraudKind.TxRoot, 0, 0);
    }

    function proveExitRoot(BatchRef calldata ref, bytes32[] calldata entries, bytes[] calldata chunks) external {
        uint256 chunkCount = _openBatch(ref);
        bytes32[] memory chunkHashes = new bytes32[](chunks.length);
        for (uint256 c = 0; c < chunks.length; c++) chunkHashes[c] = keccak256(chunks[c]);
        ChunkTable.requireTable(entries, chunkHashes, chunkCount, ref.tableRoot);
        uint64 queueBase = ref.parent.queueCount;
        BatchPositions memory b = BatchPositions(queueBase, ref.header.queueCount - queueBase, ref.userCount);
        Verdict memory verdict = ExitRootCheck.check(chunks, b, _fullExitSender, ref.header.exitRoot);
        if (verdict.kind == 0) revert NoFraud();
        _convict(ref, verdict.kind, verdict.position / CHUNK_SIZE, verdict.position);
    }

    /// @dev Whether queue message `q` is a full exit, and its sender if so. Reads the amount's slot,
    ///      and the sender's only for a full exit: a deposit costs one cold SLOAD (2.1k gas) instead
    ///      of _queueMessage's three, and proveExitRoot reads every queue message of the batch.
    ///      q exists: the commit checked queueCount ≤ the queue's length, which never shrinks.
    function _fullExitSender(uint256 q) internal view returns (bool, address) {
        QueueMessage storage message = queue[q];
        if (message.amount != 0) return (false, address(0));
        return (true, message.sender);
    }
}
