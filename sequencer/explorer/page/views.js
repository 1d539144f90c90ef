// The detail views: batch (with its L1 commit and posted chunk entries), transaction, account
// (with history and withdrawals, whose "claim on L1" panel shows the exact calldata once the
// batch's commit is final). Each returns an element.
import { accountLink, api, batchLink, eth, fields, h, short, statusBadge, txLink } from "./dom.js";

const when = (ms) => (ms ? new Date(ms).toLocaleString() : undefined);

export async function batchView(number) {
  const [batch, page] = await Promise.all([api(`/api/batches/${number}`), api(`/api/batches/${number}/txs?limit=100`)]);
  return h("div", { "data-view": "batch" },
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
  if (transactions.length === 0) return h("p", {}, "No transactions.");
  return h("div", { class: "scroll" },
    h("h3", {}, "Transactions ", note && h("small", {}, note)),
    h("table", {},
      h("thead", {}, h("tr", {}, ["Hash", "Type", "From", "To", "Amount", "Status"].map((t) => h("th", {}, t)))),
      h("tbody", {}, transactions.map((tx) => h("tr", {},
        h("td", {}, txLink(tx.hash)), h("td", {}, tx.type),
        h("td", {}, tx.from ? h("a", { href: `#/account/${tx.from}` }, short(tx.from)) : "L1"),
        h("td", {}, h("a", { href: `#/account/${tx.to ?? tx.recipient}` }, short(tx.to ?? tx.recipient))),
        h("td", {}, eth(tx.amount)), h("td", {}, statusBadge(tx.status)))))));
}

export async function transactionView(hash) {
  const tx = await api(`/api/txs/${hash}`);
  return h("div", { "data-view": "tx", "data-status": tx.status },
    h("h2", {}, "Transaction ", statusBadge(tx.status)),
    fields([
      ["Hash", tx.hash], ["Type", tx.type], ["From", tx.from && accountLink(tx.from)],
      [tx.type === "withdraw" ? "L1 recipient" : "To", accountLink(tx.to ?? tx.recipient)],
      ["Amount", `${eth(tx.amount)} (${tx.amount} wei)`], ["Fee", `${tx.fee} wei`], ["Nonce", tx.nonce],
      ["Batch", tx.batch !== undefined ? batchLink(tx.batch) : "not yet sealed"], ["Index in batch", tx.index],
      ["Error", tx.error],
      ["Proof (txRoot)", tx.proof && `${tx.proof.branch.length} siblings against ${tx.proof.txRoot}, leaf ${tx.proof.leaf}`],
    ]),
  );
}

export async function accountView(address) {
  const [account, history, withdrawals] = await Promise.all([
    api(`/api/accounts/${address}`), api(`/api/accounts/${address}/txs?limit=50`), api(`/api/withdrawals/${address}?limit=50`),
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
    transactionTable(history.transactions, "(latest 50)"),
    withdrawalsPanel(withdrawals.withdrawals),
  );
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

export function errorView(error) {
  return h("p", { class: "error" }, error.status === 404 ? `Not found: ${error.message}` : error.message);
}
