/**
 * What waits wake on: every `newBatches` notification (statuses only change when a batch is
 * sealed, committed or finalized) or, failing that, a poll interval (HTTP has no subscriptions;
 * over WebSocket it is the safety net for a missed notification).
 */
import type { Transport } from "./transport.ts";

export class BatchTicker {
  private readonly waiters = new Set<() => void>();
  private subscription: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(private readonly transport: Transport, readonly pollMs: number) {}

  /** Resolves on the next batch event, after `pollMs`, or at `deadline`, whichever is first. */
  async next(deadline: number): Promise<void> {
    this.subscription ??= this.transport.subscribe
      ? this.transport.subscribe("newBatches", () => this.wake()).catch(() => undefined)
      : Promise.resolve(undefined);
    await this.subscription;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, Math.min(this.pollMs, deadline - Date.now())));
      this.waiters.add(done);
    });
  }

  async stop(): Promise<void> {
    for (const wake of [...this.waiters]) wake();
    const unsubscribe = await this.subscription;
    this.subscription = undefined;
    await unsubscribe?.();
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
