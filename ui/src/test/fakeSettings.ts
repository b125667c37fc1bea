// Settings as the fake back end keeps them: the preferences, which keys the environment decides,
// and the answers of the settings commands. A change is checked as the real back end checks it, for
// the values the window can send, and goes out as the `preferences-changed` event.
import { emit } from "@tauri-apps/api/event";
import type { PreferenceKey, Preferences, SettingsView } from "../ipc/bindings";
import { DEFAULT_PREFERENCES } from "../app/preferences";
import type { CommandHandlers } from "./commands";

export class FakeSettings {
  preferences: Preferences = { ...DEFAULT_PREFERENCES };
  fromEnv: PreferenceKey[] = [];
  startAtLogin = false;
  signIn: SettingsView["signIn"] = "embedded";
  /** Every change, as the window sent it. */
  saved: [PreferenceKey, string | null][] = [];

  view(): SettingsView {
    return {
      resolved: { preferences: this.preferences, fromEnv: this.fromEnv, problems: [] },
      signIn: this.signIn,
      dataDir: "/tmp/quire",
      dataDirSetting: null,
      configFile: "/tmp/config/config.toml",
      dictionaries: ["en_GB", "en_US"],
      startAtLogin: this.startAtLogin,
    };
  }

  private set(key: PreferenceKey, value: string | null): void {
    const p = this.preferences;
    switch (key) {
      case "appearance":
        p.appearance = (value ?? "system") as Preferences["appearance"];
        break;
      case "editorFont":
        p.editorFont = (value ?? "serif") as Preferences["editorFont"];
        break;
      case "editorFontSize": {
        const size = Number(value ?? 18);
        if (!Number.isInteger(size) || size < 12 || size > 32) {
          throw { code: "invalid_input", message: "The font size must be a whole number from 12 to 32." };
        }
        p.editorFontSize = size;
        break;
      }
      case "editorToolbar":
        p.editorToolbar = value !== "false";
        break;
      case "dailyPrompt":
        p.dailyPrompt = value !== "false";
        break;
      case "spellCheck":
        p.spellCheck = value === "auto" || value === null ? { kind: "auto" } : value === "off" ? { kind: "off" } : { kind: "language", language: value };
        break;
      case "reminder": {
        const time = value && value !== "off" ? /^(\d\d):(\d\d)$/.exec(value) : null;
        p.reminder = time ? { hour: Number(time[1]), minute: Number(time[2]) } : null;
        break;
      }
      case "signIn":
        this.signIn = value === "browser" ? "browser" : "embedded";
        break;
      case "dataDir":
        break;
    }
  }

  readonly answers: Pick<CommandHandlers, "getSettings" | "setSetting" | "setStartAtLogin"> = {
    getSettings: () => this.view(),
    setSetting: (key, value) => {
      if (this.fromEnv.includes(key)) {
        throw { code: "invalid_input", message: `QUIRE_${key.toUpperCase()} is set in the environment.` };
      }
      this.set(key, value);
      this.saved.push([key, value]);
      this.preferences = { ...this.preferences };
      void emit("preferences-changed", this.preferences);
      return this.view();
    },
    setStartAtLogin: (on) => {
      this.startAtLogin = on;
      return this.view();
    },
  };
}
