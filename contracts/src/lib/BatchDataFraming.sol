// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {KeccakMerkle} from "./KeccakMerkle.sol";

/// @title BatchDataFraming
/// @notice The framing check of batch data version 2 at commit (docs/fraud-proofs.md §2, §3):
///         `0x02 ‖ varint U ‖ segment_0 ‖ … ‖ segment_{n−1}`, segment = entry (32) ‖ u16be L ‖ L
///         bytes, exactly n = ceil((Q + U) / 32) segments and nothing after. It yields the batch's
///         dataRoot = keccak256(uint32 U ‖ tableRoot), tableRoot the depth-11 keccak Merkle root of
///         the chunk leaves keccak256(entry ‖ keccak256(chunk)). Chunk contents are not decoded
///         here: a chunk that does not decode is proven wrong by a fraud proof (kind Undecodable).
library BatchDataFraming {
    uint8 internal constant VERSION = 2;
    uint256 internal constant CHUNK_SIZE = 32;
    uint256 internal constant TABLE_DEPTH = 11;
    /// A batch's List[Transaction, 2^16] holds at most 2^16 positions (2^11 chunks).
    uint256 internal constant MAX_POSITIONS = 1 << 16;
    uint256 internal constant SEGMENT_HEAD = 34; // entry ‖ u16 length
    /// The most data one batch may post: every fraud proof must fit one L1 transaction, and
    /// proveExitRoot re-sends the whole batch's data (docs/fraud-proofs.md §3).
    uint256 internal constant MAX_DATA_BYTES = 131_072;
    /// The most L1 queue messages one batch may process: each costs proveExitRoot storage reads and
    /// a withdrawal leaf that the data bound does not limit (docs/fraud-proofs.md §3).
    uint256 internal constant MAX_QUEUE_MESSAGES = 256;

    error BatchDataVersion(uint64 number, uint256 version); // 256: the data is empty
    error BatchDataTooLarge(uint64 number, uint256 length, uint256 limit);
    error TooManyQueueMessages(uint64 number, uint256 queueMessages, uint256 limit);
    error UserCountNotCanonical(uint64 number); // a redundant trailing 0x00 byte
    error UserCountTooLong(uint64 number); // more than 5 bytes, above 2^32 − 1, or cut off
    error BatchPositionsOutOfRange(uint64 number, uint256 positions); // 0, or above 2^16
    error SegmentTruncated(uint64 number, uint256 chunk, uint256 offset, uint256 dataLength);
    error TrailingData(uint64 number, uint256 offset, uint256 dataLength);

    /// @notice Checks the framing of batch `number`'s `data`, which processes `queuePositions`
    ///         queue messages, and returns its dataRoot and U.
    function dataRoot(bytes calldata data, uint64 number, uint256 queuePositions)
        internal
        pure
        returns (bytes32 root, uint32 userCount)
    {
        uint256 length = data.length;
        if (length == 0) revert BatchDataVersion(number, 256);
        if (length > MAX_DATA_BYTES) revert BatchDataTooLarge(number, length, MAX_DATA_BYTES);
        if (queuePositions > MAX_QUEUE_MESSAGES) revert TooManyQueueMessages(number, queuePositions, MAX_QUEUE_MESSAGES);
        if (uint8(data[0]) != VERSION) revert BatchDataVersion(number, uint8(data[0]));
        uint256 offset;
        (userCount, offset) = _userCount(data, number);
        uint256 positions = queuePositions + userCount;
        if (positions == 0 || positions > MAX_POSITIONS) revert BatchPositionsOutOfRange(number, positions);
        uint256 chunks = (positions + CHUNK_SIZE - 1) / CHUNK_SIZE;

        bytes32 tableRoot = _tableRoot(data, offset, chunks, number);
        assembly ("memory-safe") {
            // keccak256(uint32 U big-endian ‖ tableRoot), 36 bytes just past the free pointer
            let buffer := mload(0x40)
            mstore(buffer, shl(224, userCount))
            mstore(add(buffer, 4), tableRoot)
            root := keccak256(buffer, 36)
        }
    }

    /// @dev Frames `chunks` segments from `offset` to exactly the end of `data` and returns the
    ///      keccak Merkle root of their leaves. Assembly, because the bounds-checked Solidity loop
    ///      cost more than the hashing; each chunk's bytes are hashed in one buffer past the
    ///      leaves, and all of it is released on return, so a commit of many batches does not grow
    ///      memory.
    function _tableRoot(bytes calldata data, uint256 offset, uint256 chunks, uint64 number)
        private
        pure
        returns (bytes32 tableRoot)
    {
        uint256 freePointer;
        assembly ("memory-safe") {
            freePointer := mload(0x40)
        }
        bytes32[] memory leaves = new bytes32[](chunks);
        uint256 length = data.length;
        uint256 truncated = type(uint256).max; // the chunk whose segment runs past the end, if any
        assembly ("memory-safe") {
            let first := add(leaves, 0x20)
            let buffer := add(first, shl(5, chunks)) // the free pointer after the leaves
            for { let c := 0 } lt(c, chunks) { c := add(c, 1) } {
                let next := add(offset, SEGMENT_HEAD)
                if gt(next, length) {
                    truncated := c
                    break
                }
                let segment := add(data.offset, offset)
                let chunkLength := shr(240, calldataload(add(segment, 32)))
                next := add(next, chunkLength)
                if gt(next, length) {
                    truncated := c
                    break
                }
                calldatacopy(buffer, add(segment, SEGMENT_HEAD), chunkLength)
                mstore(0x20, keccak256(buffer, chunkLength))
                mstore(0x00, calldataload(segment)) // entry_c
                mstore(add(first, shl(5, c)), keccak256(0x00, 0x40))
                offset := next
            }
        }
        if (truncated != type(uint256).max) revert SegmentTruncated(number, truncated, offset, length);
        if (offset != length) revert TrailingData(number, offset, length);
        tableRoot = KeccakMerkle.root(leaves, TABLE_DEPTH);
        assembly ("memory-safe") {
            mstore(0x40, freePointer) // the leaves are dead: later batches reuse their memory
        }
    }

    /// @dev The canonical unsigned LEB128 U after the version byte (at most 5 bytes, a u32) and the
    ///      offset of the first segment.
    function _userCount(bytes calldata data, uint64 number) private pure returns (uint32 value, uint256 next) {
        uint256 bytesRead; // 0: cut off or longer than 5 bytes
        uint256 raw; // up to 35 bits
        bool canonical = true;
        assembly ("memory-safe") {
            // up to 5 bytes after the version byte; calldataload past the end reads zeros, so
            // bytes beyond data.length are excluded by the length check
            let word := calldataload(add(data.offset, 1))
            let available := sub(data.length, 1)
            let v := 0
            for { let i := 0 } lt(i, 5) { i := add(i, 1) } {
                if iszero(lt(i, available)) { break }
                let b := byte(i, word)
                v := or(v, shl(mul(7, i), and(b, 0x7f)))
                if iszero(and(b, 0x80)) {
                    if and(iszero(b), gt(i, 0)) { canonical := 0 }
                    bytesRead := add(i, 1)
                    break
                }
            }
            raw := v
        }
        if (!canonical) revert UserCountNotCanonical(number);
        if (bytesRead == 0 || raw > type(uint32).max) revert UserCountTooLong(number);
        value = uint32(raw);
        next = 1 + bytesRead;
    }
}
