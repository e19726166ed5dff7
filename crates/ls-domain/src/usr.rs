//! The `usr` header: `Base64(login ";" md5hex(login+password) ";" md5hex(token))`.
use super::login::Login;
use base64::Engine;
use md5::{Digest, Md5};

/// Lower-case hex MD5 of `s`.
pub fn md5_hex(s: &str) -> String {
    let d = Md5::digest(s.as_bytes());
    let mut out = String::with_capacity(32);
    for b in d {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// `lower(md5(userName + password))` with userName the padded login.
pub fn password_hash(login: Login, password: &str) -> String {
    md5_hex(&format!("{login}{password}"))
}

/// Builds the header value from the login, the password and the API token.
pub fn usr_header(login: Login, password: &str, token: &str) -> String {
    usr_header_from_hashes(login, &password_hash(login, password), &md5_hex(token))
}

/// Builds the header from already hashed parts (the console never keeps the password itself).
pub fn usr_header_from_hashes(login: Login, h_password: &str, h_token: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{login};{h_password};{h_token}"))
}

/// A decoded header. The user name is kept as sent: the server needs it to recompute md5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsrParts {
    pub user_name: String,
    pub login: Login,
    /// Lower-cased hex.
    pub h_password: String,
    /// Lower-cased hex.
    pub h_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsrError {
    #[error("the usr header is not valid Base64")]
    Base64,
    #[error("the usr header is not UTF-8 text")]
    Utf8,
    #[error("the usr header must have three parts: login;md5(login+password);md5(token)")]
    Parts,
    #[error("the usr header's login is invalid: {0}")]
    Login(String),
    #[error("the usr header's {0} hash must be 32 hex digits")]
    Hash(&'static str),
}

fn is_md5_hex(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Parses a header value. Hex parts are accepted in any case and returned lower-cased.
pub fn parse_usr(value: &str) -> Result<UsrParts, UsrError> {
    let raw = base64::engine::general_purpose::STANDARD
        .decode(value.trim().as_bytes())
        .map_err(|_| UsrError::Base64)?;
    let text = String::from_utf8(raw).map_err(|_| UsrError::Utf8)?;
    let mut it = text.split(';');
    let (Some(user), Some(hp), Some(ht), None) = (it.next(), it.next(), it.next(), it.next()) else {
        return Err(UsrError::Parts);
    };
    let login: Login = user
        .parse()
        .map_err(|e: super::login::LoginError| UsrError::Login(e.to_string()))?;
    if !is_md5_hex(hp) {
        return Err(UsrError::Hash("password"));
    }
    if !is_md5_hex(ht) {
        return Err(UsrError::Hash("token"));
    }
    Ok(UsrParts {
        user_name: user.to_string(),
        login,
        h_password: hp.to_ascii_lowercase(),
        h_token: ht.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_known_values() {
        assert_eq!(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex("1111"), "b59c67bf196a4758191e42f76670ceba");
    }

    #[test]
    fn ls_worked_example_parses() {
        // The LS's own example: userName 1, password 111, token hash in upper case.
        let h = "MTtiNTljNjdiZjE5NmE0NzU4MTkxZTQyZjc2NjcwY2ViYTsxQTVGNjYzQTczQzlBNzdDQUIyNkI1MUU2NDIyMjI4RA==";
        let p = parse_usr(h).unwrap();
        assert_eq!(p.user_name, "1");
        assert_eq!(p.login.to_string(), "0001");
        assert_eq!(p.h_password, md5_hex("1111"));
        assert_eq!(p.h_token, "1a5f663a73c9a77cab26b51e6422228d");
    }

    #[test]
    fn header_uses_padded_login() {
        let l: Login = "1".parse().unwrap();
        let h = usr_header(l, "secret", "tok");
        let raw = base64::engine::general_purpose::STANDARD.decode(h).unwrap();
        let text = String::from_utf8(raw).unwrap();
        assert_eq!(text, format!("0001;{};{}", md5_hex("0001secret"), md5_hex("tok")));
        let p = parse_usr(&usr_header(l, "secret", "tok")).unwrap();
        assert_eq!(p.h_password, md5_hex("0001secret"));
    }

    #[test]
    fn bad_headers() {
        assert_eq!(parse_usr("%%%"), Err(UsrError::Base64));
        let b = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        assert_eq!(parse_usr(&b("0001;abc")), Err(UsrError::Parts));
        assert_eq!(parse_usr(&b("0001;a;b;c")), Err(UsrError::Parts));
        assert!(matches!(parse_usr(&b("x;a;b")), Err(UsrError::Login(_))));
        let z = "0".repeat(32);
        assert_eq!(parse_usr(&b(&format!("0001;xyz;{z}"))), Err(UsrError::Hash("password")));
        assert_eq!(
            parse_usr(&b(&format!("0001;{z};g{}", &z[1..]))),
            Err(UsrError::Hash("token"))
        );
    }
}
