/**
 * Batch 0 (docs/protocol.md): the genesis header the Rollup contract stores at deployment, whose
 * root is batch 1's parentRoot.
 */
import { ExitList, TxList, type BatchHeader } from "../protocol/ssz-types.ts";

export function genesisHeader(genesisStateRoot: Uint8Array): BatchHeader {
  return {
    number: 0,
    parentRoot: new Uint8Array(32),
    stateRoot: genesisStateRoot,
    txRoot: TxList.hashTreeRoot([]),
    exitRoot: ExitList.hashTreeRoot([]),
    queueCount: 0,
    timestamp: 0,
    dataHash: new Uint8Array(32),
  };
}
