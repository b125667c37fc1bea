//! The app's preferences: how it looks, how the editor behaves, and the daily reminder.
//!
//! They come from the same layers as the other settings ([`crate::config`]): the environment over the
//! config file over defaults, key by key. A value that does not parse never stops the app: the layer
//! below takes over, and [`Resolved::problems`] says what to fix. The settings window saves a change
//! with [`write_preference`], which edits the config file in place, so the person's comments, the
//! order of the keys and every other key stay as they were.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml_edit::{DocumentMut, Entry, Item, Table};

use crate::config::{RawSettings, SignInMode, CONFIG_FILE};

/// The app's colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Appearance {
    /// Light or dark, as the operating system is.
    #[default]
    System,
    Light,
    Dark,
}

/// The typeface the editor writes in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum EditorFont {
    #[default]
    Serif,
    Sans,
    Mono,
}

/// Which dictionary the editor checks spelling with. In JSON: `{"kind": "auto"}`, `{"kind": "off"}`
/// or `{"kind": "language", "language": "en_GB"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "language", rename_all = "camelCase")]
pub enum SpellCheck {
    /// The dictionary of the locale's language.
    #[default]
    Auto,
    /// No spell checking.
    Off,
    /// A named dictionary, such as `en_US` or `de_DE`.
    Language(String),
}

/// The local time of the daily reminder to write, on a 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderTime {
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
}

impl fmt::Display for ReminderTime {
    /// `HH:MM`, as the config file holds it.
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// Everything the settings window sets apart from sign-in and the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Preferences {
    pub appearance: Appearance,
    pub editor_font: EditorFont,
    /// In points, 12 to 32.
    pub editor_font_size: u8,
    pub spell_check: SpellCheck,
    /// Whether the formatting toolbar shows above the editor.
    pub editor_toolbar: bool,
    /// Whether an empty entry shows the prompt of the day.
    pub daily_prompt: bool,
    /// When to remind the person to write; `None` for no reminder.
    pub reminder: Option<ReminderTime>,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            appearance: Appearance::System,
            editor_font: EditorFont::Serif,
            editor_font_size: 18,
            spell_check: SpellCheck::Auto,
            editor_toolbar: true,
            daily_prompt: true,
            reminder: None,
        }
    }
}

impl Preferences {
    /// Takes `value` for its key. Sign-in and the data folder are [`crate::config::Settings`]' keys,
    /// not preferences, so they change nothing here.
    fn set(&mut self, value: PreferenceValue) {
        match value {
            PreferenceValue::Appearance(appearance) => self.appearance = appearance,
            PreferenceValue::EditorFont(font) => self.editor_font = font,
            PreferenceValue::EditorFontSize(size) => self.editor_font_size = size,
            PreferenceValue::SpellCheck(spell_check) => self.spell_check = spell_check,
            PreferenceValue::EditorToolbar(shown) => self.editor_toolbar = shown,
            PreferenceValue::DailyPrompt(shown) => self.daily_prompt = shown,
            PreferenceValue::Reminder(reminder) => self.reminder = reminder,
            PreferenceValue::SignIn(_) | PreferenceValue::DataDir(_) => {}
        }
    }
}

/// A key the settings window edits: the six preferences, plus the existing sign-in and data-folder
/// settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PreferenceKey {
    Appearance,
    EditorFont,
    EditorFontSize,
    SpellCheck,
    EditorToolbar,
    DailyPrompt,
    Reminder,
    SignIn,
    DataDir,
}

impl PreferenceKey {
    /// Every key, in the settings window's order.
    pub const ALL: [PreferenceKey; 9] = [
        PreferenceKey::Appearance,
        PreferenceKey::EditorFont,
        PreferenceKey::EditorFontSize,
        PreferenceKey::SpellCheck,
        PreferenceKey::EditorToolbar,
        PreferenceKey::DailyPrompt,
        PreferenceKey::Reminder,
        PreferenceKey::SignIn,
        PreferenceKey::DataDir,
    ];

    /// The key's name in the config file.
    pub fn file_key(&self) -> &'static str {
        match self {
            PreferenceKey::Appearance => "appearance",
            PreferenceKey::EditorFont => "editor_font",
            PreferenceKey::EditorFontSize => "editor_font_size",
            PreferenceKey::SpellCheck => "spell_check",
            PreferenceKey::EditorToolbar => "editor_toolbar",
            PreferenceKey::DailyPrompt => "daily_prompt",
            PreferenceKey::Reminder => "reminder",
            PreferenceKey::SignIn => "sign_in",
            PreferenceKey::DataDir => "data_dir",
        }
    }

    /// The environment variable that overrides the config file's key.
    pub fn env_var(&self) -> &'static str {
        match self {
            PreferenceKey::Appearance => "QUIRE_APPEARANCE",
            PreferenceKey::EditorFont => "QUIRE_EDITOR_FONT",
            PreferenceKey::EditorFontSize => "QUIRE_EDITOR_FONT_SIZE",
            PreferenceKey::SpellCheck => "QUIRE_SPELL_CHECK",
            PreferenceKey::EditorToolbar => "QUIRE_EDITOR_TOOLBAR",
            PreferenceKey::DailyPrompt => "QUIRE_DAILY_PROMPT",
            PreferenceKey::Reminder => "QUIRE_REMINDER",
            PreferenceKey::SignIn => "QUIRE_SIGN_IN",
            PreferenceKey::DataDir => "QUIRE_DATA_DIR",
        }
    }

    /// Whether the key is one of [`Preferences`]' rather than one of the settings'.
    fn is_preference(self) -> bool {
        !matches!(self, PreferenceKey::SignIn | PreferenceKey::DataDir)
    }

    /// The key's text in one layer.
    fn in_layer(self, raw: &RawSettings) -> Option<&str> {
        let value = match self {
            PreferenceKey::Appearance => &raw.appearance,
            PreferenceKey::EditorFont => &raw.editor_font,
            PreferenceKey::EditorFontSize => &raw.editor_font_size,
            PreferenceKey::SpellCheck => &raw.spell_check,
            PreferenceKey::EditorToolbar => &raw.editor_toolbar,
            PreferenceKey::DailyPrompt => &raw.daily_prompt,
            PreferenceKey::Reminder => &raw.reminder,
            PreferenceKey::SignIn => &raw.sign_in,
            PreferenceKey::DataDir => &raw.data_dir,
        };
        value.as_deref()
    }

    /// What the key accepts, as a person reads it in the settings window.
    fn rule(self) -> &'static str {
        match self {
            PreferenceKey::Appearance => "The appearance must be \"system\", \"light\" or \"dark\".",
            PreferenceKey::EditorFont => "The editor font must be \"serif\", \"sans\" or \"mono\".",
            PreferenceKey::EditorFontSize => "The font size must be a whole number from 12 to 32.",
            PreferenceKey::SpellCheck => {
                "Spell checking must be \"auto\", \"off\" or a dictionary name such as en_US or de_DE."
            }
            PreferenceKey::EditorToolbar => "The toolbar setting must be \"true\" or \"false\".",
            PreferenceKey::DailyPrompt => {
                "The prompt of the day setting must be \"true\" or \"false\"."
            }
            PreferenceKey::Reminder => {
                "The reminder must be \"off\" or a time from 00:00 to 23:59, such as 07:30."
            }
            PreferenceKey::SignIn => "The sign-in setting must be \"embedded\" or \"browser\".",
            PreferenceKey::DataDir => {
                "The data folder must be a full path, such as /home/you/Journal or C:\\Users\\you\\Journal."
            }
        }
    }
}

/// A value that passed [`validate`], in the form the config file stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreferenceValue {
    Appearance(Appearance),
    EditorFont(EditorFont),
    EditorFontSize(u8),
    SpellCheck(SpellCheck),
    EditorToolbar(bool),
    DailyPrompt(bool),
    Reminder(Option<ReminderTime>),
    SignIn(SignInMode),
    /// An absolute path.
    DataDir(String),
}

impl PreferenceValue {
    /// The TOML value: an integer for the font size, a boolean for the toolbar, text for the rest.
    fn to_toml(&self) -> toml_edit::Value {
        match self {
            PreferenceValue::Appearance(appearance) => appearance_name(*appearance).into(),
            PreferenceValue::EditorFont(font) => font_name(*font).into(),
            PreferenceValue::EditorFontSize(size) => i64::from(*size).into(),
            PreferenceValue::SpellCheck(SpellCheck::Auto) => "auto".into(),
            PreferenceValue::SpellCheck(SpellCheck::Off) => "off".into(),
            PreferenceValue::SpellCheck(SpellCheck::Language(name)) => name.as_str().into(),
            PreferenceValue::EditorToolbar(shown) | PreferenceValue::DailyPrompt(shown) => {
                (*shown).into()
            }
            PreferenceValue::Reminder(None) => "off".into(),
            PreferenceValue::Reminder(Some(time)) => time.to_string().into(),
            PreferenceValue::SignIn(SignInMode::Embedded) => "embedded".into(),
            PreferenceValue::SignIn(SignInMode::Browser) => "browser".into(),
            PreferenceValue::DataDir(path) => path.as_str().into(),
        }
    }
}

/// Checks `value` (surrounding spaces ignored) for `key`. The error is one sentence that says what the
/// key accepts, for the settings window to show.
pub fn validate(key: PreferenceKey, value: &str) -> Result<PreferenceValue, String> {
    let text = value.trim();
    let parsed = match key {
        PreferenceKey::Appearance => parse_appearance(text).map(PreferenceValue::Appearance),
        PreferenceKey::EditorFont => parse_font(text).map(PreferenceValue::EditorFont),
        PreferenceKey::EditorFontSize => parse_font_size(text).map(PreferenceValue::EditorFontSize),
        PreferenceKey::SpellCheck => parse_spell_check(text).map(PreferenceValue::SpellCheck),
        PreferenceKey::EditorToolbar => parse_bool(text).map(PreferenceValue::EditorToolbar),
        PreferenceKey::DailyPrompt => parse_bool(text).map(PreferenceValue::DailyPrompt),
        PreferenceKey::Reminder => parse_reminder(text).map(PreferenceValue::Reminder),
        PreferenceKey::SignIn => parse_sign_in(text).map(PreferenceValue::SignIn),
        PreferenceKey::DataDir => parse_data_dir(text).map(PreferenceValue::DataDir),
    };
    parsed.ok_or_else(|| key.rule().to_owned())
}

fn appearance_name(appearance: Appearance) -> &'static str {
    match appearance {
        Appearance::System => "system",
        Appearance::Light => "light",
        Appearance::Dark => "dark",
    }
}

fn font_name(font: EditorFont) -> &'static str {
    match font {
        EditorFont::Serif => "serif",
        EditorFont::Sans => "sans",
        EditorFont::Mono => "mono",
    }
}

fn parse_appearance(text: &str) -> Option<Appearance> {
    [Appearance::System, Appearance::Light, Appearance::Dark]
        .into_iter()
        .find(|appearance| appearance_name(*appearance) == text)
}

fn parse_font(text: &str) -> Option<EditorFont> {
    [EditorFont::Serif, EditorFont::Sans, EditorFont::Mono]
        .into_iter()
        .find(|font| font_name(*font) == text)
}

fn parse_font_size(text: &str) -> Option<u8> {
    let all_digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let size = text.parse::<u8>().ok().filter(|_| all_digits)?;
    (12..=32).contains(&size).then_some(size)
}

fn parse_spell_check(text: &str) -> Option<SpellCheck> {
    match text {
        "auto" => Some(SpellCheck::Auto),
        "off" => Some(SpellCheck::Off),
        name if is_dictionary_name(name) => Some(SpellCheck::Language(name.to_owned())),
        _ => None,
    }
}

/// 2 or 3 lower-case letters for the language, then optionally `_` and 2 upper-case letters or
/// digits for the region: `de`, `en_GB`, `fil_PH`.
pub fn is_dictionary_name(name: &str) -> bool {
    let (language, region) = match name.split_once('_') {
        Some((language, region)) => (language, Some(region)),
        None => (name, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok = region.is_none_or(|region| {
        region.len() == 2
            && region
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    });
    language_ok && region_ok
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `off`, or `HH:MM` with two digits each.
fn parse_reminder(text: &str) -> Option<Option<ReminderTime>> {
    if text == "off" {
        return Some(None);
    }
    let (hour, minute) = text.split_once(':')?;
    let two_digits = |part: &str| {
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u8>().ok())
            .flatten()
    };
    let (hour, minute) = (two_digits(hour)?, two_digits(minute)?);
    (hour < 24 && minute < 60).then_some(Some(ReminderTime { hour, minute }))
}

fn parse_sign_in(text: &str) -> Option<SignInMode> {
    match text {
        "embedded" => Some(SignInMode::Embedded),
        "browser" => Some(SignInMode::Browser),
        _ => None,
    }
}

fn parse_data_dir(text: &str) -> Option<String> {
    Path::new(text).is_absolute().then(|| text.to_owned())
}

/// The preferences in effect, and how they came about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Resolved {
    pub preferences: Preferences,
    /// The keys the environment decides, so that changing them in the settings window would have no
    /// effect: a preference whose environment variable holds a valid value, and sign-in or the data
    /// folder whenever their variable is set.
    pub from_env: Vec<PreferenceKey>,
    /// One sentence or two for each value that was ignored: the key, the value, where it came from,
    /// what the key accepts and what to change.
    pub problems: Vec<String>,
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Environment,
    File,
}

/// The preferences from the environment over the config file over the defaults, key by key. A value
/// that does not pass [`validate`] gives way to the layer below and adds a problem.
pub fn resolve(env: &RawSettings, file: &RawSettings) -> Resolved {
    let mut resolved = Resolved::default();
    for key in PreferenceKey::ALL {
        if !key.is_preference() {
            if key.in_layer(env).is_some() {
                resolved.from_env.push(key);
            }
            continue;
        }
        let layers = [(Layer::Environment, env), (Layer::File, file)];
        if let Some((value, layer)) = first_valid(key, layers, &mut resolved.problems) {
            resolved.preferences.set(value);
            if layer == Layer::Environment {
                resolved.from_env.push(key);
            }
        }
    }
    resolved
}

/// The first layer's valid value for `key`, with a problem added for each invalid one before it.
fn first_valid(
    key: PreferenceKey,
    layers: [(Layer, &RawSettings); 2],
    problems: &mut Vec<String>,
) -> Option<(PreferenceValue, Layer)> {
    for (layer, raw) in layers {
        let Some(text) = key.in_layer(raw) else {
            continue;
        };
        match validate(key, text) {
            Ok(value) => return Some((value, layer)),
            Err(rule) => problems.push(problem(key, layer, text, &rule)),
        }
    }
    None
}

fn problem(key: PreferenceKey, layer: Layer, text: &str, rule: &str) -> String {
    match layer {
        Layer::Environment => format!(
            "The environment variable {name} is {text:?}, which Quire ignores. {rule} Change or \
             unset {name}.",
            name = key.env_var()
        ),
        Layer::File => format!(
            "The config file's {name} is {text:?}, which Quire ignores. {rule} Change or remove \
             {name} in the config file, or pick a value in the settings window.",
            name = key.file_key()
        ),
    }
}

/// Sets `key` to `value` in `config_dir`'s config file, or removes it for `None`; the file's
/// comments, its order and its other keys stay as they were. Checks the value first and writes
/// nothing if it is not valid, nor over a file that is not valid TOML. Creates the folder if needed
/// (owner only), and replaces the file atomically and durably, readable by its owner only.
pub fn write_preference(
    config_dir: &Path,
    key: PreferenceKey,
    value: Option<&str>,
) -> Result<(), String> {
    let value = value.map(|text| validate(key, text)).transpose()?;
    let path = config_dir.join(CONFIG_FILE);
    let mut document = read_document(&path)?;
    match value {
        Some(value) => set_value(document.as_table_mut(), key.file_key(), value.to_toml()),
        None => remove_key(&mut document, key.file_key()),
    }
    save(config_dir, &path, &document.to_string())
}

/// The config file as an editable document; an empty one if there is no file yet.
fn read_document(path: &Path) -> Result<DocumentMut, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(DocumentMut::new()),
        Err(err) => {
            return Err(format!(
                "Quire could not open its config file {}: {err}. Check that you can read it, then \
                 try again.",
                path.display()
            ))
        }
    };
    text.parse().map_err(|err| {
        format!(
            "Quire did not save the setting: its config file {} is not valid TOML, and Quire will \
             not overwrite it. Fix or remove the file, then try again.\n\n{err}",
            path.display()
        )
    })
}

/// Replaces the value of `key`, keeping the key's comments and the value's end-of-line comment, or
/// adds the key after the others.
fn set_value(table: &mut Table, key: &str, mut value: toml_edit::Value) {
    match table.entry(key) {
        Entry::Occupied(mut entry) => {
            let item = entry.get_mut();
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        Entry::Vacant(entry) => {
            entry.insert(Item::Value(value));
        }
    }
}

/// Removes `key`. Comment lines above it stay, above the next key or at the end of the file.
fn remove_key(document: &mut DocumentMut, key: &str) {
    let table = document.as_table_mut();
    let Some(index) = table.iter().position(|(name, _)| name == key) else {
        return;
    };
    let Some((removed, _)) = table.remove_entry(key) else {
        return;
    };
    let comments = removed
        .leaf_decor()
        .prefix()
        .and_then(|prefix| prefix.as_str())
        .filter(|prefix| prefix.contains('#'))
        .map(str::to_owned);
    let Some(comments) = comments else {
        return;
    };
    let next = table
        .iter()
        .nth(index)
        .filter(|(_, item)| item.is_value())
        .map(|(name, _)| name.to_owned());
    match next.and_then(|name| table.key_mut(&name)) {
        Some(mut next) => {
            let decor = next.leaf_decor_mut();
            let own = decor
                .prefix()
                .and_then(|prefix| prefix.as_str())
                .unwrap_or("");
            decor.set_prefix(format!("{comments}{own}"));
        }
        None => {
            let trailing = document.trailing().as_str().unwrap_or("").to_owned();
            document.set_trailing(format!("{comments}{trailing}"));
        }
    }
}

/// Writes the config file atomically: to a temporary file in the same folder (the target's, if the
/// file is a symbolic link, so the link survives), synced, renamed over the file, folder synced.
fn save(config_dir: &Path, path: &Path, text: &str) -> Result<(), String> {
    crate::fs::ensure_private_dir(config_dir).map_err(|err| {
        format!(
            "Quire could not create its config folder {}: {err}. Check that you can write there, \
             then try again.",
            config_dir.display()
        )
    })?;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    crate::fs::replace_synced(&target, text.as_bytes()).map_err(|err| {
        format!(
            "Quire could not save its config file {}: {err}. Check that you can write to its \
             folder, then try again.",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(vars: &[(&str, &str)]) -> RawSettings {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        RawSettings::from_vars(|name| vars.get(name).cloned())
    }

    fn file(text: &str) -> RawSettings {
        toml::from_str(text).unwrap()
    }

    fn config_text(dir: &Path) -> String {
        std::fs::read_to_string(dir.join(CONFIG_FILE)).unwrap()
    }

    #[test]
    fn nothing_set_gives_the_defaults() {
        let resolved = resolve(&RawSettings::default(), &RawSettings::default());
        let expected = Preferences {
            appearance: Appearance::System,
            editor_font: EditorFont::Serif,
            editor_font_size: 18,
            spell_check: SpellCheck::Auto,
            editor_toolbar: true,
            daily_prompt: true,
            reminder: None,
        };
        assert_eq!(resolved.preferences, expected);
        assert_eq!(Preferences::default(), expected);
        assert!(resolved.from_env.is_empty());
        assert!(resolved.problems.is_empty());
    }

    #[test]
    fn preferences_serialize_for_the_front_end() {
        let json = serde_json::to_value(Preferences::default()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "appearance": "system",
                "editorFont": "serif",
                "editorFontSize": 18,
                "spellCheck": {"kind": "auto"},
                "editorToolbar": true,
                "dailyPrompt": true,
                "reminder": null,
            })
        );
        let chosen = Preferences {
            spell_check: SpellCheck::Language("en_GB".into()),
            reminder: Some(ReminderTime { hour: 7, minute: 5 }),
            ..Preferences::default()
        };
        let json = serde_json::to_value(&chosen).unwrap();
        assert_eq!(
            json["spellCheck"],
            serde_json::json!({"kind": "language", "language": "en_GB"})
        );
        assert_eq!(
            json["reminder"],
            serde_json::json!({"hour": 7, "minute": 5})
        );
        assert_eq!(serde_json::from_value::<Preferences>(json).unwrap(), chosen);
        assert_eq!(
            serde_json::to_value(PreferenceKey::EditorFontSize).unwrap(),
            "editorFontSize"
        );
    }

    #[test]
    fn key_names_follow_the_settings_scheme() {
        for key in PreferenceKey::ALL {
            assert_eq!(
                key.env_var(),
                format!("QUIRE_{}", key.file_key().to_uppercase())
            );
        }
    }

    #[test]
    fn every_key_is_read_from_environment_strings() {
        let env = env(&[
            ("QUIRE_APPEARANCE", "dark"),
            ("QUIRE_EDITOR_FONT", "mono"),
            ("QUIRE_EDITOR_FONT_SIZE", "24"),
            ("QUIRE_SPELL_CHECK", "de_DE"),
            ("QUIRE_EDITOR_TOOLBAR", "false"),
            ("QUIRE_DAILY_PROMPT", "false"),
            ("QUIRE_REMINDER", "07:30"),
            ("QUIRE_SIGN_IN", "browser"),
            ("QUIRE_DATA_DIR", "/journal"),
        ]);
        let resolved = resolve(&env, &RawSettings::default());
        assert_eq!(
            resolved.preferences,
            Preferences {
                appearance: Appearance::Dark,
                editor_font: EditorFont::Mono,
                editor_font_size: 24,
                spell_check: SpellCheck::Language("de_DE".into()),
                editor_toolbar: false,
                daily_prompt: false,
                reminder: Some(ReminderTime {
                    hour: 7,
                    minute: 30
                }),
            }
        );
        assert_eq!(resolved.from_env, PreferenceKey::ALL.to_vec());
        assert!(resolved.problems.is_empty(), "{:?}", resolved.problems);
    }

    #[test]
    fn every_key_is_read_from_file_integers_booleans_and_strings() {
        let typed = file(
            "appearance = \"light\"\neditor_font = \"sans\"\neditor_font_size = 20\n\
             spell_check = \"off\"\neditor_toolbar = false\nreminder = \"21:05\"\n",
        );
        let resolved = resolve(&RawSettings::default(), &typed);
        assert_eq!(
            resolved.preferences,
            Preferences {
                appearance: Appearance::Light,
                editor_font: EditorFont::Sans,
                editor_font_size: 20,
                spell_check: SpellCheck::Off,
                editor_toolbar: false,
                daily_prompt: true,
                reminder: Some(ReminderTime {
                    hour: 21,
                    minute: 5
                }),
            }
        );
        assert!(resolved.from_env.is_empty());
        assert!(resolved.problems.is_empty(), "{:?}", resolved.problems);

        let as_strings = file("editor_font_size = \"20\"\neditor_toolbar = \"false\"");
        let preferences = resolve(&RawSettings::default(), &as_strings).preferences;
        assert_eq!(preferences.editor_font_size, 20);
        assert!(!preferences.editor_toolbar);

        // A bare TOML time is read as HH:MM.
        let bare_time = file("reminder = 06:45");
        assert_eq!(
            resolve(&RawSettings::default(), &bare_time)
                .preferences
                .reminder,
            Some(ReminderTime {
                hour: 6,
                minute: 45
            })
        );
    }

    #[test]
    fn a_typo_in_the_file_is_still_reported() {
        assert!(toml::from_str::<RawSettings>("editor_fontsize = 20").is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "apperance = \"dark\"\n").unwrap();
        let err = RawSettings::from_file(&path).unwrap_err();
        assert!(err.contains("apperance"), "{err}");
    }

    #[test]
    fn the_environment_wins_key_by_key() {
        let env = env(&[("QUIRE_APPEARANCE", "dark")]);
        let file = file("appearance = \"light\"\neditor_font_size = 20\nsign_in = \"browser\"");
        let resolved = resolve(&env, &file);
        assert_eq!(resolved.preferences.appearance, Appearance::Dark);
        assert_eq!(resolved.preferences.editor_font_size, 20);
        assert_eq!(resolved.from_env, vec![PreferenceKey::Appearance]);
        // The merged layer the rest of the settings use agrees.
        assert_eq!(env.or(file).appearance.as_deref(), Some("dark"));
    }

    #[test]
    fn a_bad_value_falls_back_and_says_where_it_came_from() {
        let env = env(&[("QUIRE_EDITOR_FONT_SIZE", "40")]);
        let file = file("editor_font_size = 20\neditor_font = \"comic\"");
        let resolved = resolve(&env, &file);
        assert_eq!(resolved.preferences.editor_font_size, 20);
        assert_eq!(resolved.preferences.editor_font, EditorFont::Serif);
        assert!(resolved.from_env.is_empty());
        let [font, font_size] = resolved.problems.as_slice() else {
            panic!("two problems expected: {:?}", resolved.problems);
        };
        assert!(font_size.contains("QUIRE_EDITOR_FONT_SIZE"), "{font_size}");
        assert!(font_size.contains("\"40\""), "{font_size}");
        assert!(font_size.contains("from 12 to 32"), "{font_size}");
        assert!(font.contains("config file's editor_font"), "{font}");
        assert!(font.contains("\"comic\""), "{font}");
        assert!(font.contains("\"serif\", \"sans\" or \"mono\""), "{font}");
    }

    #[test]
    fn bad_values_in_both_layers_fall_back_to_the_default() {
        let env = env(&[("QUIRE_REMINDER", "7:30")]);
        let resolved = resolve(&env, &file("reminder = \"25:00\"\neditor_toolbar = 1"));
        assert_eq!(resolved.preferences, Preferences::default());
        assert_eq!(resolved.problems.len(), 3, "{:?}", resolved.problems);
        assert!(resolved.problems[0].contains("editor_toolbar is \"1\""));
        assert!(resolved.problems[1].contains("QUIRE_REMINDER is \"7:30\""));
        assert!(resolved.problems[2].contains("reminder is \"25:00\""));
    }

    #[test]
    fn validate_accepts_exactly_the_documented_values() {
        let accepted = [
            (PreferenceKey::Appearance, "system"),
            (PreferenceKey::Appearance, " dark "),
            (PreferenceKey::EditorFont, "sans"),
            (PreferenceKey::EditorFontSize, "12"),
            (PreferenceKey::EditorFontSize, "32"),
            (PreferenceKey::SpellCheck, "auto"),
            (PreferenceKey::SpellCheck, "off"),
            (PreferenceKey::SpellCheck, "en"),
            (PreferenceKey::SpellCheck, "fil_PH"),
            (PreferenceKey::SpellCheck, "es_41"),
            (PreferenceKey::EditorToolbar, "true"),
            (PreferenceKey::Reminder, "off"),
            (PreferenceKey::Reminder, "00:00"),
            (PreferenceKey::Reminder, "23:59"),
            (PreferenceKey::SignIn, "embedded"),
        ];
        for (key, value) in accepted {
            assert!(validate(key, value).is_ok(), "{key:?} {value:?}");
        }
        let rejected = [
            (PreferenceKey::Appearance, "Dark"),
            (PreferenceKey::EditorFont, "comic"),
            (PreferenceKey::EditorFontSize, "11"),
            (PreferenceKey::EditorFontSize, "33"),
            (PreferenceKey::EditorFontSize, "+18"),
            (PreferenceKey::EditorFontSize, "18.0"),
            (PreferenceKey::SpellCheck, "e"),
            (PreferenceKey::SpellCheck, "engl"),
            (PreferenceKey::SpellCheck, "EN_us"),
            (PreferenceKey::SpellCheck, "en_USA"),
            (PreferenceKey::SpellCheck, "en_"),
            (PreferenceKey::SpellCheck, "en-US"),
            (PreferenceKey::EditorToolbar, "yes"),
            (PreferenceKey::Reminder, "24:00"),
            (PreferenceKey::Reminder, "12:60"),
            (PreferenceKey::Reminder, "7:30"),
            (PreferenceKey::Reminder, "07:30:00"),
            (PreferenceKey::SignIn, "popup"),
            (PreferenceKey::DataDir, "relative/journal"),
            (PreferenceKey::DataDir, ""),
        ];
        for (key, value) in rejected {
            assert!(validate(key, value).is_err(), "{key:?} {value:?}");
        }
        assert_eq!(
            validate(PreferenceKey::EditorFontSize, "40").unwrap_err(),
            "The font size must be a whole number from 12 to 32."
        );
        assert_eq!(
            validate(PreferenceKey::Reminder, "09:05").unwrap(),
            PreferenceValue::Reminder(Some(ReminderTime { hour: 9, minute: 5 }))
        );
    }

    #[test]
    fn the_writer_keeps_comments_order_and_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "# My Quire settings\nsign_in = \"browser\"\n\n# Easier on the eyes\nappearance = \"dark\" # at night\n",
        )
        .unwrap();
        write_preference(dir.path(), PreferenceKey::EditorFontSize, Some("20")).unwrap();
        write_preference(dir.path(), PreferenceKey::Appearance, Some("light")).unwrap();
        assert_eq!(
            config_text(dir.path()),
            "# My Quire settings\nsign_in = \"browser\"\n\n# Easier on the eyes\n\
             appearance = \"light\" # at night\neditor_font_size = 20\n"
        );
    }

    #[test]
    fn the_writer_removes_a_key_for_none_and_keeps_the_comment_above_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "# My Quire settings\nappearance = \"dark\"\nsign_in = \"browser\"\n",
        )
        .unwrap();
        write_preference(dir.path(), PreferenceKey::Appearance, None).unwrap();
        assert_eq!(
            config_text(dir.path()),
            "# My Quire settings\nsign_in = \"browser\"\n"
        );
        write_preference(dir.path(), PreferenceKey::SignIn, None).unwrap();
        assert_eq!(config_text(dir.path()), "# My Quire settings\n");
        let raw = RawSettings::from_file(&dir.path().join(CONFIG_FILE)).unwrap();
        assert_eq!(raw, RawSettings::default());
    }

    #[test]
    fn the_writer_writes_integers_and_booleans_as_toml_types() {
        let dir = tempfile::tempdir().unwrap();
        write_preference(dir.path(), PreferenceKey::EditorFontSize, Some(" 20 ")).unwrap();
        write_preference(dir.path(), PreferenceKey::EditorToolbar, Some("false")).unwrap();
        assert_eq!(
            config_text(dir.path()),
            "editor_font_size = 20\neditor_toolbar = false\n"
        );
    }

    #[test]
    fn the_writer_refuses_an_invalid_value_and_leaves_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        let before = b"# keep me\neditor_font_size   =  14\n".to_vec();
        std::fs::write(&path, &before).unwrap();
        let err = write_preference(dir.path(), PreferenceKey::EditorFontSize, Some("40"));
        assert_eq!(
            err.unwrap_err(),
            "The font size must be a whole number from 12 to 32."
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);

        let missing = dir.path().join("not-yet");
        assert!(write_preference(&missing, PreferenceKey::Reminder, Some("noon")).is_err());
        assert!(!missing.exists());
    }

    #[test]
    fn the_writer_will_not_overwrite_a_file_that_is_not_toml() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        let before = b"appearance = \"dark\nsign_in = [\n".to_vec();
        std::fs::write(&path, &before).unwrap();
        let err =
            write_preference(dir.path(), PreferenceKey::Appearance, Some("light")).unwrap_err();
        assert!(err.contains("not valid TOML"), "{err}");
        assert!(err.contains("Fix or remove the file"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn what_the_writer_writes_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let config_dir = dir.path().join("new").join("quire");
        let values = [
            (PreferenceKey::Appearance, "dark"),
            (PreferenceKey::EditorFont, "mono"),
            (PreferenceKey::EditorFontSize, "31"),
            (PreferenceKey::SpellCheck, "en_GB"),
            (PreferenceKey::EditorToolbar, "false"),
            (PreferenceKey::Reminder, "22:15"),
            (PreferenceKey::SignIn, "browser"),
            (PreferenceKey::DataDir, "/srv/journal \"quoted\""),
        ];
        for (key, value) in values {
            write_preference(&config_dir, key, Some(value)).unwrap();
        }
        let raw = RawSettings::from_file(&config_dir.join(CONFIG_FILE)).unwrap();
        for (key, value) in values {
            let read = key
                .in_layer(&raw)
                .unwrap_or_else(|| panic!("{key:?} missing"));
            assert_eq!(validate(key, read), validate(key, value), "{key:?}");
        }
        assert_eq!(raw.data_dir.as_deref(), Some("/srv/journal \"quoted\""));
        assert_eq!(
            resolve(&RawSettings::default(), &raw)
                .preferences
                .editor_font_size,
            31
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_writer_makes_a_private_folder_and_file_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let config_dir = dir.path().join("quire");
        write_preference(&config_dir, PreferenceKey::Appearance, Some("dark")).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&config_dir), 0o700);
        assert_eq!(mode(&config_dir.join(CONFIG_FILE)), 0o600);
        let names: Vec<_> = std::fs::read_dir(&config_dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(CONFIG_FILE)]);
    }

    #[cfg(unix)]
    #[test]
    fn the_writer_writes_through_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let dotfiles = dir.path().join("dotfiles");
        let config_dir = dir.path().join("quire");
        std::fs::create_dir_all(&dotfiles).unwrap();
        std::fs::create_dir_all(&config_dir).unwrap();
        std::fs::write(dotfiles.join("quire.toml"), "sign_in = \"browser\"\n").unwrap();
        std::os::unix::fs::symlink(dotfiles.join("quire.toml"), config_dir.join(CONFIG_FILE))
            .unwrap();
        write_preference(&config_dir, PreferenceKey::Appearance, Some("dark")).unwrap();
        let link = std::fs::symlink_metadata(config_dir.join(CONFIG_FILE)).unwrap();
        assert!(link.file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(dotfiles.join("quire.toml")).unwrap(),
            "sign_in = \"browser\"\nappearance = \"dark\"\n"
        );
    }
}
