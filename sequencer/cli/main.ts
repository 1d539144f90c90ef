/**
 * `loft` command line. Until the node itself lands (issue 5: sequencer node and `npm start`
 * devnet), it checks that the native bindings the node needs load, then says the node is not
 * built yet and exits non-zero so nothing mistakes it for a running node.
 */
import { assertNativeBindings, NativeBindingError } from "../native/native-bindings.ts";

try {
  assertNativeBindings();
} catch (error) {
  if (error instanceof NativeBindingError) {
    console.error(`loft: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

console.error(
  "loft: the build is complete (WASM core, contracts, type check) and the native bindings load,\n" +
    "but the node itself is not built yet: `npm start` will run it on a local devnet once the\n" +
    "sequencer lands (see README.md).",
);
process.exit(1);
