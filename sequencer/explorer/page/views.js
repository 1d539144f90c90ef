// The detail views: batch (with its L1 commit and posted chunk entries), transaction (with its
// stage timeline; an L1 deposit's or full exit's hash opens its queue message), account (with
// its history, paged by the API's cursor, and withdrawals, whose "claim on L1" panel shows the
// exact calldata once the batch's commit is final). Each returns an element; `data-static` marks
// one that no later batch can change (it is not fetched again on batch events).
import { accountLink, api, batchLink, eth, fields, h, short, statusBadge, txLink } from "./dom.js";
import { loftDomain } from "./node-calls.js";
import { l1TxLink, stageTimeline } from "./timeline.js";

const when = (ms) => (ms ? new Date(ms).toLocaleString() : undefined);

export async function batchView(number) {
  const [batch, page] = await Promise.all([api(`/api/batches/${number}`), api(`/api/batches/${number}/txs?limit=100`)]);
  return h("div", { "data-view": "batch", ...(batch.status === "finalized" ? { "data-static": "" } : {}) },
    h("h2", {}, `Batch #${batch.number} `, statusBadge(batch.status)),
    fields([
      ["Transactions", batch.txCount], ["Withdrawals", batch.withdrawalCount],
      ["Sealed", when(batch.sealedAt)], ["Committed", when(batch.committedAt)], ["Finalized", when(batch.finalizedAt)],
      ["L1 commit", batch.commit && commitLinks(batch.commit)], ["L1 transaction", batch.l1TxHash],
      ["Chunks", `${batch.chunkCount} (32 positions each)`],
      ["Data size", `${batch.sizes.compressedBytes} bytes posted, ${batch.sizes.rawBytes} raw SSZ`],
      ["Bytes per tx", batch.sizes.bytesPerTx], ["Batch root", batch.root], ["Parent root", batch.parentRoot],
      ["State root", batch.stateRoot], ["Tx root", batch.txRoot], ["Exit root", batch.exitRoot], ["Data hash", batch.dataHash],
      ["L1 queue count", batch.queueCount], ["Timestamp", new Date(batch.timestamp * 1000).toISOString()],
    ]),
    chunkTable(batch.chunks ?? []),
    transactionTable(page.transactions, batch.txCount > page.transactions.length ? `first ${page.transactions.length} of ${batch.txCount}` : ""),
  );
}

/** "#7: batches #20–#22 (3)": the commit that carries a batch, its batches linked. */
export function commitLinks(commit) {
  const range = commit.batches === 1 ? ["batch ", batchLink(commit.firstBatch)] : ["batches ", batchLink(commit.firstBatch), "–", batchLink(commit.lastBatch), ` (${commit.batches})`];
  return h("span", { "data-commit": commit.index }, `#${commit.index}: `, ...range);
}

const CHUNK_ROWS = 64;

/** The posted chunk entries: entry_c = sha256(stateRoot_c ‖ txSubtree_c) after each chunk of 32 positions. */
function chunkTable(chunks) {
  if (chunks.length === 0) return null;
  const note = chunks.length > CHUNK_ROWS ? `first ${CHUNK_ROWS} of ${chunks.length}` : "";
  return h("div", { class: "scroll chunks" },
    h("h3", {}, "Chunks as posted ", note && h("small", {}, note)),
    h("p", { class: "note" }, "Each entry commits to the state root and transactions after its chunk; a follower re-executes the chunk to check it, and a wrong one can be proven on L1."),
    h("table", {},
      h("thead", {}, h("tr", {}, ["Chunk", "Positions", "Bytes", "Entry"].map((t) => h("th", {}, t)))),
      h("tbody", {}, chunks.slice(0, CHUNK_ROWS).map((c) => h("tr", { "data-chunk": c.index },
        h("td", {}, c.index), h("td", {}, `${c.firstPosition}–${c.firstPosition + c.positions - 1}`), h("td", {}, c.bytes), h("td", {}, short(c.entry)))))));
}

export function transactionTable(transactions, note = "") {
  if (transactions.length === 0) return h("p", { class: "empty" }, "No transactions.");
  return h("div", { class: "scroll" },
    h("h3", {}, "Transactions ", note && h("small", {}, note)),
    h("table", {},
      h("thead", {}, h("tr", {}, ["Hash", "Type", "From", "To", "Amount", "Status"].map((t) => h("th", {}, t)))),
      h("tbody", {}, transactions.map(transactionRow))));
}

function transactionRow(tx) {
  return h("tr", {},
    h("td", {}, txLink(tx.hash)), h("td", {}, tx.type),
    h("td", {}, tx.from ? h("a", { href: `#/account/${tx.from}` }, short(tx.from)) : "L1"),
    h("td", {}, h("a", { href: `#/account/${tx.to ?? tx.recipient}` }, short(tx.to ?? tx.recipient))),
    h("td", {}, eth(tx.amount)), h("td", {}, statusBadge(tx.status)));
}

export async function transactionView(hash) {
  const [tx, domain] = await Promise.all([api(`/api/txs/${hash}`), loftDomain().catch(() => ({ chainId: 0 }))]);
  const final = tx.status === "finalized" || tx.status === "rejected";
  return h("div", { "data-view": "tx", "data-status": tx.status, ...(final ? { "data-static": "" } : {}) },
    h("h2", {}, tx.l1TxHash ? `${tx.type === "deposit" ? "Deposit" : "Full exit"} from L1 ` : "Transaction ", statusBadge(tx.status)),
    stageTimeline(tx, Date.now(), domain.chainId),
    fields([
      ["Hash", tx.hash ?? "known once the sequencer executes it (a full exit's amount is set then)"], ["Type", tx.type],
      ["L1 transaction", tx.l1TxHash && l1TxLink(tx.l1TxHash, domain.chainId)], ["L1 queue index", tx.queueIndex],
      ["From", tx.from && accountLink(tx.from)],
      [tx.type === "withdraw" ? "L1 recipient" : "To", accountLink(tx.to ?? tx.recipient)],
      ["Amount", tx.type === "fullExit" && tx.status === "queued" ? "the account's whole balance when it executes" : `${eth(tx.amount)} (${tx.amount} wei)`],
      ["Fee", `${tx.fee} wei`], ["Nonce", tx.l1TxHash ? undefined : tx.nonce],
      ["Batch", tx.batch !== undefined ? batchLink(tx.batch) : "not yet sealed"], ["Index in batch", tx.index],
      ["Error", tx.error],
      ["Proof (txRoot)", tx.proof && `${tx.proof.branch.length} siblings against ${tx.proof.txRoot}, leaf ${tx.proof.leaf}`],
    ]),
  );
}

const HISTORY_PAGE = 50;

export async function accountView(address) {
  const [account, history, withdrawals] = await Promise.all([
    api(`/api/accounts/${address}`), api(`/api/accounts/${address}/txs?limit=${HISTORY_PAGE}`), api(`/api/withdrawals/${address}?limit=50`),
  ]);
  return h("div", { "data-view": "account" },
    h("h2", {}, "Account"),
    fields([
      ["Address", account.address], ["Balance", `${eth(account.balance)} (${account.balance} wei)`], ["Nonce", account.nonce],
      ["Index", account.index ?? "not on L2 yet"],
      ["State root", `${account.stateRoot} (batch ${account.stateBatch})`],
      ["Proof", account.proof && `${account.proof.branch.length} siblings, list length ${account.proof.length}`],
      ["Escape hatch", h("a", { href: `#/escape/${account.address}` }, "escape proof and calldata (once frozen)")],
    ]),
    history.transactions.length === 0
      ? h("p", { class: "empty" }, account.index === null ? "No transactions: this address has never been credited on L2." : "No transactions yet.")
      : historyTable(address, history),
    withdrawalsPanel(withdrawals.withdrawals),
  );
}

/** The history, newest first, with "Load older" following the API's keyset cursor (next.before). */
function historyTable(address, first) {
  const rows = h("tbody", {});
  const more = h("div", { class: "more" });
  let shown = 0;
  const add = (page) => {
    rows.append(...page.transactions.map(transactionRow));
    shown += page.transactions.length;
    count.textContent = page.next ? `(latest ${shown})` : `(all ${shown})`;
    more.replaceChildren(...(page.next ? [h("button", { type: "button", "data-before": page.next.before, onclick: (event) => {
      event.target.disabled = true;
      element.dataset.paged = ""; // live refreshes leave a paged history alone (explorer.js)
      api(`/api/accounts/${address}/txs?limit=${HISTORY_PAGE}&before=${encodeURIComponent(page.next.before)}`).then(add, (error) => more.replaceChildren(h("p", { class: "error" }, error.message)));
    } }, "Load older")] : []));
  };
  const count = h("small", {});
  const element = h("div", { class: "scroll history" }, h("h3", {}, "Transactions ", count),
    h("table", {}, h("thead", {}, h("tr", {}, ["Hash", "Type", "From", "To", "Amount", "Status"].map((t) => h("th", {}, t)))), rows), more);
  add(first);
  return element;
}

function withdrawalsPanel(withdrawals) {
  if (withdrawals.length === 0) return null;
  return h("div", { class: "claims" },
    h("h3", {}, "Withdrawals to this L1 address"),
    withdrawals.map((w) => h("div", { class: "claim", "data-claimable": String(w.claimable) },
      fields([
        ["Amount", eth(w.amount)], ["Batch", batchLink(w.batch)], ["Exit index", w.index], ["Status", statusBadge(w.status)],
        ["L1 commit", w.commit === null || w.commit === undefined ? undefined : `#${w.commit}`],
        ["Claim on L1", w.claimed ? `claimed on L1 in ${w.claimed.l1TxHash}` : w.claimable ? "send this transaction from any L1 account; the recipient is paid once" : "available once the batch's commit is final (challenge window over)"],
        ["Contract", w.claim?.to], ["Value", w.claim && "0"],
      ]),
      w.claim && h("textarea", { readonly: true, "aria-label": "withdraw calldata" }, w.claim.data),
      w.claim && h("button", { type: "button", onclick: () => navigator.clipboard?.writeText(w.claim.data) }, "Copy calldata"))));
}

/** A failed view: a 404 is static (not fetched again on every batch event; "Retry" does). */
export function errorView(error, retry) {
  const notFound = error.status === 404;
  return h("div", { "data-view": notFound ? "not-found" : "error", ...(notFound ? { "data-static": "" } : {}) },
    h("p", { class: "error" }, notFound ? `Not found: ${error.message}` : error.message),
    retry && h("button", { type: "button", onclick: retry }, "Retry"));
}
