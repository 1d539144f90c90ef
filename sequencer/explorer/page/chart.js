// The live chart: transactions per second (bars, one per second, last 60 s) and the mean
// admission → sealed latency per second (line, right axis: the mean of the second's batches,
// weighted by their transactions), drawn on a canvas.
const WINDOW_S = 60;

export class LiveChart {
  constructor(canvas) {
    this.canvas = canvas;
    this.perSecond = new Map(); // unix second → transactions sealed in it
    this.latencies = []; // { at (ms), seconds }
    this.clockOffset = 0; // node clock − browser clock, ms
    addEventListener("resize", () => this.draw());
  }

  /** Replaces the series from /api/stats' `recent` batches (the last minute); `serverNow` aligns clocks. */
  load(recent, serverNow = Date.now()) {
    this.clockOffset = serverNow - Date.now();
    this.perSecond.clear();
    this.latencies = [];
    for (const sample of recent) this.add(sample);
    this.draw();
  }

  add({ at, txCount, latencySeconds }) {
    const second = Math.floor(at / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + txCount);
    if (latencySeconds !== null && latencySeconds !== undefined) this.latencies.push({ at, seconds: latencySeconds, weight: Math.max(1, txCount) });
  }

  draw() {
    const { canvas } = this;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight || 180; // fixed by CSS, so redraws never grow it
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const now = Math.floor((Date.now() + this.clockOffset) / 1000);
    const from = now - WINDOW_S;
    const counts = [];
    for (let s = from + 1; s <= now; s++) counts.push(this.perSecond.get(s) ?? 0);
    for (const second of this.perSecond.keys()) if (second <= from) this.perSecond.delete(second);
    this.latencies = this.latencies.filter((l) => l.at / 1000 > from);
    const top = 16, bottom = height - 18, left = 40, right = width - 44;
    const maxTps = Math.max(1, ...counts);
    const maxLatency = Math.max(0.05, ...latencyPerSecond(this.latencies).map((l) => l.seconds));
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = "#667085";
    g.fillText(`${maxTps} tx/s`, 2, top);
    g.fillText(`${maxLatency < 1 ? `${Math.round(maxLatency * 1000)} ms` : `${maxLatency.toFixed(1)} s`}`, right + 4, top);
    g.fillText("−60 s", left, height - 4);
    g.fillText("now", right - 20, height - 4);
    const step = (right - left) / WINDOW_S;
    g.fillStyle = "#3558e0";
    counts.forEach((count, i) => {
      const barHeight = ((bottom - top) * count) / maxTps;
      g.fillRect(left + i * step + 1, bottom - barHeight, Math.max(1, step - 2), barHeight);
    });
    // One latency point per second (the mean of its batches, weighted by their transactions), so
    // batches sealed every 50–100 ms do not draw a zig-zag; the line breaks across seconds with none.
    const points = latencyPerSecond(this.latencies).map(({ second, seconds }) => ({
      second, x: left + (second + 0.5 - from) * step, y: bottom - ((bottom - top) * seconds) / maxLatency,
    }));
    g.strokeStyle = "#b26a00";
    g.lineWidth = 2;
    g.beginPath();
    points.forEach((p, i) => {
      if (i === 0 || p.second - points[i - 1].second > 2) g.moveTo(p.x, p.y);
      else g.lineTo(p.x, p.y);
    });
    g.stroke();
    g.fillStyle = "#b26a00";
    for (const p of points) {
      g.beginPath();
      g.arc(p.x, p.y, 2.5, 0, 2 * Math.PI);
      g.fill();
    }
    g.strokeStyle = "#e3e6eb";
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(left, bottom + 0.5);
    g.lineTo(right, bottom + 0.5);
    g.stroke();
  }
}

/** Per second, oldest first: the transaction-weighted mean latency of the batches sealed in it. */
export function latencyPerSecond(latencies) {
  const buckets = new Map();
  for (const { at, seconds, weight = 1 } of latencies) {
    const second = Math.floor(at / 1000);
    const bucket = buckets.get(second) ?? { sum: 0, weight: 0 };
    bucket.sum += seconds * weight;
    bucket.weight += weight;
    buckets.set(second, bucket);
  }
  return [...buckets].sort(([a], [b]) => a - b).map(([second, { sum, weight }]) => ({ second, seconds: sum / weight }));
}
