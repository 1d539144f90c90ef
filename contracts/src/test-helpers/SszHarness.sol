// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BatchHeader, LoftSsz} from "../lib/LoftSsz.sol";

/// @notice Test-only: exposes the on-chain SSZ roots for differential tests against @chainsafe/ssz.
contract SszHarness {
    function withdrawalLeaf(address recipient, uint128 amount) external view returns (bytes32) {
        return LoftSsz.withdrawalLeaf(recipient, amount);
    }

    function accountLeaf(address account, uint128 balance, uint64 nonce) external view returns (bytes32) {
        return LoftSsz.accountLeaf(account, balance, nonce);
    }

    function headerRoot(BatchHeader calldata header) external view returns (bytes32) {
        return LoftSsz.headerRoot(header);
    }

    function genesisHeaderRoot(bytes32 stateRoot) external view returns (bytes32) {
        return LoftSsz.genesisHeaderRoot(stateRoot);
    }

    function exitListRoot(address recipient, uint128 amount, uint256 index, uint256 length, bytes32[16] calldata branch)
        external
        view
        returns (bytes32)
    {
        return LoftSsz.exitListRoot(LoftSsz.withdrawalLeaf(recipient, amount), index, length, branch);
    }

    function stateListRoot(
        address account,
        uint128 balance,
        uint64 nonce,
        uint256 index,
        uint256 length,
        bytes32[32] calldata branch
    ) external view returns (bytes32) {
        return LoftSsz.stateListRoot(LoftSsz.accountLeaf(account, balance, nonce), index, length, branch);
    }
}
