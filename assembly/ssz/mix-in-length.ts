// SSZ mix_in_length: root = sha256(dataRoot ‖ uint256_le(length)).
import { hash64 } from "../hash/sha256";

const BUF: usize = memory.data(64, 16);

/** Writes sha256(root ‖ uint256_le(length)) to `out` (may alias `root`). */
export function mixInLength(root: usize, length: u64, out: usize): void {
  memory.copy(BUF, root, 32);
  memory.fill(BUF + 32, 0, 32);
  store<u64>(BUF + 32, length);
  hash64(BUF, out);
}
