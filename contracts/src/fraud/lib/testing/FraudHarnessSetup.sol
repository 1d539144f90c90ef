// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {FraudProofBase} from "../../FraudProofBase.sol";

/// @title FraudHarnessSetup
/// @notice TEST-ONLY (test/fraud): lets a test give a fraud module the storage a Rollup would
///         have (a commit record, the challenge window, the L1 queue, the bond), so the modules'
///         proofs run exactly as under the Rollup's delegatecall without committing real batches.
///         Never deployed outside tests.
abstract contract FraudHarnessSetup is FraudProofBase {
    /// @notice Makes `record` commit `index` (≥ 1) and the last one, with `challengeWindow`.
    function setCommit(uint64 index, CommitRecord calldata record, uint64 challengeWindow) external {
        commitRecords[index] = record;
        commitState.count = index + 1;
        commitState.challengeWindow = challengeWindow;
    }

    /// @notice Appends a queue message (amount 0: a full exit by `sender`, else a deposit to `to`).
    function pushQueue(address sender, address to, uint128 amount) external {
        uint64 index = chain.queueLength;
        queue[index] = QueueMessage(sender, uint64(block.timestamp), false, amount, to);
        chain.queueLength = index + 1;
    }

    /// @notice Adds msg.value to the bond a proven fraud pays half of.
    function postBond() external payable {
        bondState.amount += uint128(msg.value);
    }
}
