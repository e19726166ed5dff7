//! The client's errors in the interface's language: the client's own words around a failure
//! translated; the server's message (it answers in English) and a parser's or the HTTP library's
//! words shown as they came. In English each reads as the error's `Display` (the tests below).
use crate::api::{ClientError, ErrorCode};
use crate::domain::Language;

/// What the client's `Display` says before a non-API error page (`ls-api` `client.rs`).
const SERVER_ANSWERED: &str = "the server answered ";
/// The client's own `Config` errors (`Client::for_server`, `Client::build`, `pack`).
const INSECURE_REMOTE: &str =
    "--insecure is only allowed for a server on this machine (127.0.0.1, ::1, localhost), not ";
const BAD_ADDRESS: (&str, &str) = ("server address '", "' must start with http:// or https://");
const CANNOT_COMPRESS: &str = "cannot compress the request: ";

/// A request's failure, as the console says it; in English, the error's `Display`. The server's
/// own message (an `Api` error's) is kept as it came.
pub fn client_error(e: &ClientError) -> String {
    match e {
        // An answer that was not the API's (a proxy's page): the client put the words around it;
        // the API's own answer is the server's message, as it came.
        ClientError::Api { code, message, .. } => {
            match message
                .strip_prefix(SERVER_ANSWERED)
                .filter(|_| *code == ErrorCode::Other)
            {
                // The status ("502 Bad Gateway") holds no ": "; the page's text may.
                Some(rest) => match rest.split_once(": ") {
                    Some((status, text)) => {
                        crate::t!("policy-client-server-answered-text", status = status, text = text)
                    }
                    None => crate::t!("policy-client-server-answered", status = rest),
                },
                // The server speaks English; in another language the console says what the
                // answer's code means (a refusal's own words are the policy's, shown as sent).
                None => match (crate::i18n::current(), code) {
                    (Language::En, _) => message.clone(),
                    (_, ErrorCode::Unauthorized) => crate::t!("policy-client-unauthorized"),
                    (_, ErrorCode::Unavailable) => crate::t!("policy-client-unavailable"),
                    (_, ErrorCode::Timeout) => crate::t!("policy-client-server-timeout"),
                    (_, ErrorCode::Internal) => crate::t!("policy-client-internal"),
                    (_, ErrorCode::Limit) => crate::t!("policy-client-limit"),
                    (_, ErrorCode::TooLarge) => crate::t!("policy-client-too-large"),
                    _ => message.clone(),
                },
            }
        }
        ClientError::Network(detail) => crate::t!("policy-client-network", detail = detail.as_str()),
        ClientError::Timeout => crate::t!("policy-client-timeout"),
        ClientError::Decode(detail) => crate::t!("policy-client-decode", detail = decode_detail(detail)),
        ClientError::Config(m) => config(m),
    }
}

/// What did not parse: the client's own words translated, a parser's as they are.
fn decode_detail(m: &str) -> String {
    match m {
        "304 for an answer never asked" => crate::t!("policy-client-not-modified-unasked"),
        "an event larger than 1 MiB" => crate::t!("policy-client-event-too-large"),
        _ => match m.strip_prefix("the event stream answered ") {
            Some(status) => crate::t!("policy-client-stream-answered", status = status),
            None => m.to_string(),
        },
    }
}

/// A client that could not be made: the client's own words translated, others (the HTTP
/// library's) as they are.
fn config(m: &str) -> String {
    if let Some(base) = m.strip_prefix(INSECURE_REMOTE) {
        return crate::t!("policy-client-insecure-remote", base = base);
    }
    if let Some(base) = m
        .strip_prefix(BAD_ADDRESS.0)
        .and_then(|r| r.strip_suffix(BAD_ADDRESS.1))
    {
        return crate::t!("policy-client-bad-address", base = base);
    }
    if let Some(detail) = m.strip_prefix(CANNOT_COMPRESS) {
        return crate::t!("policy-client-cannot-compress", detail = detail);
    }
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::policy::tests::{english_words, has_cyrillic, strs};
    use crate::i18n::set;
    use std::collections::BTreeSet;

    /// Which variant: a new one does not compile here until it is counted (and covered below).
    fn client_variant(e: &ClientError) -> usize {
        match e {
            ClientError::Api { .. } => 0,
            ClientError::Network(_) => 1,
            ClientError::Timeout => 2,
            ClientError::Decode(_) => 3,
            ClientError::Config(_) => 4,
        }
    }
    const CLIENT_ERRORS: usize = 5;

    /// Every kind of client error: (error, its data, whether the console's own words frame it).
    fn client_cases() -> Vec<(ClientError, Vec<String>, bool)> {
        let api = |status: u16, code: ErrorCode, message: &str| ClientError::Api {
            status,
            code,
            message: message.to_string(),
            field: None,
        };
        let gateway = "502 Bad Gateway";
        let page = "<html><body>upstream is down</body></html>";
        vec![
            // The server's own words: kept as they came, nothing around them.
            (
                api(404, ErrorCode::NotFound, "user 0040 not found"),
                strs(&["user 0040 not found"]),
                false,
            ),
            (
                api(409, ErrorCode::Conflict, "user 0004 was changed by someone else"),
                strs(&["user 0004 was changed by someone else"]),
                false,
            ),
            (
                api(418, ErrorCode::Other, "a teapot of its own"),
                strs(&["a teapot of its own"]),
                false,
            ),
            // A page that was not the API's: the client's framing.
            (
                api(502, ErrorCode::Other, &format!("the server answered {gateway}")),
                strs(&[gateway]),
                true,
            ),
            (
                api(502, ErrorCode::Other, &format!("the server answered {gateway}: {page}")),
                strs(&[gateway, page]),
                true,
            ),
            (
                ClientError::Network("Connection refused (os error 111)".into()),
                strs(&["Connection refused (os error 111)"]),
                true,
            ),
            (ClientError::Timeout, vec![], true),
            (
                ClientError::Decode("expected value at line 1 column 1".into()),
                strs(&["expected value at line 1 column 1"]),
                true,
            ),
            (
                ClientError::Decode("304 for an answer never asked".into()),
                vec![],
                true,
            ),
            (
                ClientError::Decode(format!("the event stream answered {gateway}")),
                strs(&[gateway]),
                true,
            ),
            (ClientError::Decode("an event larger than 1 MiB".into()), vec![], true),
            (
                ClientError::Config(INSECURE_REMOTE.to_string() + "https://ls.example.com"),
                strs(&["--insecure", "localhost", "https://ls.example.com"]),
                true,
            ),
            (
                ClientError::Config("server address 'ls.example.com' must start with http:// or https://".into()),
                strs(&["ls.example.com", "http://", "https://"]),
                true,
            ),
            (
                ClientError::Config("cannot compress the request: out of memory".into()),
                strs(&["out of memory"]),
                true,
            ),
            // The HTTP library's words.
            (
                ClientError::Config("builder error: unknown proxy scheme".into()),
                strs(&["builder error: unknown proxy scheme"]),
                false,
            ),
        ]
    }

    #[test]
    fn the_client_cases_cover_every_error() {
        let seen: BTreeSet<usize> = client_cases().iter().map(|(e, ..)| client_variant(e)).collect();
        assert_eq!(seen, (0..CLIENT_ERRORS).collect::<BTreeSet<_>>());
    }

    #[test]
    fn client_errors_in_english_read_as_the_client_writes_them() {
        set(Language::En);
        for (e, ..) in client_cases() {
            assert_eq!(client_error(&e), e.to_string(), "{e:?}");
        }
    }

    #[test]
    fn client_errors_in_russian_keep_only_their_data_in_latin_letters() {
        set(Language::Ru);
        let mut bad = vec![];
        for (e, data, framed) in client_cases() {
            let ru = client_error(&e);
            let left = english_words(&ru, &data);
            let framing_said = !framed || (has_cyrillic(&ru) && ru != e.to_string());
            if !left.is_empty() || !framing_said || ru.contains('{') {
                bad.push(format!("{e:?}\n  → {ru}\n  English left: {left:?}"));
            }
            // A refusal's words (not found, forbidden, invalid) are shown whole; an answer
            // whose code says it all is said by its code.
            if let ClientError::Api { code, message, .. } = &e {
                let by_code = matches!(
                    code,
                    ErrorCode::Unauthorized
                        | ErrorCode::Unavailable
                        | ErrorCode::Timeout
                        | ErrorCode::Internal
                        | ErrorCode::Limit
                        | ErrorCode::TooLarge
                );
                if by_code {
                    assert!(has_cyrillic(&ru) && ru != *message, "{ru}");
                } else if *code != ErrorCode::Other || !message.starts_with(SERVER_ANSWERED) {
                    assert_eq!(&ru, message);
                }
            }
        }
        assert!(
            bad.is_empty(),
            "{} errors are not Russian:\n{}",
            bad.len(),
            bad.join("\n")
        );
        assert_eq!(
            client_error(&ClientError::Network("Connection refused (os error 111)".into())),
            "не удаётся связаться с сервером: Connection refused (os error 111)"
        );
    }
}
