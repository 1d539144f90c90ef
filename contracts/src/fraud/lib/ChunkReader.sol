// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice A read position in calldata chunk bytes. `failed` is sticky: once a read fails every
///         later read fails too, and the caller checks it once per position.
struct Cursor {
    uint256 at; // calldata offset of the next byte
    uint256 end; // calldata offset just past the chunk
    bool failed;
}

/// @notice One user record of a chunk (docs/fraud-proofs.md §2), as read.
struct Record {
    bool withdraw; // tag bit 0
    bool rawTo; // tag bit 2: `to` is 20 raw bytes
    uint8 v; // 27 or 28 (tag bit 1)
    uint32 from; // sender account index
    uint32 toIndex; // recipient account index (when !rawTo)
    address toRaw; // recipient address (when rawTo)
    uint128 amount;
    uint128 fee;
    bytes32 r;
    bytes32 s;
}

/// @title ChunkReader
/// @notice Reads v2 chunk bytes from calldata (docs/fraud-proofs.md §2): canonical LEB128
///         varints (at most 5 bytes and below 2^32 for indices and refs, at most 19 bytes and below
///         2^128 for mantissas), canonical compact amounts m·10^e ≤ 2^128 − 1, tags, queue entries
///         and records. A malformed input never reverts: it sets `failed`, so the prover convicts
///         the batch with kind Undecodable instead (a revert would let bad data stand).
library ChunkReader {
    uint256 internal constant INDEX_BYTES = 5;
    uint256 internal constant INDEX_BITS = 32;
    uint256 internal constant MANTISSA_BYTES = 19;
    uint256 internal constant MANTISSA_BITS = 128;
    uint256 internal constant MAX_EXPONENT = 38;
    uint256 internal constant TAG_WITHDRAW = 1;
    uint256 internal constant TAG_V28 = 2;
    uint256 internal constant TAG_RAW_TO = 4;
    uint256 internal constant TAG_RESERVED = 0xf8;

    /// @notice A cursor over `data` (a calldata slice).
    function open(bytes calldata data) internal pure returns (Cursor memory c) {
        uint256 at;
        assembly ("memory-safe") {
            at := data.offset
        }
        c.at = at;
        c.end = at + data.length;
    }

    /// @notice True when every byte was read and nothing failed.
    function done(Cursor memory c) internal pure returns (bool) {
        return !c.failed && c.at == c.end;
    }

    // The readers below are in assembly: Cursor's fields are the words at c, c + 0x20 and c + 0x40.
    // In plain Solidity a byte cost ~300 gas, and proveExitRoot reads every byte of a batch.

    /// @notice The next byte (0 and failed when the chunk ends).
    function readByte(Cursor memory c) internal pure returns (uint256 b) {
        assembly ("memory-safe") {
            let at := mload(c)
            switch or(mload(add(c, 0x40)), iszero(lt(at, mload(add(c, 0x20)))))
            case 0 {
                b := byte(0, calldataload(at))
                mstore(c, add(at, 1))
            }
            default { mstore(add(c, 0x40), 1) }
        }
    }

    /// @notice The next `size` (≤ 32) bytes, left-aligned in a word (zero and failed past the end).
    function readWord(Cursor memory c, uint256 size) internal pure returns (bytes32 w) {
        assembly ("memory-safe") {
            let at := mload(c)
            switch or(mload(add(c, 0x40)), gt(add(at, size), mload(add(c, 0x20))))
            case 0 {
                w := and(calldataload(at), not(shr(mul(size, 8), not(0))))
                mstore(c, add(at, size))
            }
            default { mstore(add(c, 0x40), 1) }
        }
    }

    /// @notice Canonical unsigned LEB128 of at most `maxBytes` bytes whose value is below 2^bits
    ///         (a redundant trailing zero group is not canonical).
    function readVarint(Cursor memory c, uint256 maxBytes, uint256 bits) internal pure returns (uint256 value) {
        assembly ("memory-safe") {
            let at := mload(c)
            let end := mload(add(c, 0x20))
            let failed := mload(add(c, 0x40))
            for { let i := 0 } 1 { i := add(i, 1) } {
                if or(failed, or(eq(i, maxBytes), iszero(lt(at, end)))) {
                    failed := 1
                    break
                }
                let b := byte(0, calldataload(at))
                at := add(at, 1)
                value := or(value, shl(mul(7, i), and(b, 0x7f)))
                if iszero(and(b, 0x80)) {
                    if and(iszero(b), gt(i, 0)) { failed := 1 }
                    break
                }
            }
            if shr(bits, value) { failed := 1 }
            if failed { value := 0 }
            mstore(c, at)
            mstore(add(c, 0x40), failed)
        }
    }

    /// @notice A varint account index, queue ref or count (u32).
    function readIndex(Cursor memory c) internal pure returns (uint32) {
        return uint32(readVarint(c, INDEX_BYTES, INDEX_BITS));
    }

    /// @notice A compact amount: exponent byte e ≤ 38 ‖ varint mantissa m, m·10^e ≤ 2^128 − 1,
    ///         m not divisible by 10 unless m = 0, and then e = 0.
    function readAmount(Cursor memory c) internal pure returns (uint128) {
        uint256 e = readByte(c);
        uint256 m = readVarint(c, MANTISSA_BYTES, MANTISSA_BITS);
        if (c.failed) return 0;
        if (e > MAX_EXPONENT || (m == 0 ? e != 0 : m % 10 == 0)) {
            c.failed = true;
            return 0;
        }
        uint256 value;
        unchecked {
            value = m * 10 ** e; // m < 2^128 and 10^38 < 2^127: no overflow
        }
        if (value > type(uint128).max) {
            c.failed = true;
            return 0;
        }
        return uint128(value);
    }

    /// @notice A queue entry's `varint ref`: 0 for "no account", else account index + 1.
    function readRef(Cursor memory c) internal pure returns (uint32) {
        return readIndex(c);
    }

    /// @notice A record = tag ‖ from ‖ to ‖ amount ‖ fee ‖ r ‖ s into `out` (reused across records).
    ///         One assembly block with the same rules as readByte, readVarint and readAmount:
    ///         proveExitRoot reads every record of a batch, and the calls cost more than the reads.
    function readRecord(Cursor memory c, Record memory out) internal pure {
        assembly ("memory-safe") {
            /// Canonical LEB128 at p (≤ maxBytes bytes, value < 2^bits); q is past it.
            function varint(p, e, maxBytes, bits) -> v, q, bad {
                q := p
                for { let i := 0 } 1 { i := add(i, 1) } {
                    if or(eq(i, maxBytes), iszero(lt(q, e))) {
                        bad := 1
                        break
                    }
                    let b := byte(0, calldataload(q))
                    q := add(q, 1)
                    v := or(v, shl(mul(7, i), and(b, 0x7f)))
                    if iszero(and(b, 0x80)) {
                        if and(iszero(b), gt(i, 0)) { bad := 1 }
                        break
                    }
                }
                if shr(bits, v) { bad := 1 }
            }
            /// Compact amount at p: exponent ≤ 38, canonical mantissa, value ≤ 2^128 − 1.
            function amount(p, e) -> v, q, bad {
                q := p
                if iszero(lt(p, e)) {
                    bad := 1
                    leave
                }
                let ex := byte(0, calldataload(p))
                let m
                m, q, bad := varint(add(p, 1), e, 19, 128)
                if bad { leave }
                if gt(ex, 38) {
                    bad := 1
                    leave
                }
                switch m
                case 0 { if ex { bad := 1 } }
                default { if iszero(mod(m, 10)) { bad := 1 } }
                if bad { leave }
                v := mul(m, exp(10, ex)) // m < 2^128, 10^38 < 2^127
                if gt(v, 0xffffffffffffffffffffffffffffffff) { bad := 1 }
            }
            /// The record at p into the Record at o (fields: withdraw, rawTo, v, from, toIndex,
            /// toRaw, amount, fee, r, s, one word each).
            function record(p, e, o) -> q, bad {
                q := p
                if iszero(lt(p, e)) {
                    bad := 1
                    leave
                }
                let tag := byte(0, calldataload(p))
                q := add(p, 1)
                // reserved bits 3-7, or a withdrawal without a raw `to`
                if or(and(tag, 0xf8), and(and(tag, 1), iszero(and(tag, 4)))) {
                    bad := 1
                    leave
                }
                let raw := shr(2, and(tag, 4))
                mstore(o, and(tag, 1))
                mstore(add(o, 0x20), raw)
                mstore(add(o, 0x40), add(27, shr(1, and(tag, 2))))
                let v
                v, q, bad := varint(q, e, 5, 32)
                if bad { leave }
                mstore(add(o, 0x60), v)
                switch raw
                case 1 {
                    if gt(add(q, 20), e) {
                        bad := 1
                        leave
                    }
                    mstore(add(o, 0x80), 0)
                    mstore(add(o, 0xa0), shr(96, calldataload(q)))
                    q := add(q, 20)
                }
                default {
                    v, q, bad := varint(q, e, 5, 32)
                    if bad { leave }
                    mstore(add(o, 0x80), v)
                    mstore(add(o, 0xa0), 0)
                }
                v, q, bad := amount(q, e)
                if bad { leave }
                mstore(add(o, 0xc0), v)
                v, q, bad := amount(q, e)
                if bad { leave }
                mstore(add(o, 0xe0), v)
                if gt(add(q, 64), e) {
                    bad := 1
                    leave
                }
                mstore(add(o, 0x100), calldataload(q))
                mstore(add(o, 0x120), calldataload(add(q, 32)))
                q := add(q, 64)
            }
            if iszero(mload(add(c, 0x40))) {
                let q, bad := record(mload(c), mload(add(c, 0x20)), out)
                mstore(c, q)
                mstore(add(c, 0x40), bad)
            }
        }
    }
}
