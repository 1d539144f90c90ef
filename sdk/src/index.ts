/**
 * @loft/sdk: a TypeScript client for Loft nodes (docs in sdk/README.md).
 *
 * @example
 *   import { connect } from "@loft/sdk";
 *   const loft = await connect("ws://127.0.0.1:8547/ws");
 *   const tx = await loft.transfer(wallet, { to, amount: parseEther("0.1") });
 *   const sealed = await tx.wait("sealed");
 */
export { connect, LoftClient, type ConnectOptions, type SentQueueMessage, type SentTransaction, type TransferInput, type WaitOptions, type WithdrawInput } from "./loft-client.ts";
export { FeeTooLowError, L1RevertedError, LoftError, LoftRpcError, TransactionRejectedError, type LoftErrorCode } from "./errors.ts";
export { eip1193Signer, ethersSigner, toLoftSigner, type LoftSigner, type SignerInput, type TypedDataDomain } from "./signers.ts";
export { sendParamOf, transactionHashOf, typedDataOf, type LoftTransactionRequest, type TransferRequest, type WithdrawRequest } from "./transaction-requests.ts";
export { HttpTransport, type Transport } from "./transport.ts";
export { WebSocketTransport } from "./websocket-transport.ts";
export { ExplorerApi } from "./explorer-api.ts";
export { ROLLUP_L1_ABI } from "./rollup-l1.ts";
export { STATUS_ORDER, type LoftAccount, type LoftBatch, type LoftTransaction, type LoftWithdrawal, type TransactionStatus, type WaitableStatus } from "./views.ts";
export type { ClaimResult } from "./withdrawal-claim.ts";
