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

    error BatchDataVersion(uint64 number, uint256 version); // 256: the data is empty
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
        if (uint8(data[0]) != VERSION) revert BatchDataVersion(number, uint8(data[0]));
        uint256 offset;
        (userCount, offset) = _userCount(data, number);
        uint256 positions = queuePositions + userCount;
        if (positions == 0 || positions > MAX_POSITIONS) revert BatchPositionsOutOfRange(number, positions);
        uint256 chunks = (positions + CHUNK_SIZE - 1) / CHUNK_SIZE;

        bytes32 tableRoot = _tableRoot(data, offset, chunks, number);
        root = keccak256(abi.encodePacked(userCount, tableRoot));
    }

    /// @dev Frames `chunks` segments from `offset` to exactly the end of `data` and returns the
    ///      keccak Merkle root of their leaves. Its memory (the leaves, one chunk buffer reused by
    ///      every chunk) is released on return, so a commit of many batches does not grow memory.
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
        for (uint256 c = 0; c < chunks; c++) {
            (leaves[c], offset) = _segmentLeaf(data, offset, c, number);
        }
        if (offset != data.length) revert TrailingData(number, offset, data.length);
        tableRoot = KeccakMerkle.root(leaves, TABLE_DEPTH);
        assembly ("memory-safe") {
            mstore(0x40, freePointer) // the leaves are dead: later batches reuse their memory
        }
    }

    /// @dev Segment `chunk` at `offset`: its leaf keccak256(entry ‖ keccak256(chunk bytes)) and the
    ///      offset after it. The chunk bytes are hashed in memory just past the free pointer.
    function _segmentLeaf(bytes calldata data, uint256 offset, uint256 chunk, uint64 number)
        private
        pure
        returns (bytes32 leaf, uint256 next)
    {
        uint256 length = data.length;
        if (offset + SEGMENT_HEAD > length) revert SegmentTruncated(number, chunk, offset, length);
        bytes32 entry = bytes32(data[offset:offset + 32]);
        uint256 chunkLength = uint16(bytes2(data[offset + 32:offset + SEGMENT_HEAD]));
        next = offset + SEGMENT_HEAD + chunkLength;
        if (next > length) revert SegmentTruncated(number, chunk, offset, length);
        bytes32 chunkHash;
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            calldatacopy(buffer, add(data.offset, add(offset, SEGMENT_HEAD)), chunkLength)
            chunkHash := keccak256(buffer, chunkLength)
        }
        leaf = KeccakMerkle.hashPair(entry, chunkHash);
    }

    /// @dev The canonical unsigned LEB128 U after the version byte (at most 5 bytes, a u32) and the
    ///      offset of the first segment.
    function _userCount(bytes calldata data, uint64 number) private pure returns (uint32, uint256) {
        uint256 value;
        for (uint256 i = 0; i < 5; i++) {
            if (1 + i >= data.length) revert UserCountTooLong(number);
            uint256 b = uint8(data[1 + i]);
            value |= (b & 0x7f) << (7 * i);
            if (b & 0x80 == 0) {
                if (b == 0 && i > 0) revert UserCountNotCanonical(number);
                if (value > type(uint32).max) revert UserCountTooLong(number);
                return (uint32(value), 2 + i);
            }
        }
        revert UserCountTooLong(number);
    }
}
