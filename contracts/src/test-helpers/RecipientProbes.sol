// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Test-only recipient that refuses every payment.
contract RevertingRecipient {
    receive() external payable {
        revert("no thanks");
    }
}

/// @notice Test-only recipient that, when paid, replays the call that paid it (a stored calldata
///         against the Rollup) and swallows the outcome, recording whether the replay succeeded.
contract ReentrantRecipient {
    address public target;
    bytes public replay;
    uint256 public received;
    uint256 public reentries;
    bool public reentrySucceeded;

    function arm(address target_, bytes calldata replay_) external {
        target = target_;
        replay = replay_;
    }

    receive() external payable {
        received += msg.value;
        if (reentries > 0) return;
        reentries++;
        (bool ok,) = target.call(replay);
        reentrySucceeded = ok;
    }
}
