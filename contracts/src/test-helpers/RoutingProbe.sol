// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Test-only fraud module that tells which constructor slot the Rollup's fallback routed a
///         call to: its id is an immutable, so it survives the delegatecall.
contract RoutingProbe {
    uint8 internal immutable id;

    error Routed(uint8 module, bytes4 selector, uint256 calldataLength);

    constructor(uint8 id_) {
        id = id_;
    }

    fallback() external {
        revert Routed(id, msg.sig, msg.data.length);
    }
}
