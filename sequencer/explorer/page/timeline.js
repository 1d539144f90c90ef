// A transaction's stage timeline: submitted (or, for a deposit / full exit, sent and queued on
// L1), sealed, committed on L1 (with a link to the L1 transaction), final (or "final in N s"
// while its challenge window runs), each with its time and the time since the previous stage.
// Times come from the API's `timeline` (docs/explorer-api.md); the submission time of a
// transaction this page sent is remembered in localStorage, since the node keeps it only while
// the transaction is pending.
import { batchLink, clock, duration, h, short } from "./dom.js";

const SUBMITTED_KEY = (hash) => `loft.submittedAt.${hash.toLowerCase()}`;

export function rememberSubmitted(hash, at = Date.now()) {
  try {
    localStorage.setItem(SUBMITTED_KEY(hash), String(at));
  } catch {} // storage may be disabled: the stage then shows no time
}

function remembered(hash) {
  try {
    const value = Number(localStorage.getItem(SUBMITTED_KEY(hash)));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

const L1_EXPLORERS = { 1: "https://etherscan.io", 11155111: "https://sepolia.etherscan.io", 17000: "https://holesky.etherscan.io", 560048: "https://hoodi.etherscan.io" };

/** The L1 transaction, linked to a public L1 explorer when the chain has one (a devnet has none). */
export function l1TxLink(hash, chainId) {
  const base = L1_EXPLORERS[chainId];
  return base ? h("a", { href: `${base}/tx/${hash}`, target: "_blank", rel: "noopener", "data-l1-tx": hash }, short(hash)) : h("code", { "data-l1-tx": hash, title: `L1 chain ${chainId}: no public explorer` }, short(hash));
}

/** The timeline element of explorer transaction `tx` at time `now` (Unix ms) on L1 chain `chainId`. */
export function stageTimeline(tx, now, chainId) {
  const t = tx.timeline ?? {};
  const submittedAt = t.submittedAt ?? (tx.hash ? remembered(tx.hash) : null);
  const queue = tx.type === "deposit" || tx.type === "fullExit";
  const stages = [];
  if (queue) stages.push({ name: "queued", label: "Queued on L1", at: submittedAt, done: true, detail: tx.l1TxHash ? ["by L1 transaction ", l1TxLink(tx.l1TxHash, chainId), ` (queue index ${tx.queueIndex}; L1 block time)`] : [`queue index ${tx.nonce}`] });
  else stages.push({ name: "submitted", label: "Submitted", at: submittedAt, done: true, detail: submittedAt ? [] : ["time not known to this node"] });
  if (tx.status === "rejected") {
    stages.push({ name: "rejected", label: "Rejected", at: null, done: true, bad: true, detail: [tx.error ?? "no reason given"] });
    return render(stages);
  }
  stages.push({ name: "sealed", label: "Sealed", at: t.sealedAt, done: t.sealedAt !== null && t.sealedAt !== undefined, detail: tx.batch !== undefined ? ["in batch ", batchLink(tx.batch), ", durable on disk"] : [queue ? "waiting for the sequencer to include it" : "in the mempool"] });
  stages.push({ name: "committed", label: "Committed on L1", at: t.committedAt, done: Boolean(t.committedAt), detail: t.l1TxHash ? ["L1 transaction ", l1TxLink(t.l1TxHash, chainId)] : ["not posted to L1 yet"] });
  const finalDetail = t.finalizedAt
    ? ["challenge window over: withdrawals can be claimed"]
    : t.finalAt
      ? [`final in ${duration(t.finalAt - now)}`, " (challenge window ", duration((t.challengeWindowSeconds ?? 0) * 1000), ")"]
      : [t.challengeWindowSeconds ? `final ${duration(t.challengeWindowSeconds * 1000)} after the commit` : "after the challenge window"];
  stages.push({ name: "final", label: "Final", at: t.finalizedAt, done: Boolean(t.finalizedAt), detail: finalDetail, eta: t.finalAt });
  return render(stages);
}

function render(stages) {
  let previous = null;
  const current = stages.findIndex((s) => !s.done);
  return h("ol", { class: "timeline", "aria-label": "Transaction stages" }, stages.map((stage, i) => {
    const state = stage.bad ? "bad" : stage.done ? "done" : i === current ? "current" : "todo";
    // no delta against an earlier stage's clock that is ahead of this one (an L1 block time may run ahead of the node's clock)
    const since = stage.at && previous && stage.at >= previous ? ` (+${duration(stage.at - previous)})` : "";
    if (stage.at) previous = stage.at;
    return h("li", { class: state, "data-stage": stage.name, "data-state": state },
      h("span", { class: "stage" }, stage.label),
      h("span", { class: "when" }, stage.at ? `${clock(stage.at)}${since}` : state === "done" || state === "bad" ? "" : "—"),
      h("span", { class: "detail" }, ...stage.detail));
  }));
}
