//! Property tests of everything that reads what the sign-in page or a local socket hands the app:
//! the redirect matcher the sign-in window's navigation handler calls on every URL, the callback
//! reader, and the loopback listener's request-line parser. For arbitrary input none of them panics,
//! and each accepts only exactly what it should. Each property runs 4,000 generated cases (set
//! `PROPTEST_CASES` for more).

use proptest::prelude::*;
use quire_core::auth::callback::{match_redirect, read_callback, Callback, CallbackError};
use quire_core::auth::loopback::parse_request_line;
use url::Url;

const REDIRECT: &str = "app.quire.journal:/oauth/callback";
const LOOPBACK: &str = "http://127.0.0.1:43117/oauth/callback";
const ISSUER: &str = "http://127.0.0.1:9000";
const STATE: &str = "s7aTe-Xq9";

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(4_000),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// URL-shaped strings: the real redirect's parts mixed with near misses and noise.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just("app.quire.journal:".to_owned()),
        Just("app.quire.journal://".to_owned()),
        Just("APP.QUIRE.JOURNAL:".to_owned()),
        Just("app.quire.journal.evil:".to_owned()),
        Just("http://".to_owned()),
        Just("https://".to_owned()),
        "[a-z][a-z0-9+.-]{0,12}:(//)?",
    ];
    let authority = prop_oneof![
        Just(String::new()),
        Just("127.0.0.1:43117".to_owned()),
        Just("127.0.0.1".to_owned()),
        Just("user:pw@127.0.0.1:43117".to_owned()),
        Just("127.0.0.1:43117@evil.test".to_owned()),
        Just("evil.test".to_owned()),
        "[a-z0-9.:@%\\[\\]]{0,20}",
    ];
    let path = prop_oneof![
        Just("/oauth/callback".to_owned()),
        Just("/oauth/callback/".to_owned()),
        Just("/oauth/callback/../callback".to_owned()),
        Just("/oauth/%63allback".to_owned()),
        Just("//oauth/callback".to_owned()),
        Just("/OAUTH/callback".to_owned()),
        "(/[a-zA-Z0-9%._~-]{0,8}){0,4}",
    ];
    let query = prop_oneof![
        Just(String::new()),
        Just(format!("?code=abc&state={STATE}")),
        "\\?[ -~]{0,40}",
    ];
    let fragment = prop_oneof![Just(String::new()), "#[ -~]{0,10}"];
    (scheme, authority, path, query, fragment)
        .prop_map(|(s, a, p, q, f)| format!("{s}{a}{p}{q}{f}"))
}

/// The parts of a URL that decide whether it is the redirect.
fn identity(url: &Url) -> (String, Option<String>, Option<u16>, String, bool) {
    (
        url.scheme().to_owned(),
        url.host_str().map(str::to_owned),
        url.port_or_known_default(),
        url.path().to_owned(),
        url.username().is_empty() && url.password().is_none(),
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_redirect_matcher_takes_any_string_and_only_the_redirect(
        candidate in prop_oneof![url_like(), any::<String>()],
        which in 0..2usize,
    ) {
        let redirect = Url::parse([REDIRECT, LOOPBACK][which]).unwrap();
        if let Some(url) = match_redirect(&candidate, &redirect) {
            let (scheme, host, port, path, no_userinfo) = identity(&url);
            prop_assert_eq!(&scheme, redirect.scheme());
            prop_assert_eq!(host.as_deref(), redirect.host_str());
            prop_assert_eq!(port, redirect.port_or_known_default());
            prop_assert_eq!(path.as_str(), redirect.path());
            prop_assert!(no_userinfo, "userinfo accepted in {}", candidate);
        }
    }

    #[test]
    fn the_callback_is_accepted_only_with_its_own_state_and_issuer(
        pairs in prop::collection::vec(
            (
                prop_oneof![
                    Just("code"), Just("state"), Just("iss"), Just("error"),
                    Just("error_description"), Just("other"),
                ],
                prop_oneof![
                    Just(STATE.to_owned()),
                    Just(ISSUER.to_owned()),
                    Just(format!("{ISSUER}/")),
                    Just(String::new()),
                    "[ -~]{0,12}",
                    any::<String>(),
                ],
            ),
            0..8,
        ),
        issuer_required in any::<bool>(),
    ) {
        let mut url = Url::parse(REDIRECT).unwrap();
        url.query_pairs_mut().extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        let first = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str());
        let result = read_callback(&url, STATE, ISSUER, issuer_required);

        // The same rules, written out plainly.
        let expected: Result<Option<&str>, CallbackError> = if first("state") != Some(STATE) {
            Err(CallbackError::StateMismatch)
        } else {
            match first("iss") {
                Some(iss) if iss.trim_end_matches('/') != ISSUER => Err(CallbackError::IssuerMismatch),
                None if issuer_required => Err(CallbackError::IssuerMissing),
                _ => match (first("error"), first("code")) {
                    (Some(_), _) => Ok(None),
                    (None, Some(code)) if !code.is_empty() => Ok(Some(code)),
                    _ => Err(CallbackError::MissingCode),
                },
            }
        };
        match (result, expected) {
            (Ok(Callback::Code(code)), Ok(Some(want))) => prop_assert_eq!(code.expose(), want),
            (Ok(Callback::Refused { error, .. }), Ok(None)) => {
                prop_assert_eq!(Some(error.as_str()), first("error"));
            }
            (Err(got), Err(want)) => prop_assert_eq!(got, want),
            (got, want) => prop_assert!(false, "for {}: got {:?}, expected {:?}", url, got, want),
        }
    }

    #[test]
    fn the_loopback_reads_only_a_get_request_line_for_a_path(
        request in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            ("(GET|POST|get|GET ) ", "[ -~]{0,30}", " HTTP/1\\.[01]", "(\r\n|\n|)", "[ -~\r\n]{0,30}")
                .prop_map(|(m, t, v, eol, rest)| format!("{m}{t}{v}{eol}{rest}").into_bytes()),
        ],
    ) {
        if let Some(target) = parse_request_line(&request) {
            let line = format!("GET {target} HTTP/");
            prop_assert!(request.starts_with(line.as_bytes()), "read {:?} from {:?}", target, request);
            prop_assert!(target.starts_with('/'));
            prop_assert!(!target.contains(' ') && !target.contains('\r') && !target.contains('\n'));
        }
    }
}

#[test]
fn the_real_redirect_and_a_matching_answer_are_accepted() {
    let redirect = Url::parse(REDIRECT).unwrap();
    let url = match_redirect(
        &format!("{REDIRECT}?code=abc&state={STATE}&iss={ISSUER}"),
        &redirect,
    )
    .expect("the exact redirect matches");
    match read_callback(&url, STATE, ISSUER, true) {
        Ok(Callback::Code(code)) => assert_eq!(code.expose(), "abc"),
        other => panic!("expected the code, got {other:?}"),
    }
}
