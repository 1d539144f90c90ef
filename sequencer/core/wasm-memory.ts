import type { WasmExports } from "./wasm-exports.ts";

/**
 * Byte access to the module's memory. The view is re-created whenever the memory has grown
 * (growth detaches the old ArrayBuffer), so callers always ask for `bytes()` after calling an
 * export that may allocate.
 */
export class WasmMemory {
  private view: Uint8Array;

  constructor(private readonly exports: WasmExports) {
    this.view = new Uint8Array(exports.memory.buffer);
  }

  bytes(): Uint8Array {
    if (this.view.buffer !== this.exports.memory.buffer) this.view = new Uint8Array(this.exports.memory.buffer);
    return this.view;
  }

  /** Copies `data` into host buffer `slot` (0 input, 1 output) and returns its pointer. */
  write(slot: 0 | 1, data: Uint8Array, extra = 0): number {
    const ptr = this.exports.ioBuffer(slot, data.length + extra);
    this.bytes().set(data, ptr);
    return ptr;
  }

  /** A pointer to host buffer `slot` with room for `length` bytes. */
  reserve(slot: 0 | 1, length: number): number {
    return this.exports.ioBuffer(slot, length);
  }

  /** A copy of `length` bytes at `ptr`. */
  copy(ptr: number, length: number): Uint8Array {
    return this.bytes().slice(ptr, ptr + length);
  }

  /** Copies `length` bytes at `ptr` into `out`. */
  copyInto(ptr: number, length: number, out: Uint8Array): void {
    out.set(this.bytes().subarray(ptr, ptr + length));
  }
}
