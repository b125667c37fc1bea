// The IPC commands as the test back end sees them, derived from the generated bindings: the name each
// one is invoked by, its parameters and its result. A command renamed or removed on the Rust side then
// fails to compile in the fake and in every test that names it.
import { commands } from "../ipc/bindings";

type Commands = typeof commands;

/** A key of the generated `commands` object, e.g. "listEntries". */
export type CommandKey = keyof Commands;

/** "listEntries" → "list_entries": the generated keys are the Rust names in camelCase. */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** The name a command is invoked by, e.g. "list_entries". */
export type CommandName = SnakeCase<CommandKey>;

/** The key in `commands` of the command invoked as `N`. */
export type KeyOf<N extends CommandName> = { [K in CommandKey]: SnakeCase<K> extends N ? K : never }[CommandKey];

/** What the command invoked as `N` resolves to. */
export type ResultOf<N extends CommandName> = Awaited<ReturnType<Commands[KeyOf<N>]>>;

/** One answer per command, taking the command's own parameters in order. */
export type CommandHandlers = {
  [K in CommandKey]: (...args: Parameters<Commands[K]>) => Awaited<ReturnType<Commands[K]>>;
};

/** The runtime twin of `SnakeCase`. */
export function commandName(key: CommandKey): CommandName {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) as CommandName;
}

const KEYS: ReadonlyMap<string, CommandKey> = new Map(
  (Object.keys(commands) as CommandKey[]).map((key) => [commandName(key), key]),
);

/** The key of the generated command invoked as `name`; undefined for anything else. */
export function commandKey(name: string): CommandKey | undefined {
  return KEYS.get(name);
}
