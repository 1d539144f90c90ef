// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {RollupState} from "./RollupState.sol";

/// @title L1Queue
/// @notice The L1 → L2 message queue: deposits and forced full exits, processed by batches strictly
///         in queue order (the node turns each into a kind 2 / kind 3 transaction whose nonce is the
///         queue index), and, once the rollup is frozen, reclaimable by their depositor if no final
///         batch processed them.
abstract contract L1Queue is RollupState {
    event Deposited(
        uint64 indexed queueIndex, address indexed depositor, address indexed to, uint128 amount, uint64 timestamp
    );
    event FullExitRequested(uint64 indexed queueIndex, address indexed account, uint64 timestamp);
    event DepositReclaimed(uint64 indexed queueIndex, address indexed depositor, uint128 amount);

    error DepositZero();
    error DepositAboveUint128(uint256 amount);
    error DepositToZeroAddress();
    error DepositProcessedByFinalBatch(uint256 queueIndex, uint64 escapeQueueCount);
    error NothingToReclaim(uint256 queueIndex);
    error AlreadyReclaimed(uint256 queueIndex);

    /// @notice Deposits msg.value wei to `to` on L2.
    function deposit(address to) external payable {
        if (msg.value == 0) revert DepositZero();
        if (msg.value > type(uint128).max) revert DepositAboveUint128(msg.value);
        if (to == address(0)) revert DepositToZeroAddress();
        uint64 index = _append(msg.sender, uint128(msg.value), to);
        emit Deposited(index, msg.sender, to, uint128(msg.value), uint64(block.timestamp));
    }

    /// @notice Asks the sequencer to withdraw the caller's whole L2 balance to the caller on L1.
    function requestFullExit() external {
        uint64 index = _append(msg.sender, 0, address(0));
        emit FullExitRequested(index, msg.sender, uint64(block.timestamp));
    }

    /// @notice After a freeze, pays a deposit back to its depositor if no final batch processed it.
    ///         Anyone may call; the money only goes to the depositor.
    function reclaimDeposit(uint256 queueIndex) external {
        EscapeHatch memory hatch = escapeHatch;
        if (!hatch.frozen) revert RollupNotFrozen();
        QueueMessage storage message = queue[queueIndex];
        address depositor = message.sender;
        if (depositor == address(0)) revert UnknownQueueMessage(queueIndex, chain.queueLength);
        if (queueIndex < hatch.queueCount) revert DepositProcessedByFinalBatch(queueIndex, hatch.queueCount);
        uint128 amount = message.amount;
        if (amount == 0) revert NothingToReclaim(queueIndex);
        if (message.reclaimed) revert AlreadyReclaimed(queueIndex);
        message.reclaimed = true;
        emit DepositReclaimed(uint64(queueIndex), depositor, amount);
        _pay(depositor, amount);
    }

    /// @dev A deposit stores its L2 recipient `to` as well: the chunk proof reads it
    ///      (docs/fraud-proofs.md §2 queue entries, §3 Queue).
    function _append(address sender, uint128 amount, address to) private returns (uint64 index) {
        Chain memory c = chain;
        if (c.frozen) revert RollupFrozen();
        index = c.queueLength;
        chain.queueLength = index + 1;
        QueueMessage storage message = queue[index];
        message.sender = sender;
        message.timestamp = uint64(block.timestamp);
        if (amount != 0) {
            message.amount = amount;
            message.to = to;
        }
    }
}
