//! The 4-digit login (Dealer ID): `0001`–`9999`, unique, always shown zero-padded.
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Highest possible login, and so the cap on the number of users.
pub const MAX_LOGIN: u16 = 9999;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Login(u16);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("login is empty")]
    Empty,
    #[error("login '{0}' is not a number of 1 to 4 digits")]
    NotDigits(String),
    #[error("login '{0}' is out of range: logins run from 0001 to 9999")]
    OutOfRange(String),
}

impl Login {
    pub fn new(n: u16) -> Result<Self, LoginError> {
        if (1..=MAX_LOGIN).contains(&n) {
            Ok(Login(n))
        } else {
            Err(LoginError::OutOfRange(n.to_string()))
        }
    }
    pub fn get(self) -> u16 {
        self.0
    }
}

impl FromStr for Login {
    type Err = LoginError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() {
            return Err(LoginError::Empty);
        }
        if !t.chars().all(|c| c.is_ascii_digit()) {
            return Err(LoginError::NotDigits(t.to_string()));
        }
        if t.len() > 4 {
            return Err(LoginError::OutOfRange(t.to_string()));
        }
        let n: u16 = t.parse().map_err(|_| LoginError::NotDigits(t.to_string()))?;
        Login::new(n).map_err(|_| LoginError::OutOfRange(t.to_string()))
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl Serialize for Login {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Login {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

// On the wire a login is a string of up to four digits, zero-padded in answers ("0042").
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Login {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{4}$"))
            .examples([serde_json::json!("0042")])
            .description(Some("A login, 0001–9999, four digits"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Login {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_pads() {
        assert_eq!("1".parse::<Login>().unwrap().to_string(), "0001");
        assert_eq!("0042".parse::<Login>().unwrap().to_string(), "0042");
        assert_eq!(" 9999 ".parse::<Login>().unwrap().get(), 9999);
    }

    #[test]
    fn rejects_bad_logins() {
        assert_eq!("".parse::<Login>(), Err(LoginError::Empty));
        assert!(matches!("abc".parse::<Login>(), Err(LoginError::NotDigits(_))));
        assert!(matches!("-1".parse::<Login>(), Err(LoginError::NotDigits(_))));
        assert!(matches!("12345".parse::<Login>(), Err(LoginError::OutOfRange(_))));
        assert!(matches!("0".parse::<Login>(), Err(LoginError::OutOfRange(_))));
        assert!(matches!("0000".parse::<Login>(), Err(LoginError::OutOfRange(_))));
        let msg = "12345".parse::<Login>().unwrap_err().to_string();
        assert!(msg.contains("0001 to 9999"), "{msg}");
    }

    #[test]
    fn serde_round_trip_is_padded() {
        let l: Login = serde_json::from_str("\"7\"").unwrap();
        assert_eq!(serde_json::to_string(&l).unwrap(), "\"0007\"");
        assert!(serde_json::from_str::<Login>("\"10000\"").is_err());
    }
}
