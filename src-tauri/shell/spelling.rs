//! Spell checking in the entry's text.
//!
//! On Linux the page's `spellcheck` attribute does nothing until WebKitGTK's checker is turned on for
//! the web context, which every window shares; it then underlines misspelt words and puts
//! suggestions in the context menu, from the hunspell dictionaries installed (through Enchant). The
//! language is the one chosen in Settings, or the locale's. It is turned on a moment after the journal
//! window opens ([`AFTER_OPENING`]), not before its first page: loading the checker takes the main
//! thread for a while. Other platforms' web views check spelling by themselves.

use quire_core::preferences::SpellCheck;

/// Where Debian and its relatives install hunspell dictionaries (`hunspell-en-us` and the like).
#[cfg(target_os = "linux")]
const DICTIONARY_DIRS: &[&str] = &["/usr/share/hunspell", "/usr/share/myspell/dicts"];

/// The installed dictionaries' names (`en_US`, `de_DE`), sorted, each once.
pub fn dictionaries() -> Vec<String> {
    #[cfg(target_os = "linux")]
    {
        let mut names: Vec<String> = DICTIONARY_DIRS
            .iter()
            .filter_map(|dir| std::fs::read_dir(dir).ok())
            .flatten()
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".dic").map(str::to_owned)
            })
            .filter(|name| quire_core::preferences::is_dictionary_name(name))
            .collect();
        names.sort();
        names.dedup();
        names
    }
    #[cfg(not(target_os = "linux"))]
    Vec::new()
}

/// The locale's language as a dictionary name: `de_DE.UTF-8` gives `de_DE`. `None` for the C and
/// POSIX locales, or none at all.
pub fn locale_language(lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| lookup(name))
        .find(|value| !value.is_empty())?;
    let language = locale.split(['.', '@']).next()?.to_owned();
    (!language.is_empty() && language != "C" && language != "POSIX").then_some(language)
}

/// The dictionaries to check with, from what is installed: the chosen one, or for `Auto` the
/// locale's (or its language's first region, such as `en_GB` for a bare `en`), or else `en_US`.
pub fn languages_for(
    setting: &SpellCheck,
    installed: &[String],
    locale: Option<&str>,
) -> Vec<String> {
    let has = |name: &str| installed.iter().any(|found| found == name);
    match setting {
        SpellCheck::Off => Vec::new(),
        SpellCheck::Language(language) => vec![language.clone()],
        SpellCheck::Auto => {
            let by_locale = locale.and_then(|locale| {
                if has(locale) {
                    return Some(locale.to_owned());
                }
                let language = locale.split('_').next()?;
                installed
                    .iter()
                    .find(|name| name.split('_').next() == Some(language))
                    .cloned()
            });
            by_locale
                .or_else(|| has("en_US").then(|| "en_US".to_owned()))
                .or_else(|| installed.first().cloned())
                .into_iter()
                .collect()
        }
    }
}

/// How long after the journal window opens the checker is turned on. Turning it on loads Enchant and
/// the dictionaries on the main thread, which would otherwise hold back the window's first page.
pub const AFTER_OPENING: std::time::Duration = std::time::Duration::from_millis(1500);

/// Whether the checker has been turned on in this process: turning it off is only needed then, and
/// touching the checker at all loads Enchant.
static TURNED_ON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns the checker on for every window after [`AFTER_OPENING`], with the languages for `setting`.
pub fn apply_soon(window: &tauri::WebviewWindow, setting: SpellCheck) {
    if setting == SpellCheck::Off {
        return;
    }
    let window = window.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(AFTER_OPENING).await;
        apply(&window, &setting);
    });
}

/// Turns the checker on or off for every window, with the languages for `setting`.
pub fn apply(window: &tauri::WebviewWindow, setting: &SpellCheck) {
    let languages = languages_for(
        setting,
        &dictionaries(),
        locale_language(|name| std::env::var(name).ok()).as_deref(),
    );
    tracing::info!(?languages, "spell checking");
    use std::sync::atomic::Ordering;
    if languages.is_empty() && !TURNED_ON.load(Ordering::Relaxed) {
        return;
    }
    TURNED_ON.store(!languages.is_empty(), Ordering::Relaxed);
    #[cfg(target_os = "linux")]
    {
        let result = window.with_webview(move |webview| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            let Some(context) = webview.inner().context() else {
                return;
            };
            let names: Vec<&str> = languages.iter().map(String::as_str).collect();
            context.set_spell_checking_languages(&names);
            context.set_spell_checking_enabled(!names.is_empty());
        });
        if let Err(err) = result {
            tracing::warn!(%err, "could not set up spell checking");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (window, languages);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn installed(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn the_locale_names_the_dictionary() {
        let env =
            |value: &'static str| move |name: &str| (name == "LANG").then(|| value.to_owned());
        assert_eq!(
            locale_language(env("de_DE.UTF-8")).as_deref(),
            Some("de_DE")
        );
        assert_eq!(
            locale_language(env("sr_RS@latin")).as_deref(),
            Some("sr_RS")
        );
        assert_eq!(locale_language(env("C.UTF-8")), None);
        assert_eq!(locale_language(|_| None), None);
    }

    #[test]
    fn auto_takes_the_locale_then_its_language_then_english() {
        let some = installed(&["de_AT", "en_GB", "en_US"]);
        let auto = |locale| languages_for(&SpellCheck::Auto, &some, locale);
        assert_eq!(auto(Some("en_GB")), ["en_GB"]);
        assert_eq!(auto(Some("de_DE")), ["de_AT"]);
        assert_eq!(auto(Some("fr_FR")), ["en_US"]);
        assert_eq!(auto(None), ["en_US"]);
        assert!(languages_for(&SpellCheck::Auto, &[], Some("en_US")).is_empty());
    }

    #[test]
    fn a_chosen_language_or_off_is_taken_as_it_is() {
        let some = installed(&["en_US"]);
        let chosen = SpellCheck::Language("nl_NL".to_owned());
        assert_eq!(languages_for(&chosen, &some, None), ["nl_NL"]);
        assert!(languages_for(&SpellCheck::Off, &some, Some("en_US")).is_empty());
    }
}
