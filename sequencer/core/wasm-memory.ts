import type { WasmExports } from "./wasm-exports.ts";

/**
 * Byte access to the module's memory. The view is re-created whenever the memory has grown
 * (growth detaches the old ArrayBuffer), so callers always ask for `bytes()` after calling an
 * export that may allocate. The two host buffers (0 input, 1 output) are cached on this side and
 * only re-requested from the module when they must grow.
 */
export class WasmMemory {
  private view: Uint8Array;
  private readonly pointers = [0, 0];
  private readonly capacities = [0, 0];

  constructor(private readonly exports: WasmExports) {
    this.view = new Uint8Array(exports.memory.buffer);
  }

  bytes(): Uint8Array {
    if (this.view.buffer !== this.exports.memory.buffer) this.view = new Uint8Array(this.exports.memory.buffer);
    return this.view;
  }

  /** Copies `data` into host buffer `slot` (0 input, 1 output), leaving `extra` bytes after it; returns its pointer. */
  write(slot: 0 | 1, data: Uint8Array, extra = 0): number {
    const ptr = this.reserve(slot, data.length + extra);
    const bytes = this.bytes();
    if (data.length <= 64) for (let i = 0; i < data.length; i++) bytes[ptr + i] = data[i]!;
    else bytes.set(data, ptr);
    return ptr;
  }

  /** A pointer to host buffer `slot` with room for `length` bytes. */
  reserve(slot: 0 | 1, length: number): number {
    if (length > this.capacities[slot]! || this.pointers[slot] === 0) {
      const capacity = Math.max(length, 4096, this.capacities[slot]! * 2);
      this.pointers[slot] = this.exports.ioBuffer(slot, capacity);
      this.capacities[slot] = capacity;
    }
    return this.pointers[slot]!;
  }

  /** A copy of `length` bytes at `ptr`. */
  copy(ptr: number, length: number): Uint8Array {
    return this.bytes().slice(ptr, ptr + length);
  }

  /** Copies `length` bytes at `ptr` into `out` (no allocation for short copies). */
  copyInto(ptr: number, length: number, out: Uint8Array): void {
    const bytes = this.bytes();
    if (length <= 64) for (let i = 0; i < length; i++) out[i] = bytes[ptr + i]!;
    else out.set(bytes.subarray(ptr, ptr + length));
  }
}
