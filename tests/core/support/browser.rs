//! A scripted person in the sign-in window: walks the local provider's built-in (devInteractions)
//! login and consent pages over plain HTTP, keeping cookies by hand, and stops at the redirect
//! back to the app without requesting it.

use std::collections::HashMap;

use url::Url;

use super::http_client;

/// The password typed on the login page: the test provider takes any.
const PASSWORD: &str = "anything";
/// Requests one walk may make before it is taken for a loop.
const MAX_STEPS: usize = 20;

/// Signs in as `login` and allows what the app asks for: GETs `authorize_url`, follows the
/// provider's redirects, submits the login form and then the consent form, and returns the first
/// redirect target that is not on the provider's origin (the app's redirect URI, e.g.
/// `app.quire.journal:/oauth/callback?code=…&state=…&iss=…`), without requesting it.
///
/// An authorization request the provider rejects before any page (say a bad `scope`) comes back
/// the same way, as a redirect URI with `error=…`. Panics on an error page (e.g. an unknown
/// `redirect_uri`) or a page it does not know.
pub async fn sign_in_through_forms(authorize_url: &Url, login: &str) -> Url {
    walk(authorize_url, login, Choice::Allow).await
}

/// Signs in as `login`, then presses "Cancel" on the consent page; returns the redirect back to
/// the app, which carries `error=access_denied` and the request's `state`.
pub async fn deny_consent(authorize_url: &Url, login: &str) -> Url {
    walk(authorize_url, login, Choice::Deny).await
}

/// Presses "Cancel" on the login page, without signing in; returns the redirect back to the app
/// (`error=access_denied`).
pub async fn cancel_sign_in(authorize_url: &Url) -> Url {
    walk(authorize_url, "", Choice::CancelLogin).await
}

#[derive(Clone, Copy, PartialEq)]
enum Choice {
    Allow,
    Deny,
    CancelLogin,
}

async fn walk(authorize_url: &Url, login: &str, choice: Choice) -> Url {
    let provider = authorize_url.origin();
    let http = http_client();
    let mut jar = CookieJar::default();
    let mut next = (authorize_url.clone(), None::<Vec<(String, String)>>);
    for _ in 0..MAX_STEPS {
        let (url, form) = next;
        let mut request = match &form {
            None => http.get(url.clone()),
            Some(fields) => http.post(url.clone()).form(fields),
        };
        if let Some(cookies) = jar.header_for(&url) {
            request = request.header("cookie", cookies);
        }
        let method = if form.is_some() { "POST" } else { "GET" };
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        for set_cookie in response.headers().get_all("set-cookie") {
            jar.store(&url, set_cookie.to_str().unwrap_or_default());
        }
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{method} {url}: {status} without a Location"));
            let target = url
                .join(location)
                .unwrap_or_else(|e| panic!("{method} {url}: bad Location {location:?}: {e}"));
            if target.origin() != provider {
                return target;
            }
            next = (target, None);
            continue;
        }
        let page = response.text().await.unwrap_or_default();
        assert!(
            status.is_success(),
            "{method} {url} answered {status}:\n{}",
            excerpt(&page)
        );
        let page_form = Form::find(&page).unwrap_or_else(|| {
            panic!("{method} {url}: a page without a form:\n{}", excerpt(&page))
        });
        let prompt = page_form.field("prompt").unwrap_or_default().to_owned();
        let cancel = matches!(
            (prompt.as_str(), choice),
            ("login", Choice::CancelLogin) | ("consent", Choice::Deny)
        );
        next = if cancel {
            let href = abort_link(&page).unwrap_or_else(|| panic!("no Cancel link on {url}"));
            (url.join(&href).expect("abort URL"), None)
        } else if prompt == "login" || prompt == "consent" {
            let fields = page_form
                .fields
                .iter()
                .map(|(name, value)| {
                    let value = match name.as_str() {
                        "login" => login.to_owned(),
                        "password" => PASSWORD.to_owned(),
                        _ => value.clone(),
                    };
                    (name.clone(), value)
                })
                .collect();
            (
                url.join(&page_form.action).expect("form action URL"),
                Some(fields),
            )
        } else {
            panic!(
                "{url}: a form for an unknown prompt {prompt:?}:\n{}",
                excerpt(&page)
            );
        };
    }
    panic!("no redirect away from the provider after {MAX_STEPS} requests");
}

fn excerpt(page: &str) -> String {
    page.chars().take(3000).collect()
}

/// A cookie as the provider set it: host-only, with a path.
struct Cookie {
    name: String,
    value: String,
    path: String,
}

/// Cookies by `host:port`, enough for the provider's own (no domains, no expiry dates but removal).
#[derive(Default)]
struct CookieJar {
    by_host: HashMap<String, Vec<Cookie>>,
}

fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}

impl CookieJar {
    /// Takes one `Set-Cookie` header that came with the response to `url`.
    fn store(&mut self, url: &Url, header: &str) {
        let mut parts = header.split(';').map(str::trim);
        let Some((name, value)) = parts.next().and_then(|pair| pair.split_once('=')) else {
            return;
        };
        let default_path = match url.path().rfind('/') {
            Some(0) | None => "/".to_owned(),
            Some(i) => url.path()[..i].to_owned(),
        };
        let (mut path, mut removed) = (default_path, false);
        for attribute in parts {
            let (key, val) = attribute.split_once('=').unwrap_or((attribute, ""));
            match key.to_ascii_lowercase().as_str() {
                "path" if val.starts_with('/') => path = val.to_owned(),
                "max-age" => removed = val.trim().parse::<i64>().is_ok_and(|age| age <= 0),
                "expires" => removed = val.contains("1970"),
                _ => {}
            }
        }
        let cookies = self.by_host.entry(host_key(url)).or_default();
        cookies.retain(|c| !(c.name == name && c.path == path));
        if !removed {
            let (name, value) = (name.to_owned(), value.to_owned());
            cookies.push(Cookie { name, value, path });
        }
    }

    /// The `Cookie` header for a request to `url`, if any cookie applies.
    fn header_for(&self, url: &Url) -> Option<String> {
        let path = url.path();
        let pairs: Vec<String> = self
            .by_host
            .get(&host_key(url))?
            .iter()
            .filter(|c| {
                path == c.path
                    || (path.starts_with(&c.path)
                        && (c.path.ends_with('/') || path[c.path.len()..].starts_with('/')))
            })
            .map(|c| format!("{}={}", c.name, c.value))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }
}

/// The first `<form>` of a page: its action and its named inputs, in order.
struct Form {
    action: String,
    fields: Vec<(String, String)>,
}

impl Form {
    fn find(page: &str) -> Option<Form> {
        let start = page.find("<form")?;
        let end = page[start..]
            .find("</form>")
            .map_or(page.len(), |i| start + i);
        let html = &page[start..end];
        let action = attribute(tag_at(html, 0), "action")?;
        let mut fields = Vec::new();
        let mut from = 0;
        while let Some(i) = html[from..].find("<input") {
            let tag = tag_at(html, from + i);
            if let Some(name) = attribute(tag, "name") {
                fields.push((name, attribute(tag, "value").unwrap_or_default()));
            }
            from += i + tag.len();
        }
        Some(Form { action, fields })
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The tag that starts at `at`, up to its `>`.
fn tag_at(html: &str, at: usize) -> &str {
    let end = html[at..].find('>').map_or(html.len(), |i| at + i + 1);
    &html[at..end]
}

/// A double-quoted attribute of one tag, with HTML entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// The href of the page's Cancel link (`/interaction/<uid>/abort`).
fn abort_link(page: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = page[from..].find("<a ") {
        let tag = tag_at(page, from + i);
        match attribute(tag, "href") {
            Some(href) if href.ends_with("/abort") => return Some(href),
            _ => from += i + tag.len(),
        }
    }
    None
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
