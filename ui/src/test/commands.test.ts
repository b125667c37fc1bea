// The fake back end finds commands by name and reads their parameters in order; this checks both
// against what the generated bindings really send.
import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { commands } from "../ipc/bindings";
import { commandKey, commandName } from "./commands";
import type { CommandKey } from "./commands";

afterEach(() => {
  clearMocks();
});

describe("the generated commands", () => {
  it("are invoked by their keys in snake_case, with their parameters in order", async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      sent.push({ cmd, args });
      return null;
    });
    for (const key of Object.keys(commands) as CommandKey[]) {
      const run = commands[key] as (...params: unknown[]) => Promise<unknown>;
      const params = Array.from({ length: run.length }, (_, i) => `${key}-${i}`);
      await run(...params);
      const { cmd, args } = sent.at(-1)!;
      expect(cmd).toBe(commandName(key));
      expect(commandKey(cmd)).toBe(key);
      expect(Object.values(args ?? {})).toEqual(params);
    }
  });
});
