// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FraudProofBase} from "../fraud/FraudProofBase.sol";
import {IRootsProver, ISignatureProver, IStateTransitionProver} from "../fraud/IFraudProvers.sol";
import {
    AccountWitness, BatchRef, CHUNK_SIZE, ChunkRef, EntryPreimage, FraudKind, SignedTransaction, StateProof
} from "../fraud/FraudTypes.sol";

/// @notice Test-only fraud module for every selector, to test the Rollup's dispatch and
///         FraudProofBase on the Rollup's storage without the real provers. It opens the batch and
///         checks the chunk and pre-state like a real prover, then decides by the chunk's first
///         byte (proveSignature: by the transaction's kind): 0xff is "fraud" (convicts), 0xfe
///         reverts a probe of what the base computed, any other is NoFraud.
contract TestFraudModule is FraudProofBase, IStateTransitionProver, ISignatureProver, IRootsProver {
    bytes1 internal constant FRAUD = 0xff;
    bytes1 internal constant PROBE = 0xfe;

    /// What _openBatch and _preStateRoot returned.
    error Probe(uint256 chunkCount, bytes32 preStateRoot);
    /// What _queueMessage returned.
    error QueueProbe(address sender, address to, uint128 amount);

    function proveStateTransition(
        BatchRef calldata ref,
        ChunkRef calldata chunk,
        EntryPreimage calldata pre,
        AccountWitness[] calldata,
        StateProof calldata
    ) external {
        (bytes1 verdict, uint256 chunkCount, bytes32 preStateRoot) = _open(ref, chunk, pre);
        if (verdict == PROBE) revert Probe(chunkCount, preStateRoot);
        if (verdict != FRAUD) revert NoFraud();
        _convict(ref, FraudKind.StateRoot, chunk.index, 0);
    }

    /// Decides by the transaction's kind (0xff fraud, 0xfe probe of _queueMessage(position)).
    function proveSignature(
        BatchRef calldata ref,
        EntryPreimage calldata,
        uint256 position,
        SignedTransaction calldata transaction,
        bytes32[5] calldata
    ) external {
        _openBatch(ref);
        bytes1 verdict = bytes1(transaction.kind);
        if (verdict == PROBE) {
            (address sender, address to, uint128 amount) = _queueMessage(position);
            revert QueueProbe(sender, to, amount);
        }
        if (verdict != FRAUD) revert NoFraud();
        _convict(ref, FraudKind.BadSignature, position / CHUNK_SIZE, position);
    }

    /// Convicts when any entry is given, else NoFraud.
    function proveTxRoot(
        BatchRef calldata ref,
        bytes32[] calldata entries,
        bytes32[] calldata,
        bytes32[] calldata,
        bytes32[] calldata
    ) external {
        _openBatch(ref);
        if (entries.length == 0) revert NoFraud();
        _convict(ref, FraudKind.TxRoot, 0, 0);
    }

    /// Always NoFraud once the batch is open.
    function proveExitRoot(BatchRef calldata ref, bytes32[] calldata, bytes[] calldata) external view {
        _openBatch(ref);
        revert NoFraud();
    }

    function _open(BatchRef calldata ref, ChunkRef calldata chunk, EntryPreimage calldata pre)
        private
        view
        returns (bytes1 verdict, uint256 chunkCount, bytes32 preStateRoot)
    {
        chunkCount = _openBatch(ref);
        _requireChunk(ref, chunk, chunkCount);
        preStateRoot = _preStateRoot(ref, chunk.index, pre, chunkCount);
        verdict = chunk.data.length == 0 ? bytes1(0) : chunk.data[0];
    }
}
