// What a follower reports in /api/stats (docs/explorer-api.md): the banner shown once a fraud
// proof on L1 froze the rollup (docs/fraud-proofs.md §4), and its challenger's latest proof.
// Everything but `frozen.provenBatch` and `frozen.kind` may be missing; nothing is assumed.
import { batchLink, h, short } from "./dom.js";

/** The frozen banner's content, or null while the rollup is not known to be frozen. */
export function frozenBanner(frozen) {
  if (!frozen) return null;
  if (frozen.cause === "inclusion") return inclusionBanner(frozen);
  const kind = frozen.kindName ? `${frozen.kindName}, kind ${frozen.kind}` : `kind ${frozen.kind}`;
  return h("div", { "data-frozen-batch": frozen.provenBatch, "data-frozen-kind": frozen.kind },
    h("strong", {}, "Rollup frozen by a fraud proof. "),
    "Batch ", batchLink(frozen.provenBatch), ` was proven wrong on L1 (${kind})`,
    frozen.l1TxHash ? ` in ${short(frozen.l1TxHash)}` : "", ". ",
    frozen.removedCommit !== undefined ? `Commit #${frozen.removedCommit} (from batch #${frozen.removedFromBatch}) and every later one are removed from L1. ` : "",
    "No batch can be committed any more; accounts exit with escape from the last final state",
    frozen.escapeBatch !== undefined ? [" (batch ", batchLink(frozen.escapeBatch), "). "] : ". ", escapeLinks());
}

/** Links to the escape views (escape-panel.js): search an address for its own. */
const escapeLinks = () => h("span", {}, "Every deposit no final batch processed is reclaimable: ", h("a", { href: "#/escape/deposits" }, "deposits to reclaim"),
  "; an account's escape: search its address, then open its escape.");

/** freeze() after a queue message waited past the inclusion window (protocol.md §5): nothing removed. */
function inclusionBanner(frozen) {
  return h("div", { "data-frozen-batch": frozen.escapeBatch, "data-frozen-cause": "inclusion" },
    h("strong", {}, "Rollup frozen: escape is open. "),
    `L1 queue message ${frozen.staleQueueIndex ?? "?"} waited past the inclusion window and freeze() was called`,
    frozen.l1TxHash ? ` in ${short(frozen.l1TxHash)}` : "", ". No batch can be committed any more; every account escapes with its balance in the escape batch ",
    batchLink(frozen.escapeBatch), ". ", escapeLinks());
}

/** "2 proofs, last: proven (StateRoot, batch 21)" for the challenger card. */
export function challengerSummary(challenger) {
  const proofs = Array.isArray(challenger?.proofs) ? challenger.proofs : [];
  const last = proofs[proofs.length - 1];
  if (!last) return challenger?.lastError ? `no proof yet; ${challenger.lastError}` : "watching, no proof sent";
  const detail = [last.kind, last.batch !== undefined ? `batch ${last.batch}` : undefined].filter(Boolean).join(", ");
  return `${proofs.length} proof${proofs.length === 1 ? "" : "s"}, last: ${last.status ?? "?"}${detail ? ` (${detail})` : ""}`;
}
