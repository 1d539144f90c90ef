/**
 * Runs an async step again and again, `intervalMs` from the start of one run to the next (never
 * overlapping), until stopped. `poke()` starts the next run as soon as the current one ends. A
 * step that throws is handed to `onError`; if that returns "stop", the task stops.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private poked = false;

  constructor(
    private readonly step: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => "continue" | "stop",
  ) {}

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
    this.running = (async () => {
      try {
        await this.step();
      } catch (error) {
        if (this.onError(error) === "stop") this.stopped = true;
      }
    })();
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const poked = this.poked;
    this.poked = false;
    this.schedule(poked ? 0 : Math.max(0, this.intervalMs - (Date.now() - started)));
  }
}
