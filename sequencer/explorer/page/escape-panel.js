// The escape hatch on the page (docs/explorer-api.md "Escape"): once the rollup is frozen,
// #/escape/deposits lists every deposit no final batch processed with its reclaimDeposit
// transaction, and #/escape/ADDR shows an account's balance in the escape batch's state, its
// proof and its escape transaction (or where it was already paid on L1), and its own deposits.
import { api, batchLink, eth, fields, h, short } from "./dom.js";

const copyable = (label, data) => [
  h("textarea", { readonly: true, "aria-label": label }, data),
  h("button", { type: "button", onclick: () => navigator.clipboard?.writeText(data) }, "Copy calldata"),
];

const paidOn = (paid) => (paid.l1TxHash ? `already paid on L1 in ${short(paid.l1TxHash)}` : "already paid on L1");

function hatchFields(e) {
  return fields([
    ["Rollup", e.frozen ? "frozen: escape is open" : "not frozen: escape opens once a fraud is proven or freeze() is called after the inclusion window"],
    ["Escape batch", e.frozen ? batchLink(e.escapeBatch) : undefined],
    ["Escape state root", e.escapeStateRoot ?? undefined],
    ["Queue messages processed", e.escapeQueueCount ?? undefined],
  ]);
}

function depositPanel(d) {
  return h("div", { class: "claim", "data-queue-index": d.queueIndex, "data-reclaimed": String(Boolean(d.reclaimed)) },
    fields([
      ["Deposit", `#${d.queueIndex}: ${eth(d.amount)} from ${d.depositor} to ${d.to}`],
      ["Reclaim on L1", d.reclaimed ? paidOn(d.reclaimed) : "send this transaction from any L1 account; the depositor is paid once"],
      ["Contract", d.reclaim?.to], ["Value", d.reclaim && "0"],
    ]),
    ...(d.reclaim ? copyable("reclaimDeposit calldata", d.reclaim.data) : []));
}

function depositsPanel(deposits, title) {
  return h("div", { class: "claims" }, h("h3", {}, title),
    deposits.length === 0 ? h("p", {}, "none") : deposits.map(depositPanel));
}

function accountPanel(e) {
  const a = e.account;
  return h("div", { class: "claim", "data-escaped": String(Boolean(e.escaped)), "data-escapable": String(Boolean(e.escape)) },
    fields([
      ["Address", e.address],
      ["Balance in the escape state", a ? `${eth(a.balance)} (${a.balance} wei)` : "no account in this state"],
      ["Account index", a?.index], ["Proof", a && `${a.proof.branch.length} siblings against ${short(e.stateRoot)}, list length ${a.proof.length}`],
      ["Escape on L1", e.escaped ? paidOn(e.escaped) : e.escape ? "send this transaction from any L1 account; the account is paid once" : e.frozen ? "nothing to escape" : "available once the rollup is frozen"],
      ["Contract", e.escape?.to], ["Value", e.escape && "0"],
    ]),
    ...(e.escape ? copyable("escape calldata", e.escape.data) : []));
}

/** #/escape/deposits or #/escape/ADDRESS */
export async function escapeView(value) {
  if (value === "deposits") {
    const e = await api("/api/escape?limit=500");
    return h("div", { "data-view": "escape" }, h("h2", {}, "Escape hatch"), hatchFields(e),
      depositsPanel(e.deposits, `Deposits no final batch processed (${e.depositCount ?? 0})`));
  }
  const e = await api(`/api/escape/${value}`);
  return h("div", { "data-view": "escape" }, h("h2", {}, "Escape"), hatchFields(e), accountPanel(e),
    e.frozen ? depositsPanel(e.deposits, "This address's deposits no final batch processed") : null);
}
