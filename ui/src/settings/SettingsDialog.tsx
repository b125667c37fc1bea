// Settings (Ctrl+,): appearance, the editor's typeface, size, toolbar and spell checking, how
// sign-in opens, the lock options (in the Security dialog), sync (in the Sync dialog), and the data
// folder. Each change is saved to the config file and applied at once; a setting the environment
// decides is shown, fixed, with the variable to unset.
import { useEffect, useId, useRef, useState } from "react";
import type { ReactNode } from "react";
import { api } from "../ipc/api";
import type { AppError, PreferenceKey, ReminderTime, SettingsView, SpellCheck, SyncStatus } from "../ipc/api";
import { describeError, toAppError } from "../ipc/errors";
import { ModalFrame } from "../ui/ModalFrame";
import { Segmented } from "../ui/Segmented";
import { useModal } from "../ui/useModal";
import "./settings.css";

interface Props {
  onSecurity(): void;
  /** Where sync stands, for a line about it; null until known. */
  sync?: SyncStatus | null;
  onSync?(): void;
  onShowDataFolder(): void;
  onClose(): void;
}

const ENV_VARS: Record<PreferenceKey, string> = {
  appearance: "QUIRE_APPEARANCE",
  editorFont: "QUIRE_EDITOR_FONT",
  editorFontSize: "QUIRE_EDITOR_FONT_SIZE",
  spellCheck: "QUIRE_SPELL_CHECK",
  editorToolbar: "QUIRE_EDITOR_TOOLBAR",
  dailyPrompt: "QUIRE_DAILY_PROMPT",
  reminder: "QUIRE_REMINDER",
  signIn: "QUIRE_SIGN_IN",
  dataDir: "QUIRE_DATA_DIR",
};

const SIZES = { min: 12, max: 32 };

/** `HH:MM` of a reminder time; the evening when there is none yet. */
function reminderText(time: ReminderTime | null): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return time ? `${pad(time.hour)}:${pad(time.minute)}` : "20:00";
}

/** The setting's value as the config file spells it. */
function spellValue(spell: SpellCheck): string {
  return spell.kind === "language" ? spell.language : spell.kind;
}

type Outcome = { kind: "saved" } | { kind: "failed"; error: AppError };

/** One line on where sync stands, under its button. */
function syncSummary(sync: SyncStatus | null): string {
  if (!sync || sync.state === "off" || !sync.server) {
    return "Off. Sync keeps your journal, end-to-end encrypted, on a CouchDB server, for your other computers.";
  }
  if (sync.state === "needs_key") return "Waiting for the recovery key of the journal on the server.";
  return `On, with ${sync.server.url} as ${sync.server.username}.`;
}

export function SettingsDialog({ onSecurity, sync = null, onSync, onShowDataFolder, onClose }: Props) {
  const { dialogRef, initialFocusRef: closeRef, onKeyDown } = useModal<HTMLButtonElement>(onClose);
  const titleId = useId();
  const textId = useId();
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [folder, setFolder] = useState("");
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    api.getSettings().then(
      (now) => {
        if (!mounted.current) return;
        setSettings(now);
        setFolder(now.dataDirSetting ?? "");
      },
      (error: unknown) => mounted.current && setOutcome({ kind: "failed", error: toAppError(error) }),
    );
    return () => {
      mounted.current = false;
    };
  }, []);

  const save = (key: PreferenceKey, value: string | null) => {
    setOutcome(null);
    api.setSetting(key, value).then(
      (now) => {
        if (!mounted.current) return;
        setSettings(now);
        setOutcome({ kind: "saved" });
      },
      (error: unknown) => mounted.current && setOutcome({ kind: "failed", error: toAppError(error) }),
    );
  };

  const fixed = (key: PreferenceKey) => settings?.resolved.fromEnv.includes(key) ?? false;
  const preferences = settings?.resolved.preferences;

  return (
    <ModalFrame
      dialogRef={dialogRef}
      onKeyDown={onKeyDown}
      onDismiss={onClose}
      labelledBy={titleId}
      describedBy={textId}
      className="settings-dialog"
      testId="settings-dialog"
    >
      <h2 id={titleId} className="dialog-title">
        Settings
      </h2>
      <p id={textId} className="dialog-text">
        Changes apply at once and are kept for the next start{settings?.configFile ? ` in ${settings.configFile}` : ""}.
      </p>
      <p className="settings-status" role="status" data-testid="settings-status">
        {outcome?.kind === "saved" && "Saved."}
        {outcome?.kind === "failed" && <span className="field-problem">{describeError(outcome.error)}</span>}
        {outcome === null && settings === null && "Reading your settings…"}
      </p>
      {settings && settings.resolved.problems.length > 0 && (
        <ul className="settings-problems">
          {settings.resolved.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}

      {preferences && (
        <>
          <Section title="Appearance">
            <Row label="Colours" fixedBy={fixed("appearance") ? ENV_VARS.appearance : null}>
              <Segmented
                label="Colours"
                testId="setting-appearance"
                options={[
                  { value: "system", label: "As the system" },
                  { value: "light", label: "Light" },
                  { value: "dark", label: "Dark" },
                ]}
                value={preferences.appearance}
                disabled={fixed("appearance")}
                onChange={(value) => save("appearance", value)}
              />
            </Row>
          </Section>

          <Section title="Writing">
            <Row label="Typeface" fixedBy={fixed("editorFont") ? ENV_VARS.editorFont : null}>
              <Segmented
                label="Typeface"
                testId="setting-editor-font"
                options={[
                  { value: "serif", label: "Serif" },
                  { value: "sans", label: "Sans" },
                  { value: "mono", label: "Mono" },
                ]}
                value={preferences.editorFont}
                disabled={fixed("editorFont")}
                onChange={(value) => save("editorFont", value)}
              />
            </Row>
            <Row label="Text size" fixedBy={fixed("editorFontSize") ? ENV_VARS.editorFontSize : null}>
              <span className="settings-size">
                <button
                  type="button"
                  className="button"
                  aria-label="Smaller text"
                  disabled={fixed("editorFontSize") || preferences.editorFontSize <= SIZES.min}
                  onClick={() => save("editorFontSize", String(preferences.editorFontSize - 1))}
                >
                  A−
                </button>
                <output data-testid="setting-editor-font-size">{preferences.editorFontSize} px</output>
                <button
                  type="button"
                  className="button"
                  aria-label="Larger text"
                  disabled={fixed("editorFontSize") || preferences.editorFontSize >= SIZES.max}
                  onClick={() => save("editorFontSize", String(preferences.editorFontSize + 1))}
                >
                  A+
                </button>
              </span>
            </Row>
            <Row label="Toolbar" fixedBy={fixed("editorToolbar") ? ENV_VARS.editorToolbar : null}>
              <label className="security-check">
                <input
                  type="checkbox"
                  checked={preferences.editorToolbar}
                  disabled={fixed("editorToolbar")}
                  onChange={(event) => save("editorToolbar", String(event.target.checked))}
                />
                Show the formatting toolbar
              </label>
            </Row>
            <Row label="Prompts" fixedBy={fixed("dailyPrompt") ? ENV_VARS.dailyPrompt : null}>
              <label className="security-check">
                <input
                  type="checkbox"
                  checked={preferences.dailyPrompt}
                  disabled={fixed("dailyPrompt")}
                  onChange={(event) => save("dailyPrompt", String(event.target.checked))}
                />
                Show a prompt of the day above an empty entry
              </label>
            </Row>
            <Row label="Spelling" fixedBy={fixed("spellCheck") ? ENV_VARS.spellCheck : null}>
              <select
                className="field-select"
                data-testid="setting-spell-check"
                value={spellValue(preferences.spellCheck)}
                disabled={fixed("spellCheck")}
                onChange={(event) => save("spellCheck", event.target.value)}
              >
                <option value="auto">Check, in the system's language</option>
                <option value="off">Don't check</option>
                {settings.dictionaries.map((name) => (
                  <option key={name} value={name}>
                    Check in {name.replace("_", "-")}
                  </option>
                ))}
                {preferences.spellCheck.kind === "language" && !settings.dictionaries.includes(preferences.spellCheck.language) && (
                  <option value={preferences.spellCheck.language}>
                    {preferences.spellCheck.language} (no dictionary installed)
                  </option>
                )}
              </select>
            </Row>
            {settings.dictionaries.length === 0 && preferences.spellCheck.kind !== "off" && (
              <p className="field-hint">
                No spelling dictionary is installed. Install one, such as the hunspell-en-us package, and restart Quire.
              </p>
            )}
          </Section>

          <Section title="Reminder">
            <Row label="Daily" fixedBy={fixed("reminder") ? ENV_VARS.reminder : null}>
              <label className="security-check">
                <input
                  type="checkbox"
                  data-testid="setting-reminder"
                  checked={preferences.reminder !== null}
                  disabled={fixed("reminder")}
                  onChange={(event) => save("reminder", event.target.checked ? reminderText(preferences.reminder) : "off")}
                />
                Remind me to write at
              </label>
              <input
                type="time"
                className="field-input settings-time"
                aria-label="Reminder time"
                value={reminderText(preferences.reminder)}
                disabled={fixed("reminder") || preferences.reminder === null}
                onChange={(event) => event.target.value && save("reminder", event.target.value)}
              />
            </Row>
            <Row label="At login">
              <label className="security-check">
                <input
                  type="checkbox"
                  checked={settings.startAtLogin}
                  onChange={(event) => {
                    setOutcome(null);
                    api.setStartAtLogin(event.target.checked).then(
                      (now) => mounted.current && (setSettings(now), setOutcome({ kind: "saved" })),
                      (error: unknown) => mounted.current && setOutcome({ kind: "failed", error: toAppError(error) }),
                    );
                  }}
                />
                Start Quire when I log in
              </label>
            </Row>
            <p className="field-hint">The reminder comes while Quire is running; starting it at login keeps it coming after a restart.</p>
          </Section>

          {onSync && (
            <Section title="Sync">
              <Row label="Other computers">
                <button type="button" className="button" data-testid="settings-sync" onClick={onSync}>
                  Sync…
                </button>
              </Row>
              <p className="field-hint" data-testid="settings-sync-summary">
                {syncSummary(sync)}
              </p>
            </Section>
          )}

          <Section title="Privacy and account">
            <Row label="Lock">
              <button type="button" className="button" onClick={onSecurity}>
                Passphrase and auto-lock…
              </button>
            </Row>
            <Row label="Sign-in page" fixedBy={fixed("signIn") ? ENV_VARS.signIn : null}>
              <Segmented
                label="Sign-in page"
                options={[
                  { value: "embedded", label: "In Quire" },
                  { value: "browser", label: "In the browser" },
                ]}
                value={settings.signIn}
                disabled={fixed("signIn")}
                onChange={(value) => save("signIn", value)}
              />
            </Row>
          </Section>

          <Section title="Data folder">
            <p className="security-note">
              Your journal is in <span className="settings-path">{settings.dataDir}</span>.{" "}
              <button type="button" className="link-button" onClick={onShowDataFolder}>
                Show it
              </button>
            </p>
            {fixed("dataDir") ? (
              <p className="field-hint">Set by {ENV_VARS.dataDir}; unset it to choose the folder here.</p>
            ) : (
              <form
                className="security-row"
                onSubmit={(event) => {
                  event.preventDefault();
                  save("dataDir", folder.trim() === "" ? null : folder.trim());
                }}
              >
                <input
                  className="field-input settings-folder"
                  aria-label="Data folder from the next start"
                  placeholder="The default folder"
                  value={folder}
                  onChange={(event) => setFolder(event.target.value)}
                />
                <button type="submit" className="button">
                  Use from next start
                </button>
              </form>
            )}
            <p className="field-hint">
              Quire does not move your journal. To keep writing in it, quit Quire and move the folder&apos;s contents to the new
              folder before starting again.
            </p>
          </Section>
        </>
      )}

      <div className="dialog-actions">
        <button ref={closeRef} type="button" className="button button-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalFrame>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="security-section" aria-labelledby={id}>
      <h3 id={id} className="security-heading">
        {title}
      </h3>
      {children}
    </section>
  );
}

function Row({ label, fixedBy = null, children }: { label: string; fixedBy?: string | null; children: ReactNode }) {
  return (
    <div className="settings-row">
      <span className="settings-label">{label}</span>
      <span className="settings-control">
        {children}
        {fixedBy && <span className="field-hint">Set by {fixedBy}</span>}
      </span>
    </div>
  );
}
