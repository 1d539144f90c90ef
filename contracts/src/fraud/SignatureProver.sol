// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchRef, CHUNK_SIZE, EntryPreimage, FraudKind, SignedTransaction} from "./FraudTypes.sol";
import {FraudProofBase} from "./FraudProofBase.sol";
import {ISignatureProver} from "./IFraudProvers.sol";
import {LoftEip712} from "./lib/LoftEip712.sol";
import {TransactionLeaf} from "./lib/TransactionLeaf.sol";

/// @title SignatureProver
/// @notice Fraud module for kind 9 BadSignature (docs/fraud-proofs.md §4): the user transaction
///         at `position` of the batch, as the txSubtree of its chunk's entry holds it, is not
///         signed by its `from` over its fields under the EIP-712 domain of this Rollup (it runs
///         by delegatecall, so address(this) is the Rollup). The leaf is trusted only through the
///         entry: an entry whose txSubtree is not what the chunk's data gives on its pre-state is
///         itself fraud that proveStateTransition convicts (StateRoot), so judging the leaf is
///         judging the transaction the data implies, without the chunk, the state or a witness.
contract SignatureProver is FraudProofBase, ISignatureProver {
    /// `position` is not one of the batch's user transactions (a queue position, or past its last).
    error NotAUserPosition(uint256 position);
    /// The leaf given is not a transfer or withdraw: if the entry says so, it is wrong (prove it
    /// with proveStateTransition).
    error NotAUserTransaction(uint256 position, uint8 kind);
    /// `entry` is not the preimage of the entry of the chunk holding `position`.
    error InvalidEntryPreimage(uint256 chunk);
    /// The transaction given is not the leaf at `position` of that entry's txSubtree.
    error InvalidTransactionBranch(uint256 position);

    function proveSignature(
        BatchRef calldata ref,
        EntryPreimage calldata entry,
        uint256 position,
        SignedTransaction calldata transaction,
        bytes32[5] calldata branch
    ) external {
        _openBatch(ref);
        uint256 queued = ref.header.queueCount - ref.parent.queueCount;
        if (position < queued || position >= queued + ref.userCount) revert NotAUserPosition(position);
        uint256 chunk = position / CHUNK_SIZE; // below the chunk count: position < Q + U
        if (!_isEntryPreimage(ref, chunk, entry)) revert InvalidEntryPreimage(chunk);
        uint8 kind = transaction.kind;
        if (kind != TransactionLeaf.TRANSFER && kind != TransactionLeaf.WITHDRAW) {
            revert NotAUserTransaction(position, kind);
        }
        bytes32 leaf = TransactionLeaf.ofFields(transaction);
        if (TransactionLeaf.subtreeFromBranch(leaf, position % CHUNK_SIZE, branch) != entry.txSubtree) {
            revert InvalidTransactionBranch(position);
        }
        bytes32 digest = LoftEip712.digest(
            kind == TransactionLeaf.WITHDRAW, transaction.to, transaction.amount, transaction.fee, transaction.nonce
        );
        if (LoftEip712.isSignedBy(digest, transaction.v, transaction.r, transaction.s, transaction.from)) revert NoFraud();
        _convict(ref, FraudKind.BadSignature, chunk, position);
    }
}
