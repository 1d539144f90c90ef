/** Child process of the idle-pool test: recovers once and never closes the pool; it must still exit. */
import { SignaturePool } from "../../sequencer/signatures/signature-pool.ts";
import { separator, signedBatch } from "./signed-records.ts";

const pool = new SignaturePool({ separator, workers: 1 });
const { statuses } = await pool.recover(signedBatch(3).records, 3);
console.log(`recovered ${statuses.length}, pending ${pool.pendingTransactions}`);
