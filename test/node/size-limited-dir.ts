/**
 * A directory on a file system of its own that a test can fill up: a tmpfs mounted with a size
 * limit (needs root, or CAP_SYS_ADMIN). `fill()` writes a filler file until the disk refuses
 * (ENOSPC); `free()` deletes it. Unmounted by `remove()`, lazily if something still holds it.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SizeLimitedDir {
  path: string;
  /** Fills the file system; returns the bytes written. */
  fill(): number;
  free(): void;
  remove(): void;
}

/** Mounts it, or returns why it cannot be mounted here (the test then skips with that reason). */
export function mountSizeLimitedDir(sizeMiB: number): SizeLimitedDir | string {
  if (process.getuid?.() !== 0) return "mounting a size-limited tmpfs needs root (run as root to test a full disk)";
  const path = mkdtempSync(join(tmpdir(), "loft-full-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMiB}m`, "tmpfs", path], { stdio: "pipe" });
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    return `mount -t tmpfs failed here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
  }
  const filler = join(path, "filler");
  return {
    path,
    fill() {
      const fd = openSync(filler, "a");
      const chunk = Buffer.alloc(1 << 20, 1);
      let written = 0;
      try {
        for (let i = 0; i < 1 << 16; i++) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      } finally {
        closeSync(fd);
      }
      // the last pages: smaller writes until not even a byte fits
      for (let size = 1 << 19; size >= 1; size >>= 1) {
        try {
          const fd2 = openSync(filler, "a");
          try {
            while (writeSync(fd2, chunk.subarray(0, size)) === size) written += size;
          } finally {
            closeSync(fd2);
          }
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
        }
      }
      return written;
    },
    free() {
      rmSync(filler, { force: true });
    },
    remove() {
      try {
        unlinkSync(filler);
      } catch {}
      try {
        execFileSync("umount", [path], { stdio: "pipe" });
      } catch {
        execFileSync("umount", ["-l", path], { stdio: "pipe" });
      }
      rmSync(path, { recursive: true, force: true });
    },
  };
}
