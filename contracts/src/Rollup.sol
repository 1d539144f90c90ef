// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {L1Queue} from "./L1Queue.sol";
import {BatchHeader, LoftSsz} from "./lib/LoftSsz.sol";

/// @title Rollup
/// @notice Loft's L1 contract (protocol.md §5): the L1 queue, batch commitments by the sequencer,
///         withdrawals proven against final batches' exit roots, and the escape hatch (freeze,
///         escape, reclaim) when the sequencer stops processing the queue.
/// @dev Per batch only its SSZ root and (commit time, queueCount) are stored; withdraw and escape
///      prove the exitRoot / stateRoot they use against that root with a 3-sibling header branch.
contract Rollup is L1Queue {
    uint256 internal constant EXIT_LIST_LIMIT = 1 << 16;
    uint256 internal constant STATE_LIST_LIMIT = 1 << 32;

    address public immutable sequencer;
    uint64 public immutable challengeWindow;
    uint64 public immutable inclusionWindow;

    event BatchCommitted(
        uint64 indexed number, bytes32 root, bytes32 stateRoot, bytes32 exitRoot, uint64 queueCount
    );
    event Withdrawn(uint64 indexed batchNumber, uint256 index, address indexed recipient, uint128 amount);
    event Frozen(uint64 escapeBatch, uint64 escapeQueueCount, uint64 staleQueueIndex);
    event Escaped(uint256 indexed index, address indexed account, uint128 balance);

    error ZeroSequencer();
    error ZeroWindow();
    error ZeroRoot();
    error NotSequencer(address caller);
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
    error InvalidHeaderProof();
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
    /// @param challengeWindow_ seconds from a commit until its batch is final
    /// @param inclusionWindow_ seconds a queue message may wait before anyone may freeze the rollup
    /// @dev msg.value backs the genesis L2 balances, so the contract never owes more than it holds.
    constructor(address sequencer_, bytes32 genesisStateRoot, uint64 challengeWindow_, uint64 inclusionWindow_)
        payable
    {
        if (sequencer_ == address(0)) revert ZeroSequencer();
        if (genesisStateRoot == bytes32(0)) revert ZeroRoot();
        if (challengeWindow_ == 0 || inclusionWindow_ == 0) revert ZeroWindow();
        sequencer = sequencer_;
        challengeWindow = challengeWindow_;
        inclusionWindow = inclusionWindow_;
        bytes32 root = LoftSsz.genesisHeaderRoot(genesisStateRoot);
        batches[0] = BatchRecord({root: root, committedAt: 0, queueCount: 0});
        emit BatchCommitted(0, root, genesisStateRoot, LoftSsz.emptyListRoot(LoftSsz.EXIT_DEPTH), 0);
    }

    /// @notice Commits batch `header.number` (sequencer only). `data` is the batch's compressed
    ///         transactions, posted as calldata; only its keccak256 is checked and nothing of it stored.
    function commitBatch(BatchHeader calldata header, bytes calldata data) external {
        if (msg.sender != sequencer) revert NotSequencer(msg.sender);
        Chain memory c = chain;
        if (c.frozen) revert RollupFrozen();
        if (header.number != c.lastNumber + 1) revert WrongBatchNumber(c.lastNumber + 1, header.number);
        bytes32 parent = batches[c.lastNumber].root;
        if (header.parentRoot != parent) revert WrongParentRoot(parent, header.parentRoot);
        if (header.queueCount < c.lastQueueCount) revert QueueCountDecreased(c.lastQueueCount, header.queueCount);
        if (header.queueCount > c.queueLength) revert QueueCountPastQueue(c.queueLength, header.queueCount);
        if (header.timestamp > block.timestamp) revert TimestampInFuture(header.timestamp, block.timestamp);
        if (header.timestamp < c.lastTimestamp) revert TimestampBeforeParent(uint64(c.lastTimestamp), header.timestamp);
        if (header.stateRoot == bytes32(0) || header.exitRoot == bytes32(0)) revert ZeroRoot();
        bytes32 dataHash = keccak256(data);
        if (dataHash != header.dataHash) revert DataHashMismatch(header.dataHash, dataHash);

        bytes32 root = LoftSsz.headerRoot(header);
        batches[header.number] =
            BatchRecord({root: root, committedAt: uint64(block.timestamp), queueCount: header.queueCount});
        chain = Chain({
            lastNumber: header.number,
            lastQueueCount: header.queueCount,
            queueLength: c.queueLength,
            lastTimestamp: uint40(header.timestamp), // <= block.timestamp, so it fits
            frozen: false
        });
        emit BatchCommitted(header.number, root, header.stateRoot, header.exitRoot, header.queueCount);
    }

    /// @notice Pays Withdrawal{recipient, amount} at `index` of final batch `batchNumber`'s exits.
    ///         Anyone may submit it; the money only goes to `recipient`, once.
    /// @param exitRoot the batch's exitRoot, proven by `headerBranch` (its 3 siblings in the header)
    /// @param branch the 16 siblings of the leaf in List[Withdrawal, 2^16], bottom-up
    /// @param length the number of withdrawals in the batch (mixed into exitRoot)
    function withdraw(
        uint64 batchNumber,
        bytes32 exitRoot,
        bytes32[3] calldata headerBranch,
        uint256 index,
        address recipient,
        uint128 amount,
        uint256 length,
        bytes32[16] calldata branch
    ) external {
        _requireFinalRoot(batchNumber, exitRoot, LoftSsz.HEADER_EXIT_ROOT_INDEX, headerBranch);
        _requireIndexInList(index, length, EXIT_LIST_LIMIT);
        bytes32 leaf = LoftSsz.withdrawalLeaf(recipient, amount);
        if (LoftSsz.exitListRoot(leaf, index, length, branch) != exitRoot) revert InvalidWithdrawalProof();
        if (!_setBit(withdrawnBits[batchNumber], index)) revert AlreadyWithdrawn(batchNumber, index);
        emit Withdrawn(batchNumber, index, recipient, amount);
        _pay(recipient, amount);
    }

    /// @notice Freezes the rollup when the oldest queue message no committed batch processed has
    ///         waited longer than the inclusion window. Fixes the escape batch, the last batch final
    ///         now (`lastFinalBatch()`), whose stateRoot the caller proves with its 3 header siblings
    ///         (chunk 2) so that every escape afterwards reads it from one slot.
    function freeze(bytes32 stateRoot, bytes32[3] calldata headerBranch) external {
        Chain memory c = chain;
        if (c.frozen) revert RollupFrozen();
        uint64 stale = c.lastQueueCount;
        if (stale >= c.queueLength) revert NoPendingQueueMessage();
        uint256 freezableAfter = uint256(queue[stale].timestamp) + inclusionWindow;
        if (block.timestamp <= freezableAfter) revert InclusionWindowNotOver(stale, freezableAfter);

        uint64 escapeBatch = _lastFinalBatch(c.lastNumber);
        BatchRecord memory b = batches[escapeBatch];
        bytes32 root = LoftSsz.headerRootFromField(stateRoot, LoftSsz.HEADER_STATE_ROOT_INDEX, headerBranch);
        if (root != b.root) revert InvalidHeaderProof();
        escapeHatch = EscapeHatch({
            frozen: true, batch: escapeBatch, queueCount: b.queueCount, frozenAt: uint64(block.timestamp)
        });
        escapeStateRoot = stateRoot; // never zero: commits and the genesis refuse a zero stateRoot
        chain.frozen = true;
        emit Frozen(escapeBatch, b.queueCount, stale);
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
        bytes32 stateRoot = escapeStateRoot;
        if (stateRoot == bytes32(0)) revert RollupNotFrozen();
        _requireIndexInList(index, length, STATE_LIST_LIMIT);
        bytes32 leaf = LoftSsz.accountLeaf(account, balance, nonce);
        if (LoftSsz.stateListRoot(leaf, index, length, branch) != stateRoot) revert InvalidAccountProof();
        if (balance == 0) revert NothingToEscape(index);
        if (!_setBit(escapedBits, index)) revert AlreadyEscaped(index);
        emit Escaped(index, account, balance);
        _pay(account, balance);
    }

    /// @notice The batch freeze() would fix as the escape batch now: the last final one.
    function lastFinalBatch() external view returns (uint64) {
        EscapeHatch memory hatch = escapeHatch;
        return hatch.frozen ? hatch.batch : _lastFinalBatch(chain.lastNumber);
    }

    /// @notice Whether batch `number`'s withdrawals can be paid now.
    function isFinal(uint64 number) external view returns (bool) {
        BatchRecord memory b = batches[number];
        if (b.root == bytes32(0)) return false;
        EscapeHatch memory hatch = escapeHatch;
        if (hatch.frozen) return number <= hatch.batch;
        return number == 0 || block.timestamp >= uint256(b.committedAt) + challengeWindow;
    }

    /// @notice Whether exit `index` of batch `batchNumber` has been paid.
    function isWithdrawn(uint64 batchNumber, uint256 index) external view returns (bool) {
        return withdrawnBits[batchNumber][index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @notice Whether the account at `index` of the escape batch's state has escaped.
    function isEscaped(uint256 index) external view returns (bool) {
        return escapedBits[index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @dev Checks that batch `number` is final and that `value` is its header chunk `chunkIndex`.
    function _requireFinalRoot(uint64 number, bytes32 value, uint256 chunkIndex, bytes32[3] calldata headerBranch)
        private
        view
    {
        BatchRecord storage b = batches[number];
        bytes32 root = b.root;
        if (root == bytes32(0)) revert UnknownBatch(number);
        EscapeHatch memory hatch = escapeHatch;
        if (hatch.frozen) {
            if (number > hatch.batch) revert BatchAfterEscapeBatch(number, hatch.batch);
        } else if (number != 0) {
            uint256 finalAt = uint256(b.committedAt) + challengeWindow;
            if (block.timestamp < finalAt) revert ChallengeWindowNotOver(number, finalAt);
        }
        if (LoftSsz.headerRootFromField(value, chunkIndex, headerBranch) != root) revert InvalidHeaderProof();
    }

    function _requireIndexInList(uint256 index, uint256 length, uint256 limit) private pure {
        if (length > limit) revert ListLengthAboveLimit(length, limit);
        if (index >= length) revert IndexNotBelowLength(index, length);
    }

    /// @dev The highest batch number <= last whose challenge window is over (batch 0 always is).
    ///      Commit times never decrease with the number, so a binary search finds it.
    function _lastFinalBatch(uint64 last) private view returns (uint64 low) {
        uint64 high = last;
        while (low < high) {
            uint64 mid = low + (high - low + 1) / 2;
            if (block.timestamp >= uint256(batches[mid].committedAt) + challengeWindow) low = mid;
            else high = mid - 1;
        }
    }
}
