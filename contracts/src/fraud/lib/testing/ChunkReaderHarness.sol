// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ChunkReader, Cursor, Record} from "../ChunkReader.sol";

/// @notice TEST-ONLY (test/fraud/chunk-reader.test.ts): the calldata chunk reader, for a
///         differential test against the TypeScript mirror the challenger relies on.
contract ChunkReaderHarness {
    /// @notice Reads `count` records; `consumed` bytes were read when `failed` became set (or in all).
    function readRecords(bytes calldata data, uint256 count)
        external
        pure
        returns (bool failed, uint256 consumed, Record[] memory records)
    {
        Cursor memory c = ChunkReader.open(data);
        uint256 start = c.at;
        records = new Record[](count);
        for (uint256 i = 0; i < count && !c.failed; i++) ChunkReader.readRecord(c, records[i]);
        return (c.failed, c.at - start, records);
    }

    /// @notice Reads amounts (fullExit false) or indices until the data ends or a read fails.
    function readValues(bytes calldata data, bool amounts) external pure returns (bool failed, uint256[] memory values) {
        Cursor memory c = ChunkReader.open(data);
        values = new uint256[](data.length);
        uint256 n = 0;
        while (c.at < c.end && !c.failed) values[n++] = amounts ? ChunkReader.readAmount(c) : ChunkReader.readIndex(c);
        assembly ("memory-safe") {
            mstore(values, n)
        }
        return (c.failed, values);
    }
}
