/**
 * Whether the node's storage takes writes, as its last writes found out. Two slots: sealed
 * batches (faulted from a failed batch write until a batch write succeeds again) and every other
 * durable write (the L1 queue, the poster's records, batch status, a probe: faulted until one of
 * them succeeds). Intake is refused while either is faulted; listeners hear each change once.
 *
 *     store.health.onChange((fault) => log.warn(fault ? fault.detail : "storage writable again"));
 *     if (store.health.fault) refuse(store.health.fault.message);
 */
import type { StorageFaultError } from "./storage-fault.ts";

export type WriteSlot = "batches" | "writes";

export class StorageHealth {
  private readonly faults = new Map<WriteSlot, StorageFaultError>();
  private readonly lastSuccess = new Map<WriteSlot, number>();
  private readonly listeners: ((fault: StorageFaultError | undefined) => void)[] = [];

  /** The current fault (sealed batches' first), or undefined while storage takes writes. */
  get fault(): StorageFaultError | undefined {
    return this.faults.get("batches") ?? this.faults.get("writes");
  }

  faultOf(slot: WriteSlot): StorageFaultError | undefined {
    return this.faults.get(slot);
  }

  failed(slot: WriteSlot, fault: StorageFaultError): StorageFaultError {
    const before = this.fault;
    this.faults.set(slot, fault);
    if (!before) this.emit();
    return fault;
  }

  /** When a write of `slot` last succeeded (Date.now()), 0 if never. */
  succeededAt(slot: WriteSlot): number {
    return this.lastSuccess.get(slot) ?? 0;
  }

  succeeded(slot: WriteSlot): void {
    this.lastSuccess.set(slot, Date.now());
    if (!this.faults.has(slot)) return;
    this.faults.delete(slot);
    if (!this.fault) this.emit();
  }

  onChange(listener: (fault: StorageFaultError | undefined) => void): void {
    this.listeners.push(listener);
  }

  private emit(): void {
    const fault = this.fault;
    for (const listener of this.listeners) listener(fault);
  }
}
