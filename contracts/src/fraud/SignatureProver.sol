// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FraudKind, AccountWitness, BatchRef, ChunkRef, PreState, StateProof} from "./FraudTypes.sol";
import {ISignatureProver} from "./IFraudProvers.sol";
import {ChunkProver, OpenChunk} from "./lib/ChunkProver.sol";
import {SignatureCheck} from "./lib/SignatureCheck.sol";

/// @title SignatureProver
/// @notice Fraud module for kind 9 BadSignature (docs/fraud-proofs.md §4): the user transaction
///         at `position` is not signed by its sender over its fields and implied nonce, under the
///         EIP-712 domain of this Rollup (it runs by delegatecall, so address(this) is the Rollup).
contract SignatureProver is ChunkProver, ISignatureProver {
    function proveSignature(
        BatchRef calldata ref,
        ChunkRef calldata chunk,
        PreState calldata pre,
        uint256 position,
        AccountWitness[] calldata accounts,
        StateProof calldata proof
    ) external {
        OpenChunk memory open = _openChunk(ref, chunk, pre);
        bool bad = SignatureCheck.isBad(open.preStateRoot, chunk.data, open.window, open.queue, position, accounts, proof);
        if (!bad) revert NoFraud();
        _convict(ref, FraudKind.BadSignature, chunk.index, position);
    }
}
