// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title LoftEip712
/// @notice The EIP-712 digest users sign (protocol.md §2): domain {name "Loft", version "1",
///         chainId, verifyingContract}, with block.chainid and address(this), which are the L1
///         chain and the Rollup because the provers run by delegatecall in the Rollup's context
///         (docs/fraud-proofs.md §5). Mirrors sequencer/protocol/eip712.ts.
library LoftEip712 {
    bytes32 internal constant DOMAIN_TYPE_HASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant NAME_HASH = keccak256("Loft");
    bytes32 internal constant VERSION_HASH = keccak256("1");
    bytes32 internal constant TRANSFER_TYPE_HASH = keccak256("Transfer(address to,uint256 amount,uint256 fee,uint64 nonce)");
    bytes32 internal constant WITHDRAW_TYPE_HASH =
        keccak256("Withdraw(address recipient,uint256 amount,uint256 fee,uint64 nonce)");
    /// secp256k1 curve order n, and n / 2 (a larger s is "high s", refused as in EIP-2).
    uint256 internal constant N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
    uint256 internal constant HALF_N = N >> 1;

    function domainSeparator() internal view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPE_HASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    /// @notice The digest of a transfer (`withdraw` false, `to` the L2 recipient) or a withdraw
    ///         (`to` the L1 recipient).
    function digest(bool withdraw, address to, uint128 amount, uint128 fee, uint64 nonce) internal view returns (bytes32) {
        bytes32 structHash =
            keccak256(abi.encode(withdraw ? WITHDRAW_TYPE_HASH : TRANSFER_TYPE_HASH, to, amount, fee, nonce));
        return keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash));
    }

    /// @notice True when (r, s, v) is a canonical signature of `hash` by `signer`: 0 < r < n,
    ///         0 < s ≤ n/2, and ecrecover gives `signer` (never the zero address).
    function isSignedBy(bytes32 hash, uint8 v, bytes32 r, bytes32 s, address signer) internal pure returns (bool) {
        if (uint256(r) == 0 || uint256(r) >= N || uint256(s) == 0 || uint256(s) > HALF_N) return false;
        address recovered = ecrecover(hash, v, r, s);
        return recovered != address(0) && recovered == signer;
    }
}
