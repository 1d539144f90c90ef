// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccountWitness, BatchRef, ChunkRef, EntryPreimage, StateProof} from "./FraudTypes.sol";
import {IStateTransitionProver} from "./IFraudProvers.sol";
import {ChunkProver, OpenChunk} from "./lib/ChunkProver.sol";
import {Verdict} from "./lib/ChunkTypes.sol";
import {ChunkClaim, StateTransitionCheck} from "./lib/StateTransitionCheck.sol";

/// @title StateTransitionProver
/// @notice Fraud module for kinds 1–8 (docs/fraud-proofs.md §4): re-executes one chunk on its
///         witnessed pre-state accounts and convicts the batch at the chunk's first invalid
///         position, or with StateRoot when the chunk's entry (or, for the last chunk, the
///         header's stateRoot) is not what the chunk gives. Runs by delegatecall from the Rollup.
contract StateTransitionProver is ChunkProver, IStateTransitionProver {
    function proveStateTransition(
        BatchRef calldata ref,
        ChunkRef calldata chunk,
        EntryPreimage calldata pre,
        AccountWitness[] calldata accounts,
        StateProof calldata proof
    ) external {
        OpenChunk memory open = _openChunk(ref, chunk, pre);
        ChunkClaim memory claim = ChunkClaim(chunk.entry, chunk.index + 1 == open.chunkCount, ref.header.stateRoot);
        Verdict memory verdict =
            StateTransitionCheck.check(open.preStateRoot, chunk.data, open.window, open.queue, accounts, proof, claim);
        if (verdict.kind == 0) revert NoFraud();
        _convict(ref, verdict.kind, chunk.index, verdict.position);
    }
}
