/**
 * The run's plot as a standalone SVG (no plotting package): TPS per second (sealed, accepted) in
 * the top panel, submit→sealed p50 and p99 per second in the bottom one, time on the x axis.
 */
import type { SecondSample } from "./analyze-run.ts";

const WIDTH = 800;
const PANEL = 220;
const LEFT = 70;
const RIGHT = 20;
const TOP = 40;
const GAP = 60;

interface Line {
  label: string;
  color: string;
  values: number[];
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A round upper bound for an axis (1, 2 or 5 × 10^k ≥ max). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function panel(top: number, title: string, unit: string, seconds: number[], lines: Line[]): string {
  const xMax = Math.max(1, (seconds[seconds.length - 1] ?? 0) + 1);
  const yMax = niceMax(Math.max(0, ...lines.flatMap((l) => l.values.filter(Number.isFinite))));
  const x = (s: number) => LEFT + (s / xMax) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => top + PANEL - (v / yMax) * PANEL;
  const parts = [`<text x="${LEFT}" y="${top - 8}" font-size="13" font-weight="bold">${escape(title)}</text>`];
  parts.push(`<rect x="${LEFT}" y="${top}" width="${WIDTH - LEFT - RIGHT}" height="${PANEL}" fill="none" stroke="#999"/>`);
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${Number(v.toPrecision(3)).toLocaleString("en-US")}</text>`);
  }
  for (let k = 0; k <= 5; k++) {
    const s = (xMax * k) / 5;
    parts.push(`<text x="${x(s)}" y="${top + PANEL + 15}" font-size="11" text-anchor="middle">${s.toFixed(0)} s</text>`);
  }
  parts.push(`<text x="14" y="${top + PANEL / 2}" font-size="11" transform="rotate(-90 14 ${top + PANEL / 2})" text-anchor="middle">${escape(unit)}</text>`);
  lines.forEach((line, k) => {
    const points = seconds.map((s, i) => [s, line.values[i]!] as const).filter(([, v]) => Number.isFinite(v));
    parts.push(`<polyline fill="none" stroke="${line.color}" stroke-width="1.8" points="${points.map(([s, v]) => `${x(s + 0.5).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}"/>`);
    parts.push(`<text x="${WIDTH - RIGHT - 150}" y="${top + 16 + k * 15}" font-size="12" fill="${line.color}">— ${escape(line.label)}</text>`);
  });
  return parts.join("\n");
}

export function plotSvg(title: string, series: SecondSample[]): string {
  const seconds = series.map((s) => s.second);
  const height = TOP + 2 * PANEL + GAP + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${LEFT}" y="20" font-size="14">${escape(title)}</text>`,
    panel(TOP + 20, "transactions per second", "tx/s", seconds, [
      { label: "sealed", color: "#1f77b4", values: series.map((s) => s.sealed) },
      { label: "accepted", color: "#ff7f0e", values: series.map((s) => s.accepted) },
    ]),
    panel(TOP + 20 + PANEL + GAP, "submit → sealed latency (of txs sealed that second)", "ms", seconds, [
      { label: "p50", color: "#2ca02c", values: series.map((s) => s.sealedP50Ms) },
      { label: "p99", color: "#d62728", values: series.map((s) => s.sealedP99Ms) },
    ]),
    "</svg>",
    "",
  ].join("\n");
}
