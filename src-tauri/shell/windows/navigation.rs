//! Where each window may go, decided before every navigation.
//!
//! The app windows (`welcome`, `journal`) show only the app's own bundled pages: anything else they
//! loaded would run next to the IPC bridge those windows are granted. The sign-in window shows the
//! provider's pages, which may move between https sites (a provider's own login domain, a social
//! login), so it may go to any https page, and to plain http only at the configured issuer's own
//! origin when that issuer is on the loopback interface (the demo and test provider). Every other
//! scheme is refused there: `file:` would show local files, `data:` and `blob:` pages have no host
//! to show the person, and plain http elsewhere could be altered on the way.
//!
//! Refused navigations are logged by [`shown`], which drops the query and fragment: a URL in the
//! sign-in window can carry an authorization code or a token.

use url::Url;

/// Where the bundled UI is served from when it is embedded in the binary: `tauri://localhost` on
/// Linux and macOS, `http(s)://tauri.localhost` on Windows (Tauri's stand-in for the custom scheme).
const BUNDLED_ORIGINS: [(&str, &str); 3] = [
    ("tauri", "localhost"),
    ("http", "tauri.localhost"),
    ("https", "tauri.localhost"),
];

/// The app windows' pages: the bundled UI, and in a development build (`cargo tauri dev`, without
/// the `custom-protocol` feature) the dev server it is served from instead.
#[derive(Debug, Clone)]
pub struct AppPages {
    dev_server: Option<Url>,
}

impl AppPages {
    /// `dev_server` is the configured `devUrl`, given only in development builds.
    pub fn new(dev_server: Option<Url>) -> Self {
        Self { dev_server }
    }

    /// True for a page of the app itself.
    pub fn allows(&self, url: &Url) -> bool {
        let bundled = BUNDLED_ORIGINS.iter().any(|&(scheme, host)| {
            url.scheme() == scheme && url.host_str() == Some(host) && url.port().is_none()
        });
        bundled
            || self
                .dev_server
                .as_ref()
                .is_some_and(|dev| same_origin(url, dev))
    }
}

/// Where the sign-in window may go, besides the redirect back to the app (which is intercepted
/// before this is asked).
#[derive(Debug, Clone)]
pub struct SignInPages {
    /// The issuer, when it is a plain-http loopback address; `None` for an https issuer.
    plain_loopback_issuer: Option<Url>,
}

impl SignInPages {
    /// Parses the configured issuer. An issuer that is not a URL allows only https pages.
    pub fn for_issuer(issuer: &str) -> Self {
        let plain_loopback_issuer = Url::parse(issuer)
            .ok()
            .filter(|url| url.scheme() == "http" && is_loopback(url));
        Self {
            plain_loopback_issuer,
        }
    }

    /// True when the sign-in window may load `url`.
    pub fn allows(&self, url: &Url) -> bool {
        match url.scheme() {
            "https" => url.host_str().is_some(),
            "http" => self
                .plain_loopback_issuer
                .as_ref()
                .is_some_and(|issuer| same_origin(url, issuer)),
            // An empty frame, filled in by the page that made it: it loads nothing from anywhere.
            // Login pages use them (bot checks, hidden frames); refusing them breaks those pages.
            "about" => matches!(url.path(), "blank" | "srcdoc"),
            _ => false,
        }
    }
}

/// Longest URL written to the log: a `data:` URL carries a whole page.
const MAX_SHOWN: usize = 200;

/// The URL without its query, fragment or user name and password, and cut to [`MAX_SHOWN`]
/// characters: safe to write to the log.
pub fn shown(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    // Fails only for URLs that cannot have them, which then have none.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.as_str().chars().take(MAX_SHOWN).collect()
}

/// The host (and a port other than the scheme's own) of a page, for the person to see.
pub fn host_for_title(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

fn is_loopback(url: &Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_sign_in_window_goes_to_https_pages_and_the_loopback_issuer_only() {
        let loopback = SignInPages::for_issuer("http://127.0.0.1:4010");
        for allowed in [
            "https://accounts.example.com/sign-in?redirect_url=x",
            "http://127.0.0.1:4010/auth?client_id=quire",
            "http://127.0.0.1:4010/interaction/abc",
            "about:blank",
            "about:srcdoc",
        ] {
            assert!(loopback.allows(&url(allowed)), "{allowed} is allowed");
        }
        for refused in [
            "http://127.0.0.1:4011/",
            "http://localhost:4010/",
            "http://example.com/",
            "http://127.0.0.1/",
            "file:///etc/passwd",
            "data:text/html,<p>hi</p>",
            "blob:http://127.0.0.1:4010/5a1c",
            "javascript:alert(1)",
            "tauri://localhost/",
            "ftp://127.0.0.1:4010/",
            "about:config",
            "app.quire.journal:/elsewhere",
        ] {
            assert!(!loopback.allows(&url(refused)), "{refused} is refused");
        }

        let https = SignInPages::for_issuer("https://clerk.example.com");
        assert!(https.allows(&url("https://clerk.example.com/oauth/authorize")));
        assert!(https.allows(&url("https://accounts.google.com/o/oauth2")));
        assert!(!https.allows(&url("http://clerk.example.com/oauth/authorize")));
        assert!(!https.allows(&url("http://127.0.0.1:4010/")));

        // Only a loopback issuer lends plain http to its origin (the settings refuse any other).
        let plain = SignInPages::for_issuer("http://idp.example.com");
        assert!(!plain.allows(&url("http://idp.example.com/auth")));
        assert!(!SignInPages::for_issuer("not a url").allows(&url("http://127.0.0.1:4010/")));
    }

    #[test]
    fn the_app_windows_stay_on_the_apps_own_pages() {
        let release = AppPages::new(None);
        for allowed in [
            "tauri://localhost",
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "https://tauri.localhost/assets/index.js",
        ] {
            assert!(release.allows(&url(allowed)), "{allowed} is the app's");
        }
        for refused in [
            "http://127.0.0.1:4010/",
            "http://localhost:5173/",
            "https://example.com/",
            "tauri://elsewhere/",
            "tauri://localhost:8080/",
            "http://tauri.localhost:8080/",
            "file:///home/someone/journal.html",
            "about:blank",
            "data:text/html,<p>hi</p>",
            "ipc://localhost/session",
        ] {
            assert!(!release.allows(&url(refused)), "{refused} is not the app's");
        }

        let dev = AppPages::new(Some(url("http://localhost:5173")));
        assert!(dev.allows(&url("http://localhost:5173/src/main.tsx")));
        assert!(dev.allows(&url("tauri://localhost")));
        assert!(!dev.allows(&url("http://localhost:5174/")));
        assert!(!dev.allows(&url("http://127.0.0.1:5173/")));
    }

    #[test]
    fn logged_urls_carry_no_query_fragment_or_credentials() {
        let logged = shown(&url(
            "http://user:pw@127.0.0.1:4011/cb/path?code=SECRET&state=S#access_token=T",
        ));
        assert_eq!(logged, "http://127.0.0.1:4011/cb/path");
        assert_eq!(shown(&url("file:///etc/passwd")), "file:///etc/passwd");
        assert_eq!(shown(&url("data:text/html,hi?x")), "data:text/html,hi");
        let long = format!("data:text/html,{}", "a".repeat(5000));
        assert_eq!(shown(&url(&long)).len(), MAX_SHOWN);
    }

    #[test]
    fn titles_name_the_host_and_any_unusual_port() {
        assert_eq!(
            host_for_title(&url("https://accounts.example.com/sign-in")).as_deref(),
            Some("accounts.example.com")
        );
        assert_eq!(
            host_for_title(&url("http://127.0.0.1:4010/auth")).as_deref(),
            Some("127.0.0.1:4010")
        );
        assert_eq!(host_for_title(&url("about:blank")), None);
    }
}
