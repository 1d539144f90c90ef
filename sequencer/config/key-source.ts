/**
 * Where a private key comes from, for the sequencer (`--sequencer-*`) and the challenger
 * (`--challenger-*`) alike: hex on the command line or in `LOFT_<ROLE>_KEY` (which `ps` or the
 * process environment shows), a file holding the hex key (`--<role>-key-file`), or an encrypted
 * JSON keystore (`--<role>-keystore`, as geth, Foundry's `cast wallet` and ethers write them) with
 * its password in `--<role>-keystore-password-file` or `LOFT_<ROLE>_KEYSTORE_PASSWORD`.
 *
 * A key file or password file that its group or others may read or write is refused (as ssh
 * refuses such a private key): chmod 600 it. No key, password or file content ever appears in an
 * error; only paths and what is wrong.
 */
import { readFileSync, statSync } from "node:fs";
import { Wallet } from "ethers";

export type KeyRole = "sequencer" | "challenger";

/** The raw option values of one role (node-options.ts names: `<role>-key`, `<role>-key-file`, …). */
export interface KeySourceValues {
  key?: string;
  keyFile?: string;
  keystore?: string;
  keystorePasswordFile?: string;
}

export interface ResolvedKey {
  /** 0x-prefixed 32-byte hex, when a source was given and read. */
  key?: string;
  /** True when any source was given (read or not): the key is then not "missing". */
  given: boolean;
  problems: string[];
}

export const keystorePasswordEnv = (role: KeyRole) => `LOFT_${role.toUpperCase()}_KEYSTORE_PASSWORD`;

const HEX_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

export function resolveKey(role: KeyRole, values: KeySourceValues, env: NodeJS.ProcessEnv): ResolvedKey {
  const sources = ([["key", `--${role}-key`], ["keyFile", `--${role}-key-file`], ["keystore", `--${role}-keystore`]] as const).filter(([name]) => values[name] !== undefined);
  const given = sources.length > 0;
  if (sources.length > 1) return { given, problems: [`${sources.map(([, flag]) => flag).join(" and ")} are ${sources.length === 2 ? "both" : "all"} given: use one`] };
  if (values.keystorePasswordFile !== undefined && values.keystore === undefined) {
    return { given, problems: [`--${role}-keystore-password-file is given without --${role}-keystore`] };
  }
  if (values.key !== undefined) return { key: withPrefix(values.key), given, problems: [] };
  if (values.keyFile !== undefined) {
    const flag = `--${role}-key-file ${JSON.stringify(values.keyFile)}`;
    const text = readPrivateFile(flag, values.keyFile);
    if (typeof text !== "string") return { given, problems: [text.problem] };
    if (!HEX_KEY.test(text.trim())) return { given, problems: [`${flag}: does not hold a 32-byte hex private key`] };
    return { key: withPrefix(text.trim()), given, problems: [] };
  }
  if (values.keystore !== undefined) return fromKeystore(role, values.keystore, values.keystorePasswordFile, env);
  return { given, problems: [] };
}

function fromKeystore(role: KeyRole, path: string, passwordFile: string | undefined, env: NodeJS.ProcessEnv): ResolvedKey {
  const flag = `--${role}-keystore ${JSON.stringify(path)}`;
  let password: string;
  if (passwordFile !== undefined) {
    const text = readPrivateFile(`--${role}-keystore-password-file ${JSON.stringify(passwordFile)}`, passwordFile);
    if (typeof text !== "string") return { given: true, problems: [text.problem] };
    password = text.split(/\r?\n/)[0]!; // the first line, as geth's --password reads it
  } else if (env[keystorePasswordEnv(role)] !== undefined) {
    password = env[keystorePasswordEnv(role)]!;
  } else {
    return { given: true, problems: [`${flag} needs its password: --${role}-keystore-password-file PATH or ${keystorePasswordEnv(role)}`] };
  }
  let json: string;
  try {
    json = readFileSync(path, "utf8");
  } catch (error) {
    return { given: true, problems: [`${flag}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`] };
  }
  try {
    JSON.parse(json);
  } catch {
    return { given: true, problems: [`${flag}: is not an encrypted JSON keystore (not JSON)`] };
  }
  try {
    return { key: Wallet.fromEncryptedJsonSync(json, password).privateKey, given: true, problems: [] };
  } catch (error) {
    const message = (error as Error).message;
    if (/incorrect password/i.test(message)) return { given: true, problems: [`${flag}: the password does not decrypt it`] };
    return { given: true, problems: [`${flag}: is not an encrypted JSON keystore ethers can read (${(error as { shortMessage?: string }).shortMessage ?? "unsupported format"})`] };
  }
}

/** The file's text, or why it is refused: unreadable, or open to its group or others. */
function readPrivateFile(flag: string, path: string): string | { problem: string } {
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) return { problem: `${flag}: its group or others may read or write it (mode ${mode.toString(8).padStart(4, "0")}): chmod 600 ${path}` };
    return readFileSync(path, "utf8");
  } catch (error) {
    return { problem: `${flag}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
}

const withPrefix = (hex: string) => (hex.startsWith("0x") ? hex : `0x${hex}`);
