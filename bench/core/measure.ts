/** Timing helpers of the core benchmark: wall-clock rounds, the median reported. */

export type Measurement = { name: string; unit: string; value: number; detail?: string };

/** Median of `rounds` timings (ms) of `run`, after one warm-up call. */
export function medianMs(run: () => void, rounds: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Operations per second of `run` (which performs `opsPerCall` operations), best of several ~`ms` windows. */
export function rate(run: () => void, opsPerCall: number, ms = 400, windows = 3): number {
  let best = 0;
  for (let w = 0; w < windows; w++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < ms) {
      run();
      calls++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    }
    best = Math.max(best, (calls * opsPerCall) / (elapsed / 1000));
  }
  return best;
}

export type Contender = { name: string; run: () => void; opsPerCall: number };

/**
 * Rates of several contenders measured in alternation (A B C A B C …, `rounds` windows of `ms`
 * each), best window per contender: a load spike on the machine hits all of them alike.
 */
export function interleavedRates(contenders: Contender[], unit: string, rounds = 8, ms = 150): Measurement[] {
  for (const c of contenders) for (let i = 0; i < 3; i++) c.run();
  const best = contenders.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((c, k) => {
      best[k] = Math.max(best[k]!, rate(c.run, c.opsPerCall, ms, 1));
    });
  }
  return contenders.map((c, k) => ({ name: c.name, unit, value: best[k]! }));
}

/** Deterministic pseudo-random generator (xorshift32) so every run hashes the same data. */
export function prng(seed = 0x2545f491): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

export function randomBytes(length: number, next = prng()): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 4) {
    const v = next();
    for (let k = 0; k < 4 && i + k < length; k++) out[i + k] = (v >>> (8 * k)) & 255;
  }
  return out;
}
