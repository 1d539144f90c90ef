// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccountWitness, BatchRef, ChunkRef, EntryPreimage, SignedTransaction, StateProof} from "./FraudTypes.sol";

/// @notice The fraud proofs of docs/fraud-proofs.md §4, one module per interface. The Rollup
///         delegatecalls the module named in its constructor for each selector (§5), so callers
///         send these to the Rollup's address.
interface IStateTransitionProver {
    /// Kinds 1–8: the chunk does not decode or execute as posted on its pre-state.
    function proveStateTransition(
        BatchRef calldata ref,
        ChunkRef calldata chunk,
        EntryPreimage calldata pre,
        AccountWitness[] calldata accounts,
        StateProof calldata proof
    ) external;
}

interface ISignatureProver {
    /// Kind 9: the user transaction at `position`, the leaf of its chunk's txSubtree, is not
    /// signed by its sender.
    function proveSignature(
        BatchRef calldata ref,
        EntryPreimage calldata entry,
        uint256 position,
        SignedTransaction calldata transaction,
        bytes32[5] calldata branch
    ) external;
}

interface IRootsProver {
    /// Kind 10: header.txRoot is not the root over the table's txSubtrees.
    function proveTxRoot(
        BatchRef calldata ref,
        bytes32[] calldata entries,
        bytes32[] calldata chunkHashes,
        bytes32[] calldata stateRoots,
        bytes32[] calldata txSubtrees
    ) external;

    /// Kind 11: header.exitRoot is not the root of the withdrawals the batch's chunks append.
    function proveExitRoot(BatchRef calldata ref, bytes32[] calldata entries, bytes[] calldata chunks) external;
}
