// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccountWitness, CHUNK_SIZE, StateProof} from "../FraudTypes.sol";
import {AccountSlots} from "./AccountSlots.sol";
import {ChunkReader, Cursor, Record} from "./ChunkReader.sol";
import {ChunkWindow, QueueItem, Slot} from "./ChunkTypes.sol";
import {LoftEip712} from "./LoftEip712.sol";
import {WitnessedState} from "./WitnessedState.sol";

/// @title SignatureCheck
/// @notice The signature proof of docs/fraud-proofs.md §4: the record at `position` is a user
///         transaction whose signature is not its sender's over its fields and implied nonce
///         (§2: the sender's nonce before the chunk plus its earlier records in the chunk).
///         Sender and index recipient resolve to witnessed pre-state accounts or to accounts
///         created earlier in the chunk (deposits with ref 0 create queue[q].to, transfers with a
///         raw `to` create it), found by walking the chunk from its start.
library SignatureCheck {
    /// `position` is not a user transaction of this chunk.
    error NotAUserPosition(uint256 position);
    /// The chunk does not parse up to `position`: prove it with proveStateTransition (Undecodable).
    error ChunkUndecodableAt(uint256 position);
    /// The record names an account that does not exist there: prove it with proveStateTransition.
    error UnknownAccountAt(uint256 position, uint256 index);
    /// The implied nonce does not fit uint64: prove it with proveStateTransition (Overflow).
    error ImpliedNonceOverflow(uint256 position);

    /// The chunk walk: accounts created before `position`, and the senders of earlier records.
    struct Walk {
        address[] created;
        uint256 createdCount;
        uint256[] senders;
        uint256 senderCount;
    }

    /// @return bad true when the signature at `position` is bad, high-s or not the sender's
    function isBad(
        bytes32 preStateRoot,
        bytes calldata data,
        ChunkWindow memory w,
        QueueItem[] memory queue,
        uint256 position,
        AccountWitness[] calldata accounts,
        StateProof calldata proof
    ) internal view returns (bool bad) {
        if (position < w.start || position >= w.end || position < w.queueCount) revert NotAUserPosition(position);
        (Slot[] memory slots,) = WitnessedState.open(accounts, proof, preStateRoot);
        return !isSignedRecord(data, w, queue, position, slots, proof.length);
    }

    /// @notice True when the record at `position` is signed by its sender (slots verified).
    function isSignedRecord(
        bytes calldata data,
        ChunkWindow memory w,
        QueueItem[] memory queue,
        uint256 position,
        Slot[] memory slots,
        uint256 length
    ) private view returns (bool) {
        Cursor memory c = ChunkReader.open(data);
        Record memory rec;
        Walk memory walk = walkTo(c, rec, w, queue, position);
        ChunkReader.readRecord(c, rec);
        if (c.failed) revert ChunkUndecodableAt(position);
        (address from, uint256 nonce) = resolve(slots, walk, length, rec.from, position);
        for (uint256 j = 0; j < walk.senderCount; j++) {
            if (walk.senders[j] == rec.from) nonce++;
        }
        if (nonce > type(uint64).max) revert ImpliedNonceOverflow(position);
        address to = rec.toRaw;
        if (!rec.rawTo) (to,) = resolve(slots, walk, length, rec.toIndex, position);
        bytes32 digest = LoftEip712.digest(rec.withdraw, to, rec.amount, rec.fee, uint64(nonce));
        return LoftEip712.isSignedBy(digest, rec.v, rec.r, rec.s, from);
    }

    /// @notice Reads the chunk's positions before `position`, noting created accounts and senders.
    function walkTo(Cursor memory c, Record memory rec, ChunkWindow memory w, QueueItem[] memory queue, uint256 position)
        private
        pure
        returns (Walk memory walk)
    {
        walk.created = new address[](CHUNK_SIZE);
        walk.senders = new uint256[](CHUNK_SIZE);
        for (uint256 p = w.start; p < position; p++) {
            if (p < w.queueCount) {
                QueueItem memory item = queue[p - w.start];
                uint256 ref = ChunkReader.readRef(c);
                if (item.amount != 0 && ref == 0) walk.created[walk.createdCount++] = item.to;
                if (item.amount == 0 && ref != 0) ChunkReader.readAmount(c);
            } else {
                ChunkReader.readRecord(c, rec);
                walk.senders[walk.senderCount++] = rec.from;
                if (rec.rawTo && !rec.withdraw) walk.created[walk.createdCount++] = rec.toRaw;
            }
            if (c.failed) revert ChunkUndecodableAt(p);
        }
    }

    /// @notice Address and pre-chunk nonce of account `index`: a witness below the pre-state's
    ///         `length`, else an account created earlier in the chunk (nonce 0).
    function resolve(Slot[] memory slots, Walk memory walk, uint256 length, uint256 index, uint256 position)
        private
        pure
        returns (address, uint256)
    {
        if (index < length) {
            Slot memory s = AccountSlots.find(slots, index);
            return (s.addr, s.nonce);
        }
        if (index - length >= walk.createdCount) revert UnknownAccountAt(position, index);
        return (walk.created[index - length], 0);
    }
}
