// The wallet panel: connect an EIP-1193 wallet (MetaMask) on the rollup's L1, see the L2 balance
// and nonce, send a transfer or a withdrawal (EIP-712 typed data signed in the wallet, sent to
// this node), deposit from L1 and claim final withdrawals on L1 (sent by the wallet to the
// Rollup). A transaction sent here opens its page (#/tx/…) with the stage timeline. `refresh()`
// updates balances and claims on every batch event without touching what the user typed.
import { api, batchLink, eth, fields, h, parseEth, statusBadge } from "./dom.js";
import { depositCalldata, estimateFee, isWithdrawnCalldata, loftDomain, nodeCall, sendL1, signAndSend, walletCall } from "./node-calls.js";
import { rememberSubmitted } from "./timeline.js";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function walletPanel(root, { open }) {
  let provider;
  let account;
  let chainOk = false;
  const status = h("p", { class: "wallet-status", role: "status", "aria-live": "polite" });
  const summary = h("div", { class: "wallet-account" });
  const claims = h("div", { class: "wallet-claims" });
  const forms = h("div", { class: "wallet-forms", hidden: true });
  const say = (text, kind = "") => {
    status.className = `wallet-status ${kind}`;
    status.textContent = text;
  };
  const busy = async (label, action) => {
    say(`${label}…`);
    for (const button of forms.querySelectorAll("button")) button.disabled = true;
    try {
      await action();
    } catch (error) {
      say(`${label} failed: ${error.message}`, "error");
    } finally {
      for (const button of forms.querySelectorAll("button")) button.disabled = !chainOk;
    }
  };

  async function connectWallet() {
    provider = window.ethereum;
    if (!provider?.request) return say("No EIP-1193 wallet found: install MetaMask (or another browser wallet) and reload.", "error");
    await busy("Connecting", async () => {
      [account] = await walletCall(provider, "eth_requestAccounts");
      if (!account) throw new Error("the wallet shared no account");
      provider.on?.("accountsChanged", (accounts) => ([account] = accounts, refresh()));
      provider.on?.("chainChanged", () => refresh());
      forms.hidden = false;
      connectButton.hidden = true;
      await refresh();
      if (chainOk) say("Connected.");
    });
  }

  async function refresh() {
    if (!account) return;
    const [d, chainHex, l2] = await Promise.all([loftDomain(), walletCall(provider, "eth_chainId"), api(`/api/accounts/${account}`)]).catch((error) => (say(error.message, "error"), []));
    if (!d) return;
    chainOk = Number(BigInt(chainHex)) === d.chainId;
    const switchButton = !chainOk && h("button", { type: "button", onclick: () => walletCall(provider, "wallet_switchEthereumChain", [{ chainId: `0x${d.chainId.toString(16)}` }]).then(refresh, (e) => say(e.message, "error")) }, `Switch to chain ${d.chainId}`);
    summary.replaceChildren(fields([
      ["Account", h("a", { href: `#/account/${l2.address}` }, l2.address)],
      ["L2 balance", h("span", { "data-balance": l2.balance }, `${eth(l2.balance)}`)],
      ["Nonce", l2.nonce],
      ["L1 network", chainOk ? `chain ${d.chainId} (the rollup's L1)` : h("span", { class: "error" }, `wallet on chain ${Number(BigInt(chainHex))}, the rollup's L1 is chain ${d.chainId} `, switchButton)],
    ]));
    for (const button of forms.querySelectorAll("button")) button.disabled = !chainOk;
    await renderClaims(d);
  }

  async function renderClaims(d) {
    const { withdrawals } = await api(`/api/withdrawals/${account}?limit=20`);
    if (withdrawals.length === 0) return void claims.replaceChildren(h("p", { class: "note" }, "No withdrawals to this address yet."));
    // claimed: the node saw the payment on L1; until it has, the Rollup's isWithdrawn says so (a claim just sent)
    const paid = await Promise.all(withdrawals.map((w) => (w.status === "claimed" ? true : w.claimable && chainOk ? walletCall(provider, "eth_call", [{ to: d.verifyingContract, data: isWithdrawnCalldata(w.batch, w.index) }, "latest"]).then((r) => BigInt(r) === 1n, () => false) : false)));
    claims.replaceChildren(h("h3", {}, "Withdrawals to this address"), h("table", {},
      h("thead", {}, h("tr", {}, ["Amount", "Batch", "Status", ""].map((t) => h("th", {}, t)))),
      h("tbody", {}, withdrawals.map((w, i) => h("tr", { "data-withdrawal": `${w.batch}:${w.index}`, "data-claimed": String(paid[i]) },
        h("td", {}, eth(w.amount)), h("td", {}, batchLink(w.batch)), h("td", {}, statusBadge(w.status)),
        h("td", {}, paid[i] ? "claimed on L1" : w.claimable ? h("button", { type: "button", class: "claim-button", disabled: !chainOk, onclick: () => claim(w) }, "Claim on L1") : "claimable once final"))))));
  }

  async function claim(w) {
    await busy("Claiming on L1", async () => {
      const hash = await sendL1(provider, account, { to: w.claim.to, data: w.claim.data });
      say(`Claimed ${eth(w.amount)} on L1 in ${hash}.`, "ok");
      await refresh();
    });
  }

  const input = (name, placeholder, label) => h("label", {}, label, h("input", { name, placeholder, autocomplete: "off", spellcheck: "false" }));
  const form = (id, title, inputs, submit, action) => h("form", { id, class: "wallet-form", onsubmit: (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.target));
    void busy(title, () => action(values, event.target));
  } }, h("h3", {}, title), ...inputs, h("button", { type: "submit" }, submit));

  const sendL2 = async (request, target) => {
    const fee = await estimateFee({ type: request.type, [request.type === "transfer" ? "to" : "recipient"]: target, amount: `0x${request.amount.toString(16)}` });
    const nonce = Number(BigInt(await nodeCall("eth_getTransactionCount", [account, "pending"])));
    const submittedAt = Date.now();
    say("Sign the transaction in your wallet…");
    const hash = await signAndSend(provider, account, { ...request, fee, nonce });
    rememberSubmitted(hash, submittedAt);
    say(`Sent ${hash} (fee ${fee} wei).`, "ok");
    open(`#/tx/${hash}`);
    await refresh();
  };
  const recipientOf = (value, name) => {
    const text = (value ?? "").trim() || account;
    if (!ADDRESS.test(text)) throw new Error(`${name}: not an address (0x + 40 hex)`);
    return text;
  };

  forms.append(
    form("wallet-transfer", "Send on L2", [input("to", "0x… recipient", "To"), input("amount", "0.1", "Amount (ETH)")], "Sign and send", async (v, el) => {
      const to = recipientOf(v.to, "to");
      if (!(v.to ?? "").trim()) throw new Error("to: enter the recipient's address");
      await sendL2({ type: "transfer", to, amount: parseEth(v.amount) }, to);
      el.reset();
    }),
    form("wallet-withdraw", "Withdraw to L1", [input("recipient", "0x… (default: this account)", "L1 recipient"), input("amount", "0.1", "Amount (ETH)")], "Sign and withdraw", async (v, el) => {
      const recipient = recipientOf(v.recipient, "recipient");
      await sendL2({ type: "withdraw", recipient, amount: parseEth(v.amount) }, recipient);
      el.reset();
    }),
    form("wallet-deposit", "Deposit from L1", [input("to", "0x… (default: this account)", "L2 recipient"), input("amount", "0.1", "Amount (ETH)")], "Deposit", async (v, el) => {
      const to = recipientOf(v.to, "to");
      const amount = parseEth(v.amount);
      if (amount === 0n) throw new Error("amount: a deposit must be above 0");
      const { verifyingContract } = await loftDomain();
      say("Confirm the deposit in your wallet…");
      const hash = await sendL1(provider, account, { to: verifyingContract, data: depositCalldata(to), value: amount });
      say(`Deposited ${eth(amount.toString())} in L1 transaction ${hash}; it is credited once the sequencer includes it.`, "ok");
      open(`#/tx/${hash}`);
      el.reset();
    }),
  );

  const connectButton = h("button", { type: "button", id: "wallet-connect", onclick: () => void connectWallet() }, "Connect wallet");
  root.replaceChildren(h("h2", {}, "Wallet"), connectButton, status, summary, forms, claims);
  return { refresh: () => refresh().catch((error) => say(error.message, "error")) };
}
