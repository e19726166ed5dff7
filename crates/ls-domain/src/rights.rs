//! The rights catalog (`assets/rights.toml`), embedded in the binary.
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Localized {
    pub en: String,
    pub ru: String,
}

impl Localized {
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::En => &self.en,
            Language::Ru => &self.ru,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ru,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
        }
    }
}

impl std::str::FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Language::En),
            "ru" => Ok(Language::Ru),
            o => Err(format!("unknown language '{o}' (en, ru)")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Right {
    pub code: String,
    pub group: String,
    pub name: Localized,
    pub comment: Localized,
}

#[derive(Debug, Deserialize)]
struct CatalogFile {
    right: Vec<Right>,
}

const CATALOG_TOML: &str = include_str!("../../../assets/rights.toml");

/// Parses a catalog; an error names what is wrong.
pub fn parse_catalog(text: &str) -> Result<Vec<Right>, String> {
    let f: CatalogFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut seen = std::collections::HashSet::new();
    for r in &f.right {
        if !seen.insert(r.code.clone()) {
            return Err(format!("right {} is listed twice", r.code));
        }
    }
    Ok(f.right)
}

/// The built-in catalog. It is compiled in and checked by a test, so parsing cannot fail at run
/// time; should it ever, the catalog is empty rather than the program dead.
pub fn catalog() -> &'static [Right] {
    static CAT: OnceLock<Vec<Right>> = OnceLock::new();
    CAT.get_or_init(|| parse_catalog(CATALOG_TOML).unwrap_or_default())
}

pub fn find(code: &str) -> Option<&'static Right> {
    catalog().iter().find(|r| r.code == code)
}

pub fn is_known(code: &str) -> bool {
    find(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_parses_and_has_required_rights() {
        let c = parse_catalog(CATALOG_TOML).expect("catalog parses");
        assert_eq!(c.len(), catalog().len());
        for code in [
            "USERS_VIEW",
            "USERS_CREATE",
            "USERS_EDIT",
            "USERS_BLOCK",
            "USERS_API_TOKEN",
            "SUBDEALER_VIEW",
            "OBJECTS_VIEW",
            "OBJECTS_CREATE",
            "OBJECTS_EDIT",
            "CORPORATIONS_CREATE",
            "LICENSES_GENERATE",
            "LICENSES_SOS",
            "KEYS_CHECK",
            "REPORTS_EXPIRING",
            "REPORTS_CHECK_KEYS",
            "DEALER_VIEW",
            "ACCESS_MANAGE",
        ] {
            assert!(is_known(code), "{code} missing");
        }
        for r in c {
            for s in [&r.name.en, &r.name.ru, &r.comment.en, &r.comment.ru] {
                assert!(s.chars().count() > 10, "{} has a thin text: {s}", r.code);
            }
            assert!(
                r.comment.ru.chars().any(|c| ('а'..='я').contains(&c)),
                "{} ru comment",
                r.code
            );
        }
    }

    #[test]
    fn hint_in_viewer_language() {
        let r = find("USERS_API_TOKEN").unwrap();
        assert!(r.comment.get(Language::En).contains("API"));
        assert!(r.comment.get(Language::Ru).contains("токен"));
    }

    #[test]
    fn duplicate_is_an_error() {
        let t = "[[right]]\ncode='A'\ngroup='g'\nname={en='a',ru='a'}\ncomment={en='a',ru='a'}\n";
        let e = parse_catalog(&format!("{t}{t}")).unwrap_err();
        assert!(e.contains("twice"));
    }
}
