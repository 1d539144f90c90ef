/**
 * Runs an async step again and again, `intervalMs` from the start of one run to the next (never
 * overlapping), until stopped. `poke()` starts the next run as soon as the current one ends. A
 * step that throws is handed to `onError`: "stop" stops the task, "continue" runs it again at the
 * next interval, "backoff" waits longer after each consecutive failure (the interval doubled each
 * time, at most `maxBackoffMs`) until a run succeeds: what an L1 that is down gets.
 */
export type TaskErrorAction = "continue" | "backoff" | "stop";

/** The longest wait between two runs of a task that keeps failing with "backoff". */
export const DEFAULT_MAX_BACKOFF_MS = 10_000;

export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private poked = false;
  private failures = 0;

  constructor(
    private readonly step: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => TaskErrorAction,
    private readonly maxBackoffMs = DEFAULT_MAX_BACKOFF_MS,
  ) {}

  /** The wait before the next run after `failures` consecutive "backoff" failures. */
  static backoffMs(intervalMs: number, failures: number, maxBackoffMs = DEFAULT_MAX_BACKOFF_MS): number {
    return Math.min(maxBackoffMs, Math.max(intervalMs, 1) * 2 ** Math.min(failures, 30));
  }

  start(): void {
    this.schedule(0);
  }

  poke(): void {
    if (this.stopped) return;
    if (this.running) this.poked = true;
    else this.schedule(0);
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  private async run(): Promise<void> {
    if (this.stopped || this.running) return;
    const started = Date.now();
    let backoff = false;
    this.running = (async () => {
      try {
        await this.step();
        this.failures = 0;
      } catch (error) {
        const action = this.onError(error);
        if (action === "stop") this.stopped = true;
        backoff = action === "backoff";
        this.failures = backoff ? this.failures + 1 : 0;
      }
    })();
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const poked = this.poked;
    this.poked = false;
    if (backoff) this.schedule(PeriodicTask.backoffMs(this.intervalMs, this.failures - 1, this.maxBackoffMs));
    else this.schedule(poked ? 0 : Math.max(0, this.intervalMs - (Date.now() - started)));
  }
}
