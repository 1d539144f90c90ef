// DOM and formatting helpers for the explorer page (no framework; text is always set as text).

/** h("a", { href: "#/" }, "home") → an element; children are nodes or strings. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A definition list from [label, value] pairs (undefined values are skipped). */
export function fields(pairs) {
  return h("dl", {}, pairs.filter(([, value]) => value !== undefined && value !== null).flatMap(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

export const statusBadge = (status) => h("span", { class: `status ${status}`, "data-status": status }, status);
export const batchLink = (number) => h("a", { href: `#/batch/${number}` }, `#${number}`);
export const txLink = (hash) => h("a", { href: `#/tx/${hash}` }, short(hash));
export const accountLink = (address) => h("a", { href: `#/account/${address}` }, address);
export const short = (hex) => (hex.length > 20 ? `${hex.slice(0, 10)}…${hex.slice(-8)}` : hex);

/** Wei (decimal string) as ETH with up to 6 decimals, exact (BigInt). */
export function eth(wei) {
  if (wei === null || wei === undefined) return "—";
  const value = BigInt(wei);
  const whole = value / 10n ** 18n;
  const fraction = (value % 10n ** 18n).toString().padStart(18, "0").slice(0, 6).replace(/0+$/, "");
  return `${whole.toLocaleString("en-US")}${fraction ? `.${fraction}` : ""} ETH`;
}

export function age(ms) {
  const seconds = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  return `${Math.floor(seconds / 3600)}h ago`;
}

/** GET a JSON API path; rejects with the API's error message. */
export async function api(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw Object.assign(new Error(body.error ?? `HTTP ${response.status}`), { status: response.status });
  return body;
}

/** An ETH amount typed by a user ("0.25", "1", "1e-3" is refused) as wei (BigInt), exact; throws a readable Error. */
export function parseEth(text) {
  const value = String(text).trim();
  const match = /^([0-9]{1,39})?(?:\.([0-9]{0,18}))?$/.exec(value);
  if (!value || !match || (match[1] === undefined && !match[2])) throw new Error(`"${value.slice(0, 30)}" is not an ETH amount (digits, at most 18 decimals)`);
  return BigInt(match[1] ?? "0") * 10n ** 18n + BigInt((match[2] ?? "").padEnd(18, "0") || "0");
}

/** "14:03:07.412": a Unix ms time as local clock time with milliseconds. */
export function clock(ms) {
  const d = new Date(ms);
  return `${d.toLocaleTimeString("en-GB", { hour12: false })}.${String(d.getMilliseconds()).padStart(3, "0")}`;
}

/** "0.42 s", "3.1 s", "2 min 5 s": a duration in ms for people. */
export function duration(ms) {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 10) return `${seconds.toFixed(seconds < 1 ? 2 : 1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
