// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Test-only recipient that refuses every payment.
contract RevertingRecipient {
    receive() external payable {
        revert("no thanks");
    }
}

/// @notice Test-only recipient that, when paid, replays a stored call once per arming (e.g. the
///         call that paid it) and swallows the outcome, recording whether the replay succeeded.
contract ReentrantRecipient {
    address public target;
    bytes public replay;
    uint256 public received;
    uint256 public reentries;
    bool public reentrySucceeded;

    /// Calls `target` with `data` and msg.value as this contract (e.g. to deposit as the depositor).
    function forward(address target, bytes calldata data) external payable {
        (bool ok, bytes memory reason) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    function arm(address target_, bytes calldata replay_) external {
        target = target_;
        replay = replay_;
    }

    receive() external payable {
        received += msg.value;
        if (replay.length == 0) return; // not armed, or already replayed once
        bytes memory data = replay;
        delete replay;
        reentries++;
        (bool ok,) = target.call(data);
        reentrySucceeded = ok;
    }
}

/// @notice Test-only fraud prover that refuses its reward: sends a proof as itself and reverts
///         any payment, so the Rollup's payout to it fails.
contract RefusingProver {
    function prove(address target, bytes calldata data) external {
        (bool ok, bytes memory reason) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
    }

    receive() external payable {
        revert("no thanks");
    }
}
