//! Users: the record, the editable draft and its validation.
use super::limits;
use super::login::Login;
use super::rights::Language;
use super::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Source {
    #[default]
    #[serde(rename = "LS")]
    Ls,
    #[serde(rename = "External")]
    External,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Ls => "LS",
            Source::External => "External",
        }
    }
}

/// A user as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub login: Login,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub patronymic: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub comments: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub mobile: String,
    pub dealer_id: i64,
    #[serde(default)]
    pub dealer: String,
    pub roles: Vec<Role>,
    /// Rights granted on the card, on top of the roles' defaults.
    #[serde(default)]
    pub rights: Vec<String>,
    #[serde(default)]
    pub object_groups: Vec<i64>,
    pub login_allowed: bool,
    #[serde(default)]
    pub source: Source,
    #[serde(default)]
    pub language: Language,
    pub version: i64,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    /// The user as an object (for levels on users); 0 when unknown.
    #[serde(default)]
    pub object_id: i64,
    /// The caller's own effective level on this user, in answers about one user (not in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<super::AccessLevel>,
    /// The last successful sign-in (recorded once a minute at most); `None`: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in: Option<String>,
}

/// What a client sends to create or update a user: the editable fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDraft {
    /// On create: the wanted login (the next free one when absent). Ignored on update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<Login>,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*[^\\s\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb][^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*$",
            example = "ivan.petrov"
        )
    )]
    pub username: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*[^\\s\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb][^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*$",
            example = "Ivan"
        )
    )]
    pub first_name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*[^\\s\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb][^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*$",
            example = "Petrov"
        )
    )]
    pub last_name: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*$"
        )
    )]
    pub patronymic: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*$"
        )
    )]
    pub position: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*$"
        )
    )]
    pub city: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f\\xad\\u034f\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb]*$"
        )
    )]
    pub country: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub comments: String,
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254, example = "ivan.petrov@dealer.example.com"))]
    pub email: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[0-9 ()+-]*$", max_length = 30, example = "+7 495 123-45-67")
    )]
    pub phone: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[0-9 ()+-]*$", max_length = 30, example = "+7 (912) 000-00-02")
    )]
    pub mobile: String,
    /// On create: the dealer (the creator's own when absent). Ignored on update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dealer_id: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub roles: Vec<Role>,
    /// Right codes of the catalog (`GET /api/rights`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["REPORTS_EXPIRING"])))]
    pub rights: Vec<String>,
    #[serde(default = "yes")]
    pub login_allowed: bool,
    #[serde(default)]
    pub language: Language,
    /// On create: the initial password (generated when absent). Never returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 8, max_length = 256))]
    pub password: Option<String>,
}

fn yes() -> bool {
    true
}

impl From<&User> for UserDraft {
    fn from(u: &User) -> Self {
        UserDraft {
            login: Some(u.login),
            username: u.username.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            patronymic: u.patronymic.clone(),
            position: u.position.clone(),
            city: u.city.clone(),
            country: u.country.clone(),
            comments: u.comments.clone(),
            email: u.email.clone(),
            phone: u.phone.clone(),
            mobile: u.mobile.clone(),
            dealer_id: Some(u.dealer_id),
            roles: u.roles.clone(),
            rights: u.rights.clone(),
            login_allowed: u.login_allowed,
            language: u.language,
            password: None,
        }
    }
}

/// One invalid field and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Longest text a field may hold; keeps lists readable and rows bounded.
pub const MAX_FIELD_LEN: usize = limits::NAME;

/// Checks an email address: one `@`, a local part, a dotted domain, no spaces, at most 254
/// characters, nothing invisible or unprintable.
pub fn validate_email(s: &str) -> Result<(), String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("email is required".into());
    }
    limits::text("email", s, limits::EMAIL, true)?;
    let bad = || Err("email is not a valid address".to_string());
    let Some((local, domain)) = s.split_once('@') else {
        return bad();
    };
    if local.is_empty()
        || domain.contains('@')
        || s.chars().any(char::is_whitespace)
        || !domain.contains('.')
        || domain.split('.').any(str::is_empty)
    {
        return bad();
    }
    Ok(())
}

/// Phone numbers: digits, spaces and `+ - ( )`, with 5 to 20 digits. Empty is allowed.
pub fn validate_phone(field: &'static str, s: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        return Ok(());
    }
    if s.chars().count() > limits::PHONE {
        return Err(format!("{field} is longer than {} characters", limits::PHONE));
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_digit() || " +-()".contains(*c))) {
        return Err(format!("{field} may hold only digits, spaces and + - ( ), not '{c}'"));
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if !(5..=20).contains(&digits) {
        return Err(format!("{field} must have 5 to 20 digits (has {digits})"));
    }
    Ok(())
}

impl UserDraft {
    /// Every problem with the draft, field by field; empty when it may be sent.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errs = Vec::new();
        let mut push = |field: &'static str, message: String| errs.push(FieldError { field, message });
        for (field, v, required) in [
            ("username", &self.username, true),
            ("last_name", &self.last_name, true),
            ("first_name", &self.first_name, true),
            ("patronymic", &self.patronymic, false),
            ("position", &self.position, false),
            ("city", &self.city, false),
            ("country", &self.country, false),
        ] {
            if let Err(m) = limits::text(&field.replace('_', " "), v, limits::NAME, required) {
                push(field, m);
            }
        }
        if let Err(m) = limits::multiline("comments", &self.comments, limits::COMMENTS) {
            push("comments", m);
        }
        if let Err(m) = validate_email(&self.email) {
            push("email", m);
        }
        if let Err(m) = validate_phone("phone", &self.phone) {
            push("phone", m);
        }
        if let Err(m) = validate_phone("mobile", &self.mobile) {
            push("mobile", m);
        }
        if self.roles.is_empty() {
            push("roles", "a user needs at least one role".into());
        }
        if let Some(r) = self.rights.iter().find(|r| !super::rights::is_known(r)) {
            push("rights", format!("unknown right '{r}'"));
        }
        if let Some(Err(m)) = self.password.as_deref().map(limits::password) {
            push("password", m);
        }
        errs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> UserDraft {
        UserDraft {
            username: "Test4".into(),
            first_name: "Ivan".into(),
            last_name: "Petrov".into(),
            email: "t4@example.com".into(),
            roles: vec![Role::DealerUser],
            login_allowed: true,
            ..Default::default()
        }
    }

    #[test]
    fn valid_draft_passes() {
        assert_eq!(draft().validate(), vec![]);
    }

    #[test]
    fn required_fields() {
        let mut d = draft();
        d.username = " ".into();
        d.first_name.clear();
        d.email.clear();
        d.roles.clear();
        let fields: Vec<_> = d.validate().iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["username", "first_name", "email", "roles"]);
        assert_eq!(d.validate()[0].message, "username is required");
    }

    /// A field's name and how a test spoils it.
    type Spoil = (&'static str, fn(&mut UserDraft));

    #[test]
    fn look_alike_names_are_refused_with_the_field_and_character() {
        let cases: [Spoil; 8] = [
            ("username", |d| d.username = "demo.manager\u{200B}".into()),
            ("first_name", |d| d.first_name = "Iv\u{AD}an".into()),
            ("last_name", |d| d.last_name = "Petrov\u{FEFF}".into()),
            ("patronymic", |d| d.patronymic = "x\u{2060}".into()),
            ("position", |d| d.position = "boss\u{E0041}".into()),
            ("city", |d| d.city = "Omsk\u{202E}".into()),
            ("country", |d| d.country = "RU\u{1b}[2J".into()),
            ("comments", |d| d.comments = "note\u{200B}".into()),
        ];
        for (field, set) in cases {
            let mut d = draft();
            set(&mut d);
            let errs = d.validate();
            assert_eq!(errs.len(), 1, "{field}: {errs:?}");
            assert_eq!(errs[0].field, field);
            assert!(errs[0].message.contains("(U+"), "{:?}", errs[0]);
        }
    }

    /// Characters that draw nothing though Unicode does not call them ignorable (found by a
    /// review): `demo.manager` + a Braille blank looked like `demo.manager`, and a name of
    /// blanks alone looked empty.
    #[test]
    fn blank_looking_characters_are_refused_and_a_name_of_them_shows_nothing() {
        for blank in ['\u{2800}', '\u{16FE4}', '\u{1D159}'] {
            let mut d = draft();
            d.username = format!("demo.manager{blank}");
            let errs = d.validate();
            assert_eq!(errs.len(), 1, "{blank:?}: {errs:?}");
            assert_eq!(errs[0].field, "username");
            let mut d = draft();
            d.username = format!("{blank}{blank}");
            let errs = d.validate();
            assert!(errs[0].message.contains("shows nothing"), "{blank:?}: {errs:?}");
        }
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "ivan.petrov@dealer.example.ru"] {
            assert!(validate_email(ok).is_ok(), "{ok}");
        }
        for bad in ["a", "a@b", "@b.co", "a@@b.co", "a b@c.d", "a@b..c", "a@.b"] {
            assert_eq!(validate_email(bad), Err("email is not a valid address".into()), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert!(validate_phone("mobile", "+7 (912) 345-67-89").is_ok());
        assert!(validate_phone("mobile", "").is_ok());
        assert!(validate_phone("mobile", "1234").unwrap_err().contains("5 to 20 digits"));
        assert!(validate_phone("mobile", "12x45").unwrap_err().contains("'x'"));
        assert!(validate_phone("phone", &"1".repeat(21)).is_err());
    }

    #[test]
    fn unknown_right_and_short_password() {
        let mut d = draft();
        d.rights = vec!["FLY".into()];
        d.password = Some("123".into());
        let f: Vec<_> = d.validate().iter().map(|e| e.field).collect();
        assert_eq!(f, vec!["rights", "password"]);
    }

    #[test]
    fn wire_format_matches_spec() {
        let json = r#"{"login":"0042","username":"Test4","first_name":"Ivan","last_name":"Petrov",
"patronymic":"","position":"","city":"","country":"","comments":"","email":"t4@example.com","phone":"","mobile":"","dealer_id":3,"dealer":"Alpha","roles":["DEALER_USER"],
"rights":["REPORTS_EXPIRING"],"object_groups":[12],"login_allowed":true,"source":"LS","language":"en",
"version":3}"#;
        let u: User = serde_json::from_str(json).unwrap();
        assert_eq!(u.login.to_string(), "0042");
        assert_eq!(u.roles, vec![Role::DealerUser]);
        let back = serde_json::to_value(&u).unwrap();
        assert_eq!(back["login"], "0042");
        assert_eq!(back["source"], "LS");
    }
}
