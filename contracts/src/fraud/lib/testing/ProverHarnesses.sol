// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {RootsProver} from "../../RootsProver.sol";
import {SignatureProver} from "../../SignatureProver.sol";
import {StateTransitionProver} from "../../StateTransitionProver.sol";
import {FraudHarnessSetup} from "./FraudHarnessSetup.sol";

/// @notice TEST-ONLY: the fraud modules on storage a test sets up (FraudHarnessSetup).
contract StateTransitionHarness is StateTransitionProver, FraudHarnessSetup {}

/// @notice TEST-ONLY: see StateTransitionHarness.
contract SignatureHarness is SignatureProver, FraudHarnessSetup {}

/// @notice TEST-ONLY: see StateTransitionHarness.
contract RootsHarness is RootsProver, FraudHarnessSetup {}
