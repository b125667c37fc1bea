//! Settings that come from outside: the environment, the config file, and defaults baked in at build
//! time, in that order of precedence, key by key.
//!
//! Raw input ([`RawSettings`]) stays here; the rest of the app receives validated [`Settings`]. A
//! missing or broken sign-in configuration is not an error at this point: it becomes the text the
//! welcome window shows, saying exactly what to set.

use std::path::{Path, PathBuf};

use base64::Engine;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// The config file's name inside the app's config folder.
pub const CONFIG_FILE: &str = "config.toml";

/// One layer of settings, every key optional. The config file uses the same names in lower case.
///
/// The preferences (`appearance` to `reminder`, checked in [`crate::preferences`]) also take a TOML
/// number, boolean or time, kept as text, so a value of the wrong type is reported for its key
/// instead of making the whole file unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    pub clerk_publishable_key: Option<String>,
    pub sign_in: Option<String>,
    pub data_dir: Option<String>,
    pub keyring_service: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_text")]
    pub appearance: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_text")]
    pub editor_font: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_text")]
    pub editor_font_size: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_text")]
    pub spell_check: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_text")]
    pub editor_toolbar: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_text")]
    pub daily_prompt: Option<String>,
    #[serde(default, deserialize_with = "scalar_as_text")]
    pub reminder: Option<String>,
}

impl RawSettings {
    /// `QUIRE_OIDC_ISSUER`, `QUIRE_OIDC_CLIENT_ID`, `QUIRE_CLERK_PUBLISHABLE_KEY`, `QUIRE_SIGN_IN`,
    /// `QUIRE_DATA_DIR`, `QUIRE_KEYRING_SERVICE`, and the preferences' `QUIRE_APPEARANCE`,
    /// `QUIRE_EDITOR_FONT`, `QUIRE_EDITOR_FONT_SIZE`, `QUIRE_SPELL_CHECK`, `QUIRE_EDITOR_TOOLBAR`,
    /// `QUIRE_DAILY_PROMPT` and `QUIRE_REMINDER`. Empty values count as unset.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The layer that `var` gives, looking each variable up by name; empty values count as unset.
    pub(crate) fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        Self {
            oidc_issuer: var("QUIRE_OIDC_ISSUER"),
            oidc_client_id: var("QUIRE_OIDC_CLIENT_ID"),
            clerk_publishable_key: var("QUIRE_CLERK_PUBLISHABLE_KEY"),
            sign_in: var("QUIRE_SIGN_IN"),
            data_dir: var("QUIRE_DATA_DIR"),
            keyring_service: var("QUIRE_KEYRING_SERVICE"),
            appearance: var("QUIRE_APPEARANCE"),
            editor_font: var("QUIRE_EDITOR_FONT"),
            editor_font_size: var("QUIRE_EDITOR_FONT_SIZE"),
            spell_check: var("QUIRE_SPELL_CHECK"),
            editor_toolbar: var("QUIRE_EDITOR_TOOLBAR"),
            daily_prompt: var("QUIRE_DAILY_PROMPT"),
            reminder: var("QUIRE_REMINDER"),
        }
    }

    /// Defaults for people who ship their own build: set `QUIRE_DEFAULT_OIDC_ISSUER`,
    /// `QUIRE_DEFAULT_OIDC_CLIENT_ID` or `QUIRE_DEFAULT_CLERK_PUBLISHABLE_KEY` when compiling.
    pub fn build_defaults() -> Self {
        let baked = |value: Option<&str>| value.filter(|v| !v.is_empty()).map(str::to_owned);
        Self {
            oidc_issuer: baked(option_env!("QUIRE_DEFAULT_OIDC_ISSUER")),
            oidc_client_id: baked(option_env!("QUIRE_DEFAULT_OIDC_CLIENT_ID")),
            clerk_publishable_key: baked(option_env!("QUIRE_DEFAULT_CLERK_PUBLISHABLE_KEY")),
            ..Self::default()
        }
    }

    /// Reads the config file; a missing file is an empty layer.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|err| {
                format!(
                    "Quire could not read its config file {}: {err}. Fix or remove the file.",
                    path.display()
                )
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(err) => Err(format!(
                "Quire could not open its config file {}: {err}.",
                path.display()
            )),
        }
    }

    /// This layer, with gaps filled from `lower`.
    pub fn or(self, lower: Self) -> Self {
        Self {
            oidc_issuer: self.oidc_issuer.or(lower.oidc_issuer),
            oidc_client_id: self.oidc_client_id.or(lower.oidc_client_id),
            clerk_publishable_key: self.clerk_publishable_key.or(lower.clerk_publishable_key),
            sign_in: self.sign_in.or(lower.sign_in),
            data_dir: self.data_dir.or(lower.data_dir),
            keyring_service: self.keyring_service.or(lower.keyring_service),
            appearance: self.appearance.or(lower.appearance),
            editor_font: self.editor_font.or(lower.editor_font),
            editor_font_size: self.editor_font_size.or(lower.editor_font_size),
            spell_check: self.spell_check.or(lower.spell_check),
            editor_toolbar: self.editor_toolbar.or(lower.editor_toolbar),
            daily_prompt: self.daily_prompt.or(lower.daily_prompt),
            reminder: self.reminder.or(lower.reminder),
        }
    }
}

/// Reads a TOML string, number, boolean or time as text: a time without seconds or with `:00` as
/// `HH:MM`, a float with its decimal point, so that only whole numbers pass as whole numbers.
fn scalar_as_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(ScalarAsText).map(Some)
}

struct ScalarAsText;

impl<'de> Visitor<'de> for ScalarAsText {
    type Value = String;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("text, a number, true, false or a time")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<String, E> {
        Ok(format!("{value:?}"))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    /// TOML hands its dates and times over as a one-entry map that its own type reads.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        let datetime =
            toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(datetime_as_text(&datetime))
    }
}

fn datetime_as_text(datetime: &toml::value::Datetime) -> String {
    match (datetime.date, datetime.time, datetime.offset) {
        (None, Some(time), None)
            if matches!(time.second, None | Some(0))
                && matches!(time.nanosecond, None | Some(0)) =>
        {
            format!("{:02}:{:02}", time.hour, time.minute)
        }
        _ => datetime.to_string(),
    }
}

/// The config folder of the app with this identifier (`~/.config/<identifier>` on Linux), where
/// [`CONFIG_FILE`] lives.
pub fn config_dir(identifier: &str) -> Option<PathBuf> {
    dirs::config_dir().map(|dir| dir.join(identifier))
}

/// How the sign-in page is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInMode {
    /// In a window inside the app; the redirect is captured before it loads.
    Embedded,
    /// In the default browser, redirecting to a one-shot listener on 127.0.0.1 (RFC 8252).
    Browser,
}

/// The identity provider to sign in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSettings {
    pub issuer: String,
    pub client_id: String,
}

impl ProviderSettings {
    /// A short name for the provider: its host (and port).
    pub fn label(&self) -> String {
        url::Url::parse(&self.issuer)
            .ok()
            .and_then(|url| {
                let host = url.host_str()?.to_owned();
                Some(match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host,
                })
            })
            .unwrap_or_else(|| self.issuer.clone())
    }
}

/// Validated settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    /// The provider, or the text that tells a person what to set.
    pub provider: Result<ProviderSettings, String>,
    pub sign_in: SignInMode,
    pub keyring_service: String,
    /// Something wrong with the settings that the person should hear about.
    pub problem: Option<String>,
}

impl Settings {
    /// The settings of the app with this identifier, read from its config folder, with its data
    /// folder as the default: the platform's folders for the app (`~/.config/<identifier>` and
    /// `~/.local/share/<identifier>` on Linux), where Tauri's path resolver puts them too while
    /// `tauri.conf.json` overrides no app directory. Needs no running app, so a second launch can
    /// hand over before anything starts.
    pub fn for_app(identifier: &str) -> Self {
        let config_dir = config_dir(identifier);
        let data_dir = dirs::data_dir().map(|dir| dir.join(identifier));
        Self::load(config_dir.as_deref(), data_dir)
    }

    /// Environment over config file over build defaults.
    pub fn load(config_dir: Option<&Path>, default_data_dir: Option<PathBuf>) -> Self {
        let (file, file_problem) = match config_dir.map(|dir| dir.join(CONFIG_FILE)) {
            Some(path) => match RawSettings::from_file(&path) {
                Ok(raw) => (raw, None),
                Err(problem) => (RawSettings::default(), Some(problem)),
            },
            None => (RawSettings::default(), None),
        };
        let raw = RawSettings::from_env()
            .or(file)
            .or(RawSettings::build_defaults());
        let mut settings = Self::resolve(raw, default_data_dir, config_dir);
        settings.problem = file_problem.or(settings.problem);
        settings
    }

    /// Validates one merged layer.
    pub fn resolve(
        raw: RawSettings,
        default_data_dir: Option<PathBuf>,
        config_dir: Option<&Path>,
    ) -> Self {
        let (sign_in, problem) = match raw.sign_in.as_deref().map(str::trim) {
            None | Some("embedded") => (SignInMode::Embedded, None),
            Some("browser") => (SignInMode::Browser, None),
            Some(other) => (
                SignInMode::Embedded,
                Some(format!(
                    "The sign-in setting is \"{other}\"; it must be \"embedded\" or \"browser\". \
                     Quire is using the embedded window."
                )),
            ),
        };
        let provider = provider(&raw, config_dir);
        let data_dir = raw
            .data_dir
            .map(PathBuf::from)
            .map(|dir| absolute(&dir))
            .or(default_data_dir)
            .unwrap_or_else(|| PathBuf::from("quire-data"));
        Self {
            data_dir,
            provider,
            sign_in,
            keyring_service: raw
                .keyring_service
                .unwrap_or_else(|| crate::auth::DEFAULT_KEYRING_SERVICE.to_owned()),
            problem,
        }
    }
}

fn provider(raw: &RawSettings, config_dir: Option<&Path>) -> Result<ProviderSettings, String> {
    let issuer = match (&raw.oidc_issuer, &raw.clerk_publishable_key) {
        (Some(issuer), _) => Some(issuer.trim().trim_end_matches('/').to_owned()),
        (None, Some(key)) => Some(clerk_issuer(key.trim())?),
        (None, None) => None,
    };
    match (issuer, raw.oidc_client_id.as_deref().map(str::trim)) {
        (Some(issuer), Some(client_id)) => {
            let url = url::Url::parse(&issuer)
                .map_err(|err| format!("The issuer \"{issuer}\" is not a URL ({err})."))?;
            if url.scheme() != "https" && !crate::auth::oidc::is_loopback_http(&url) {
                return Err(format!(
                    "The issuer \"{issuer}\" must use https (plain http is allowed only on 127.0.0.1)."
                ));
            }
            Ok(ProviderSettings {
                issuer,
                client_id: client_id.to_owned(),
            })
        }
        (Some(_), None) => Err(format!(
            "Quire knows the account service but not its client id. Set QUIRE_OIDC_CLIENT_ID to \
             the OAuth application's client id{}.",
            in_file(config_dir)
        )),
        (None, _) => Err(format!(
            "Quire does not know which account service to sign in with.\n\n\
             For Clerk, set:\n  \
             QUIRE_CLERK_PUBLISHABLE_KEY=pk_live_…\n  \
             QUIRE_OIDC_CLIENT_ID=<client id>\n\n\
             For any OpenID Connect provider, set:\n  \
             QUIRE_OIDC_ISSUER=https://…\n  \
             QUIRE_OIDC_CLIENT_ID=<client id>\n\n\
             as environment variables{}.\n\n\
             To try Quire without an account service, run scripts/run: it starts a local demo \
             provider.",
            in_file(config_dir)
        )),
    }
}

fn in_file(config_dir: Option<&Path>) -> String {
    config_dir
        .map(|dir| {
            format!(
                ", or the same keys in lower case without QUIRE_ in\n{}",
                dir.join(CONFIG_FILE).display()
            )
        })
        .unwrap_or_default()
}

/// The issuer encoded in a Clerk publishable key: `pk_test_` or `pk_live_`, then the base64 of the
/// Frontend API host followed by `$`.
pub fn clerk_issuer(key: &str) -> Result<String, String> {
    let invalid = |why: &str| {
        format!("The Clerk publishable key is not valid: {why}. Copy it again from the Clerk dashboard (API keys).")
    };
    let encoded = key
        .strip_prefix("pk_test_")
        .or_else(|| key.strip_prefix("pk_live_"))
        .ok_or_else(|| invalid("it must start with pk_test_ or pk_live_"))?;
    let engine = base64::engine::general_purpose::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine
        .decode(encoded)
        .map_err(|_| invalid("the part after the prefix is not base64"))?;
    let text = String::from_utf8(bytes).map_err(|_| invalid("it does not decode to text"))?;
    let host = text
        .strip_suffix('$')
        .ok_or_else(|| invalid("it does not end with the Frontend API marker"))?;
    let valid_host = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !valid_host {
        return Err(invalid("it does not name a Frontend API host"));
    }
    Ok(format!("https://{host}"))
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerk_keys_decode_to_their_frontend_api() {
        // "clerk.example.com$" in base64, with and without padding.
        assert_eq!(
            clerk_issuer("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k").unwrap(),
            "https://clerk.example.com"
        );
        assert!(clerk_issuer("sk_test_Y2xlcmsuZXhhbXBsZS5jb20k").is_err());
        assert!(clerk_issuer("pk_live_!!!").is_err());
        // "evil/x$": not a host.
        assert!(clerk_issuer("pk_live_ZXZpbC94JA").is_err());
    }

    #[test]
    fn the_environment_wins_over_the_file_key_by_key() {
        let env = RawSettings {
            oidc_client_id: Some("from-env".into()),
            ..RawSettings::default()
        };
        let file: RawSettings = toml::from_str(
            "oidc_client_id = \"from-file\"\noidc_issuer = \"https://id.example.test\"",
        )
        .unwrap();
        let settings = Settings::resolve(env.or(file), None, None);
        assert_eq!(
            settings.provider.unwrap(),
            ProviderSettings {
                issuer: "https://id.example.test".into(),
                client_id: "from-env".into()
            }
        );
    }

    #[test]
    fn missing_settings_say_what_to_set() {
        let settings = Settings::resolve(RawSettings::default(), None, Some(Path::new("/cfg")));
        let help = settings.provider.unwrap_err();
        assert!(help.contains("QUIRE_OIDC_CLIENT_ID"));
        assert!(help.contains("/cfg/config.toml"));
        let plain_http = RawSettings {
            oidc_issuer: Some("http://id.example.test".into()),
            oidc_client_id: Some("c".into()),
            ..RawSettings::default()
        };
        assert!(Settings::resolve(plain_http, None, None).provider.is_err());
        let bad_mode = RawSettings {
            sign_in: Some("popup".into()),
            ..RawSettings::default()
        };
        let settings = Settings::resolve(bad_mode, None, None);
        assert_eq!(settings.sign_in, SignInMode::Embedded);
        assert!(settings.problem.is_some());
    }
}
