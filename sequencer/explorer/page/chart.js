// The live chart: transactions per second (bars, one per second, last 60 s) and the mean
// admission → sealed latency of each batch (line, right axis), drawn on a canvas.
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
    if (latencySeconds !== null && latencySeconds !== undefined) this.latencies.push({ at, seconds: latencySeconds });
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
    const maxLatency = Math.max(0.05, ...this.latencies.map((l) => l.seconds));
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
    g.strokeStyle = "#b26a00";
    g.lineWidth = 2;
    g.beginPath();
    this.latencies.forEach((l, i) => {
      const x = left + (l.at / 1000 - from) * step;
      const y = bottom - ((bottom - top) * l.seconds) / maxLatency;
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    });
    g.stroke();
    g.fillStyle = "#b26a00";
    for (const l of this.latencies) {
      const x = left + (l.at / 1000 - from) * step;
      const y = bottom - ((bottom - top) * l.seconds) / maxLatency;
      g.beginPath();
      g.arc(x, y, 3, 0, 2 * Math.PI);
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
