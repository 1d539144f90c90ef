// The Loft explorer page: stats, a live chart and batch list fed by the node's WebSocket
// `newBatches` subscription, hash-routed detail views (#/batch/N, #/tx/HASH, #/account/ADDR)
// and a search box. The open view is refreshed on every batch event, so statuses move live.
// A follower's stats add a frozen banner (a fraud proof froze the rollup) and its challenger.
import { LiveChart } from "./chart.js";
import { age, api, batchLink, eth, h, statusBadge } from "./dom.js";
import { challengerSummary, frozenBanner } from "./follower-status.js";
import { escapeView } from "./escape-panel.js";
import { accountView, batchView, errorView, transactionView } from "./views.js";
import { walletPanel } from "./wallet.js";

const $ = (id) => document.getElementById(id);
const chart = new LiveChart($("chart"));
const wallet = walletPanel($("wallet"), { open: (hash) => (location.hash === hash ? void renderView(true) : (location.hash = hash)) });
const batches = new Map(); // number → batch summary row data

function route() {
  const [, kind, value] = location.hash.match(/^#\/(batch|tx|account|escape)\/(.+)$/) ?? [];
  return kind ? { kind, value: decodeURIComponent(value) } : undefined;
}

/**
 * Renders the view the URL names; a refresh replaces it only once the new one is ready, keeps the
 * tables' horizontal scroll, and skips a static view (not found, finalized: no batch changes it).
 * A navigation (search, link, wallet) brings the view into sight, e.g. below the stats on a phone.
 */
let rendering = 0;
let navigating = 0; // the ticket of a navigation still loading: a refresh never cancels it
async function renderView(navigation = false) {
  const view = $("view");
  if (!navigation && (navigating || view.querySelector("[data-static]"))) return;
  const ticket = ++rendering;
  if (navigation) navigating = ticket;
  const target = route();
  const build = target && { batch: batchView, tx: transactionView, account: accountView, escape: escapeView }[target.kind];
  const element = build && (await build(target.value).catch((error) => errorView(error, () => void renderView(true))));
  if (navigating === ticket) navigating = 0;
  if (ticket !== rendering) return;
  if (!element) return void view.replaceChildren();
  const scrolled = [...view.querySelectorAll(".scroll")].map((el) => el.scrollLeft);
  if (!navigation && view.querySelector("[data-paged]")) return; // the user loaded older history: keep it until the next navigation
  view.replaceChildren(element);
  if (navigation) {
    const top = view.getBoundingClientRect().top;
    if (top < 0 || top > innerHeight * 0.4) view.scrollIntoView({ block: "start" });
  } else {
    view.querySelectorAll(".scroll").forEach((el, i) => (el.scrollLeft = scrolled[i] ?? 0));
  }
}

/** A search: the view it names, or a message beside the search box that stays until the next search. */
function search(query) {
  const q = query.trim();
  const next = /^0x[0-9a-fA-F]{64}$/.test(q) ? `#/tx/${q.toLowerCase()}`
    : /^0x[0-9a-fA-F]{40}$/.test(q) ? `#/account/${q}`
    : /^#?[0-9]{1,15}$/.test(q) ? `#/batch/${Number(q.replace("#", ""))}` : undefined;
  $("search-error").textContent = next ? "" : "Enter a transaction hash (L2, or the L1 hash of a deposit), an address (0x + 40 hex) or a batch number.";
  if (!next) return;
  if (location.hash === next) void renderView(true);
  else location.hash = next;
}

const card = (label, value) => h("div", { class: "card" }, h("div", { class: "label" }, label), h("div", { class: "value" }, value));

let statsPending = false;
async function refreshStats() {
  if (statsPending) return;
  statsPending = true;
  try {
    const s = await api("/api/stats");
    $("stats").replaceChildren(...[
      card("TPS (10 s)", s.tps.last10s), card("TPS (1 min)", s.tps.last1m), card("Batches", s.batches.toLocaleString("en-US")),
      card("Transactions", s.transactions.toLocaleString("en-US")), card("Accounts", s.accounts.toLocaleString("en-US")),
      card("Mempool", s.mempool.size), card("Latest sealed", s.latest.sealed ?? "—"), card("Committed on L1", s.latest.committed ?? "—"),
      card("Finalized", s.latest.finalized ?? "—"), card("L1 posting lag", `${s.l1.postingLagBatches} batches / ${s.l1.postingLagSeconds} s`),
      card("Latest L1 commit", s.commits?.latest ?? "—"),
      card("Sequencer L1 balance", eth(s.l1.sequencerBalance)),
      s.follower && card("Verified (follower)", s.follower.verifiedBatch),
      s.follower?.challenger && card("Challenger", challengerSummary(s.follower.challenger)),
    ].filter(Boolean));
    const banner = frozenBanner(s.frozen ?? s.follower?.frozen); // the sequencer's own, or a follower's
    $("frozen").replaceChildren(...(banner ? [banner] : []));
    $("frozen").hidden = !banner;
    chart.load(s.recent, s.now);
  } catch (error) {
    $("stats").replaceChildren(card("Stats", `unavailable: ${error.message}`));
  } finally {
    statsPending = false;
  }
}

function renderBatches() {
  const rows = [...batches.values()].sort((a, b) => b.number - a.number).slice(0, 20);
  if (rows.length === 0) {
    return void $("batches").tBodies[0].replaceChildren(h("tr", { class: "empty" }, h("td", { colspan: 6 }, "No batches yet: the first is sealed as soon as a transaction or an L1 deposit arrives.")));
  }
  $("batches").tBodies[0].replaceChildren(...rows.map((b) => h("tr", { "data-batch": b.number },
    h("td", {}, batchLink(b.number)), h("td", {}, statusBadge(b.status)), h("td", {}, b.commit ? `#${b.commit.index}` : "—"), h("td", {}, b.txCount),
    h("td", {}, b.sizes?.bytesPerTx ?? "—"), h("td", {}, b.sealedAt ? age(b.sealedAt) : "just now"))));
}

/** A `newBatches` event (JSON-RPC view: 0x-quantities) merged into the list. */
function onBatchEvent(view) {
  const number = Number(view.number);
  const known = batches.get(number) ?? { sealedAt: Date.now() };
  batches.set(number, { ...known, number, status: view.status, txCount: Number(view.txCount) });
  for (const old of [...batches.keys()].sort((a, b) => a - b).slice(0, Math.max(0, batches.size - 50))) batches.delete(old);
  renderBatches();
}

let refreshTimer;
function scheduleRefresh() {
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    void refreshStats();
    void loadBatches().catch(() => {}); // sizes and sealing times of the new batches
    if (document.activeElement?.tagName !== "TEXTAREA") void renderView(); // not while the user selects calldata
    void wallet.refresh();
  }, 250);
}

let connected = false;
function connect(attempt = 0) {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  socket.addEventListener("open", () => {
    attempt = 0;
    $("live").textContent = "live";
    $("live").classList.add("on");
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "loft_subscribe", params: ["newBatches"] }));
    if (connected) scheduleRefresh(); // a reconnect: catch up on what happened meanwhile
    connected = true;
  });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.method !== "eth_subscription") return;
    onBatchEvent(message.params.result);
    scheduleRefresh();
  });
  socket.addEventListener("close", () => {
    $("live").textContent = "reconnecting…";
    $("live").classList.remove("on");
    setTimeout(() => connect(attempt + 1), Math.min(10_000, 500 * 2 ** attempt));
  });
}

async function loadBatches() {
  const { batches: list } = await api("/api/batches?limit=20");
  for (const b of list) batches.set(b.number, b);
  renderBatches();
}

$("search").addEventListener("submit", (event) => {
  event.preventDefault();
  search($("search-input").value);
});
addEventListener("hashchange", () => {
  $("search-error").textContent = "";
  void renderView(true);
});
setInterval(() => {
  void refreshStats();
  renderBatches();
  const status = $("view").querySelector("[data-view=tx]")?.dataset.status;
  // a transaction on its way: also poll (a missed batch event; the "final in N s" countdown)
  if (["queued", "accepted", "sealed", "committed"].includes(status)) void renderView();
}, 3_000);
connect();
void refreshStats();
void loadBatches().catch(() => {});
void renderView(true);
