/**
 * The `loft` command line: `loft [start]` (default), `loft deploy`, `loft follow` and `loft prove`, every option of
 * node-options.ts with its LOFT_* mirror shown in --help. Unknown flags and commands are errors.
 */
import yargs from "yargs";
import { NODE_OPTIONS, envName, type OptionName } from "../config/node-options.ts";

export type Command = "start" | "deploy" | "follow" | "prove" | "escape";

export interface ParsedArgs {
  command: Command;
  flags: Partial<Record<OptionName, unknown>>;
}

export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses argv (without node and script). `--help` prints and resolves to undefined. */
export async function parseArgs(argv: string[], print: (text: string) => void = console.log): Promise<ParsedArgs | undefined> {
  let command: Command = "start";
  const parser = yargs(argv)
    .scriptName("loft")
    .usage("$0 [command] [options]\n\nWithout --l1-rpc, `loft start` runs a local devnet (Hardhat L1 + node).")
    .command(["start", "$0"], "run the node", () => {}, () => {
      command = "start";
    })
    .command("deploy", "deploy the Rollup contract to --l1-rpc with --sequencer-key, print its address", () => {}, () => {
      command = "deploy";
    })
    .command("follow", "rebuild and verify the rollup at --rollup from --l1-rpc alone, and serve it read-only", () => {}, () => {
      command = "follow";
    })
    .command("prove", "rebuild from --l1-rpc up to --batch N and print the fraud proof of N that succeeds (or send it with --send)", () => {}, () => {
      command = "prove";
    })
    .command("escape", "once the rollup is frozen: rebuild from --l1-rpc alone and print (or --send) --address's escape and deposit reclaims", () => {}, () => {
      command = "escape";
    })
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw new UsageError(error?.message ?? message);
    })
    .help()
    .version(false)
    .wrap(100);
  for (const [flag, spec] of Object.entries(NODE_OPTIONS)) {
    const shownDefault = "default" in spec ? ` (default ${spec.default})` : "";
    const isSwitch = "boolean" in spec && spec.boolean === true;
    parser.option(flag, {
      type: isSwitch ? "boolean" : "string",
      group: `${spec.group}:`,
      describe: `${spec.describe}${shownDefault} [env ${envName(flag)}]`,
      requiresArg: !isSwitch,
    });
  }
  const output = await new Promise<{ argv: Record<string, unknown>; text: string }>((resolve, reject) => {
    parser.parse(argv, {}, (error, parsed, text) => {
      if (error) reject(error instanceof UsageError ? error : new UsageError(error.message));
      else resolve({ argv: parsed as Record<string, unknown>, text });
    });
  });
  if (output.text) print(output.text);
  if (output.text || output.argv.help) return undefined;
  const flags: Partial<Record<OptionName, unknown>> = {};
  for (const flag of Object.keys(NODE_OPTIONS) as OptionName[]) if (output.argv[flag] !== undefined) flags[flag] = output.argv[flag];
  return { command, flags };
}
