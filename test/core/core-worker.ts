/** Worker side of loader.test.ts: loads the core inside a worker thread and answers one request. */
import { parentPort, workerData } from "node:worker_threads";
import { loadCore } from "../../sequencer/core/index.ts";

const core = await loadCore();
const data = workerData as { message: Uint8Array; accounts: Uint8Array };
core.state.load(data.accounts);
parentPort!.postMessage({ keccak: core.hashing.keccak256(data.message), stateRoot: core.state.root() });
