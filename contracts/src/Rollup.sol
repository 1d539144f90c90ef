// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {L1Queue} from "./L1Queue.sol";
import {BatchHeader, LoftSsz} from "./lib/LoftSsz.sol";
import {KeccakMerkle} from "./lib/KeccakMerkle.sol";
import {BatchDataFraming} from "./lib/BatchDataFraming.sol";
import {FraudProofBase} from "./fraud/FraudProofBase.sol";
import {IRootsProver, ISignatureProver, IStateTransitionProver} from "./fraud/IFraudProvers.sol";

/// @notice The fraud-proof modules the Rollup delegatecalls (docs/fraud-proofs.md §5).
struct FraudModules {
    address stateTransition;
    address signature;
    address roots;
}

/// @notice Where a batch sits in its commit, for withdraw: the commit, the batch's dataRoot and the
///         8 siblings of its batch leaf in the commit tree (docs/fraud-proofs.md §3).
struct CommitProof {
    uint64 commitIndex;
    bytes32 dataRoot;
    bytes32[8] branch;
}

/// @title Rollup
/// @notice Loft's L1 contract, v2 (protocol.md §5–§6, docs/fraud-proofs.md): the L1 queue, commits
///         of 1..256 consecutive batches under the sequencer's bond, fraud proofs (delegated to
///         the modules), withdrawals from final batches and the escape hatch.
/// @dev One CommitRecord per commit; withdraw proves a batch's exitRoot through its header branch
///      and its batch leaf under the commit's batchesRoot.
contract Rollup is L1Queue, FraudProofBase {
    uint256 internal constant EXIT_LIST_LIMIT = 1 << 16;
    uint256 internal constant STATE_LIST_LIMIT = 1 << 32;
    uint256 internal constant MAX_BATCHES_PER_COMMIT = 256;
    uint256 internal constant COMMIT_DEPTH = 8;

    address public immutable sequencer;
    address internal immutable stateTransitionModule;
    address internal immutable signatureModule;
    address internal immutable rootsModule;

    event BatchesCommitted(
        uint64 indexed commitIndex,
        uint64 firstBatch,
        uint64 lastBatch,
        bytes32 batchesRoot,
        bytes32 stateRoot,
        uint64 queueCount
    );
    event BondPosted(address indexed from, uint256 amount, uint256 bond);
    event Withdrawn(uint64 indexed batchNumber, uint256 index, address indexed recipient, uint128 amount);
    event Escaped(uint256 indexed index, address indexed account, uint128 balance);

    error ZeroSequencer();
    error ZeroWindow();
    error ZeroRoot();
    /// module: 0 stateTransition, 1 signature, 2 roots
    error ModuleWithoutCode(uint8 module, address at);
    error UnknownFunction(bytes4 selector);
    error NotSequencer(address caller);
    error BondTooLow(uint256 bond, uint256 required);
    error BondAboveUint128(uint256 bond);
    error CommitSizeOutOfRange(uint256 headers, uint256 data);
    error WrongBatchNumber(uint64 expected, uint64 given);
    error WrongParentRoot(bytes32 expected, bytes32 given);
    error QueueCountDecreased(uint64 previous, uint64 given);
    error QueueCountPastQueue(uint64 queueLength, uint64 given);
    error TimestampInFuture(uint64 timestamp, uint256 blockTimestamp);
    error TimestampBeforeParent(uint64 parentTimestamp, uint64 given);
    error DataHashMismatch(bytes32 headerDataHash, bytes32 dataHash);
    error UnknownBatch(uint64 number);
    error ChallengeWindowNotOver(uint64 number, uint256 finalAt);
    error BatchAfterEscapeBatch(uint64 number, uint64 escapeBatch);
    error InvalidBatchProof(uint64 commitIndex, uint64 number);
    error ListLengthAboveLimit(uint256 length, uint256 limit);
    error IndexNotBelowLength(uint256 index, uint256 length);
    error InvalidWithdrawalProof();
    error InvalidAccountProof();
    error AlreadyWithdrawn(uint64 batchNumber, uint256 index);
    error AlreadyEscaped(uint256 index);
    error NothingToEscape(uint256 index);
    error NoPendingQueueMessage();
    error InclusionWindowNotOver(uint64 queueIndex, uint256 freezableAfter);

    /// @param sequencer_ the only address that may commit batches
    /// @param genesisStateRoot hash_tree_root(List[Account, 2^32]) of the genesis accounts
    /// @param challengeWindow_ seconds from a commit until it is final
    /// @param inclusionWindow_ seconds a queue message may wait before anyone may freeze the rollup
    /// @param bondRequired_ the bond below which commitBatches refuses to run (docs/fraud-proofs.md §3)
    /// @param modules the fraud-proof modules, each a deployed contract
    /// @dev msg.value backs the genesis L2 balances (it is not bond), so the contract never owes
    ///      more than it holds. Commit 0 is the genesis batch 0, whose leaf has dataRoot 0.
    constructor(
        address sequencer_,
        bytes32 genesisStateRoot,
        uint64 challengeWindow_,
        uint64 inclusionWindow_,
        uint256 bondRequired_,
        FraudModules memory modules
    ) payable {
        if (sequencer_ == address(0)) revert ZeroSequencer();
        if (genesisStateRoot == bytes32(0)) revert ZeroRoot();
        if (challengeWindow_ == 0 || inclusionWindow_ == 0) revert ZeroWindow();
        if (bondRequired_ > type(uint128).max) revert BondAboveUint128(bondRequired_);
        if (modules.stateTransition.code.length == 0) revert ModuleWithoutCode(0, modules.stateTransition);
        if (modules.signature.code.length == 0) revert ModuleWithoutCode(1, modules.signature);
        if (modules.roots.code.length == 0) revert ModuleWithoutCode(2, modules.roots);
        sequencer = sequencer_;
        stateTransitionModule = modules.stateTransition;
        signatureModule = modules.signature;
        rootsModule = modules.roots;
        commitState = Commits({count: 1, challengeWindow: challengeWindow_, inclusionWindow: inclusionWindow_});
        bondState.required = uint128(bondRequired_);

        bytes32 root = LoftSsz.genesisHeaderRoot(genesisStateRoot);
        lastBatchRoot = root;
        bytes32[] memory leaves = new bytes32[](1);
        leaves[0] = KeccakMerkle.hashPair(root, bytes32(0));
        bytes32 batchesRoot = KeccakMerkle.root(leaves, COMMIT_DEPTH);
        commitRecords[0] = CommitRecord({
            batchesRoot: batchesRoot,
            stateRoot: genesisStateRoot,
            firstBatch: 0,
            lastBatch: 0,
            committedAt: 0,
            queueCount: 0
        });
        emit BatchesCommitted(0, 0, 0, batchesRoot, genesisStateRoot, 0);
    }

    /// @notice Delegatecalls the fraud-proof module of the selector (docs/fraud-proofs.md §4–§5):
    ///         proveStateTransition, proveSignature, proveTxRoot, proveExitRoot. Its events and
    ///         errors are the Rollup's; anything else reverts UnknownFunction.
    fallback() external {
        bytes4 selector = msg.sig;
        address module;
        if (selector == IStateTransitionProver.proveStateTransition.selector) module = stateTransitionModule;
        else if (selector == ISignatureProver.proveSignature.selector) module = signatureModule;
        else if (selector == IRootsProver.proveTxRoot.selector || selector == IRootsProver.proveExitRoot.selector) {
            module = rootsModule;
        } else {
            revert UnknownFunction(selector);
        }
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), module, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    /// @notice Adds msg.value to the sequencer's bond (anyone may). It is never paid back: a proven
    ///         fraud pays half to the prover and locks the rest (docs/fraud-proofs.md §4).
    function postBond() external payable {
        if (chain.frozen) revert RollupFrozen();
        uint256 amount = uint256(bondState.amount) + msg.value;
        if (amount > type(uint128).max) revert BondAboveUint128(amount);
        bondState.amount = uint128(amount);
        emit BondPosted(msg.sender, msg.value, amount);
    }

    /// @notice Commits `headers.length` (1..256) consecutive batches with their v2 data (sequencer
    ///         only, bond at least bondRequired): v1 header checks, then the data framing check,
    ///         and one CommitRecord for them all (docs/fraud-proofs.md §3). `data` is calldata:
    ///         hashed and framed, never stored.
    function commitBatches(BatchHeader[] calldata headers, bytes[] calldata data) external {
        if (msg.sender != sequencer) revert NotSequencer(msg.sender);
        uint256 count = headers.length;
        if (count == 0 || count > MAX_BATCHES_PER_COMMIT || data.length != count) {
            revert CommitSizeOutOfRange(count, data.length);
        }
        Chain memory c = chain;
        if (c.frozen) revert RollupFrozen();
        Bond memory bond_ = bondState;
        if (bond_.amount < bond_.required) revert BondTooLow(bond_.amount, bond_.required);

        bytes32 parentRoot = lastBatchRoot;
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            BatchHeader calldata header = headers[i];
            _checkHeader(header, c, parentRoot);
            bytes32 dataHash = keccak256(data[i]);
            if (dataHash != header.dataHash) revert DataHashMismatch(header.dataHash, dataHash);
            (bytes32 dataRoot,) =
                BatchDataFraming.dataRoot(data[i], header.number, header.queueCount - c.lastQueueCount);
            parentRoot = LoftSsz.headerRoot(header);
            leaves[i] = KeccakMerkle.hashPair(parentRoot, dataRoot);
            c.lastNumber = header.number;
            c.lastQueueCount = header.queueCount;
            c.lastTimestamp = uint40(header.timestamp); // <= block.timestamp, so it fits
        }
        BatchHeader calldata lastHeader = headers[count - 1];
        bytes32 batchesRoot = KeccakMerkle.root(leaves, COMMIT_DEPTH);
        uint64 commitIndex = commitState.count;
        uint64 firstBatch = headers[0].number;
        commitRecords[commitIndex] = CommitRecord({
            batchesRoot: batchesRoot,
            stateRoot: lastHeader.stateRoot,
            firstBatch: firstBatch,
            lastBatch: c.lastNumber,
            committedAt: uint64(block.timestamp),
            queueCount: c.lastQueueCount
        });
        commitState.count = commitIndex + 1;
        chain = c;
        lastBatchRoot = parentRoot;
        emit BatchesCommitted(
            commitIndex, firstBatch, c.lastNumber, batchesRoot, lastHeader.stateRoot, c.lastQueueCount
        );
    }

    /// @notice Pays Withdrawal{recipient, amount} at `index` of final batch `batchNumber`'s exits.
    ///         Anyone may submit it; the money only goes to `recipient`, once.
    /// @param batch the batch's commit, its dataRoot and its batch leaf's commit branch
    /// @param exitRoot the batch's exitRoot, proven by `headerBranch` (its 3 siblings in the header)
    /// @param branch the 16 siblings of the leaf in List[Withdrawal, 2^16], bottom-up
    /// @param length the number of withdrawals in the batch (mixed into exitRoot)
    function withdraw(
        uint64 batchNumber,
        CommitProof calldata batch,
        bytes32 exitRoot,
        bytes32[3] calldata headerBranch,
        uint256 index,
        address recipient,
        uint128 amount,
        uint256 length,
        bytes32[16] calldata branch
    ) external {
        _requireFinalExitRoot(batchNumber, batch, exitRoot, headerBranch);
        _requireIndexInList(index, length, EXIT_LIST_LIMIT);
        bytes32 leaf = LoftSsz.withdrawalLeaf(recipient, amount);
        if (LoftSsz.exitListRoot(leaf, index, length, branch) != exitRoot) revert InvalidWithdrawalProof();
        if (!_setBit(withdrawnBits[batchNumber], index)) revert AlreadyWithdrawn(batchNumber, index);
        emit Withdrawn(batchNumber, index, recipient, amount);
        _pay(recipient, amount);
    }

    /// @notice Freezes the rollup when the oldest queue message no committed batch processed has
    ///         waited longer than the inclusion window. The escape batch is the last batch of the
    ///         last final commit (`lastFinalBatch()`); its stateRoot comes from the commit record.
    function freeze() external {
        Chain memory c = chain;
        if (c.frozen) revert RollupFrozen();
        uint64 stale = c.lastQueueCount;
        if (stale >= c.queueLength) revert NoPendingQueueMessage();
        Commits memory cs = commitState;
        uint256 freezableAfter = uint256(queue[stale].timestamp) + cs.inclusionWindow;
        if (block.timestamp <= freezableAfter) revert InclusionWindowNotOver(stale, freezableAfter);
        _freeze(_lastFinalCommit(cs.count - 1, cs.challengeWindow), cs.count, stale);
    }

    /// @notice After a freeze, pays `account` its balance in the escape batch's state, once per
    ///         account index. Anyone may submit it; the money only goes to `account`.
    /// @param branch the 32 siblings of the leaf in List[Account, 2^32], bottom-up
    /// @param length the number of accounts in that state (mixed into its stateRoot)
    function escape(
        address account,
        uint128 balance,
        uint64 nonce,
        uint256 index,
        uint256 length,
        bytes32[32] calldata branch
    ) external {
        bytes32 stateRoot = _escapeStateRoot();
        if (stateRoot == bytes32(0)) revert RollupNotFrozen();
        _requireIndexInList(index, length, STATE_LIST_LIMIT);
        bytes32 leaf = LoftSsz.accountLeaf(account, balance, nonce);
        if (LoftSsz.stateListRoot(leaf, index, length, branch) != stateRoot) revert InvalidAccountProof();
        if (balance == 0) revert NothingToEscape(index);
        if (!_setBit(escapedBits, index)) revert AlreadyEscaped(index);
        emit Escaped(index, account, balance);
        _pay(account, balance);
    }

    /// @notice Commit `commitIndex`'s record; removed or never made commits revert UnknownCommit.
    function commits(uint256 commitIndex) external view returns (CommitRecord memory) {
        uint64 count = commitState.count;
        if (commitIndex >= count) revert UnknownCommit(uint64(commitIndex), count);
        return commitRecords[commitIndex];
    }

    /// @notice Commits in the chain, the genesis commit 0 included (fewer after a proven fraud).
    function commitCount() external view returns (uint64) {
        return commitState.count;
    }

    /// @notice The commit that carries batch `number` (binary search); UnknownBatch past the last.
    function commitOf(uint64 number) public view returns (uint64 low) {
        if (number > chain.lastNumber) revert UnknownBatch(number);
        uint64 high = commitState.count - 1;
        while (low < high) {
            uint64 mid = low + (high - low + 1) / 2;
            if (commitRecords[mid].firstBatch <= number) low = mid;
            else high = mid - 1;
        }
    }

    /// @notice The escape batch's stateRoot, from its commit record; zero while not frozen.
    function escapeStateRoot() external view returns (bytes32) {
        return _escapeStateRoot();
    }

    /// @notice The batch freeze() would fix as the escape batch now: the last batch of the last
    ///         final commit (the escape batch itself once frozen).
    function lastFinalBatch() external view returns (uint64) {
        EscapeHatch memory hatch = escapeHatch;
        if (hatch.frozen) return hatch.batch;
        Commits memory c = commitState;
        return commitRecords[_lastFinalCommit(c.count - 1, c.challengeWindow)].lastBatch;
    }

    /// @notice Whether batch `number`'s withdrawals can be paid now: its commit is final (or, once
    ///         frozen, it is at most the escape batch).
    function isFinal(uint64 number) external view returns (bool) {
        if (number > chain.lastNumber) return false;
        EscapeHatch memory hatch = escapeHatch;
        if (hatch.frozen) return number <= hatch.batch;
        uint64 commitIndex = commitOf(number);
        return commitIndex == 0
            || block.timestamp >= uint256(commitRecords[commitIndex].committedAt) + commitState.challengeWindow;
    }

    function challengeWindow() external view returns (uint64) {
        return commitState.challengeWindow;
    }

    function inclusionWindow() external view returns (uint64) {
        return commitState.inclusionWindow;
    }

    /// @notice The sequencer's bond held now (zero after a proven fraud).
    function bond() external view returns (uint256) {
        return bondState.amount;
    }

    function bondRequired() external view returns (uint256) {
        return bondState.required;
    }

    /// @notice The fraud-proof modules the fallback delegatecalls.
    function fraudModules() external view returns (FraudModules memory) {
        return FraudModules({stateTransition: stateTransitionModule, signature: signatureModule, roots: rootsModule});
    }

    /// @notice Whether exit `index` of batch `batchNumber` has been paid.
    function isWithdrawn(uint64 batchNumber, uint256 index) external view returns (bool) {
        return withdrawnBits[batchNumber][index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @notice Whether the account at `index` of the escape batch's state has escaped.
    function isEscaped(uint256 index) external view returns (bool) {
        return escapedBits[index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @dev The v1 per-header checks against the chain so far (protocol.md §5).
    function _checkHeader(BatchHeader calldata header, Chain memory c, bytes32 parentRoot) private view {
        if (header.number != c.lastNumber + 1) revert WrongBatchNumber(c.lastNumber + 1, header.number);
        if (header.parentRoot != parentRoot) revert WrongParentRoot(parentRoot, header.parentRoot);
        if (header.queueCount < c.lastQueueCount) revert QueueCountDecreased(c.lastQueueCount, header.queueCount);
        if (header.queueCount > c.queueLength) revert QueueCountPastQueue(c.queueLength, header.queueCount);
        if (header.timestamp > block.timestamp) revert TimestampInFuture(header.timestamp, block.timestamp);
        if (header.timestamp < c.lastTimestamp) revert TimestampBeforeParent(uint64(c.lastTimestamp), header.timestamp);
        if (header.stateRoot == bytes32(0) || header.exitRoot == bytes32(0)) revert ZeroRoot();
    }

    /// @dev Checks that batch `number` of commit `batch.commitIndex` is final and that `exitRoot`
    ///      is its header's exitRoot: header branch → batch root, then keccak256(batchRoot ‖
    ///      dataRoot) under the commit's batchesRoot.
    function _requireFinalExitRoot(
        uint64 number,
        CommitProof calldata batch,
        bytes32 exitRoot,
        bytes32[3] calldata headerBranch
    ) private view {
        uint64 commitIndex = batch.commitIndex;
        uint64 count = commitState.count;
        if (commitIndex >= count) revert UnknownCommit(commitIndex, count);
        CommitRecord storage record = commitRecords[commitIndex];
        uint64 first = record.firstBatch;
        if (number < first || number > record.lastBatch) revert BatchNotInCommit(number, first, record.lastBatch);
        EscapeHatch memory hatch = escapeHatch;
        if (hatch.frozen) {
            if (number > hatch.batch) revert BatchAfterEscapeBatch(number, hatch.batch);
        } else if (commitIndex != 0) {
            uint256 finalAt = uint256(record.committedAt) + commitState.challengeWindow;
            if (block.timestamp < finalAt) revert ChallengeWindowNotOver(number, finalAt);
        }
        bytes32 batchRoot = LoftSsz.headerRootFromField(exitRoot, LoftSsz.HEADER_EXIT_ROOT_INDEX, headerBranch);
        bytes32 leaf = KeccakMerkle.hashPair(batchRoot, batch.dataRoot);
        if (KeccakMerkle.rootFromCommitBranch(leaf, number - first, batch.branch) != record.batchesRoot) {
            revert InvalidBatchProof(commitIndex, number);
        }
    }

    function _requireIndexInList(uint256 index, uint256 length, uint256 limit) private pure {
        if (length > limit) revert ListLengthAboveLimit(length, limit);
        if (index >= length) revert IndexNotBelowLength(index, length);
    }
}
