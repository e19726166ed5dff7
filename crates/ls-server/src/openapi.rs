//! The OpenAPI description, built from the handlers' own annotations as the router is built
//! (utoipa-axum), so the document and the routes cannot drift apart.
use ls_api::ErrorBody;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Doc, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi, PartialSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Licensing System API",
        description = "Users, roles and rights, objects and access levels, API tokens and aggregator \
                       licenses of a dealer network's Licensing System. Every /api endpoint but /api/health \
                       and /api/openapi.json needs the `usr` header: Base64(login \";\" md5hex(login + password) \";\" md5hex(token)).",
    ),
    modifiers(&Security),
    security(("usr" = [])),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut Doc) {
        let c = doc.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "usr",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "usr",
                "Base64(login \";\" md5hex(login + password) \";\" md5hex(API token)), login zero-padded",
            ))),
        );
        c.add_security_scheme(
            "aggregator",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "AggregatorAuthentication",
                "an aggregator license id (White Server check)",
            ))),
        );
    }
}

/// The error answers every endpoint may give, all in the one `ErrorBody` shape. Applied after
/// the routes are merged in (a derive modifier runs before there are any paths).
pub struct Errors;

fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(ErrorBody::schema())).build(),
        )
        .build()
        .into()
}

impl Modify for Errors {
    fn modify(&self, doc: &mut Doc) {
        for (path, item) in doc.paths.paths.iter_mut() {
            // Health needs no credentials and cannot fail on input; only the address's budget.
            if path == "/api/health" {
                if let Some(op) = item.get.as_mut() {
                    op.responses.responses.entry("429".to_string()).or_insert_with(|| {
                        error("too many requests from this address: Retry-After says when to try again")
                    });
                }
                continue;
            }
            let ops = [
                (&mut item.get, false),
                (&mut item.post, true),
                (&mut item.put, true),
                (&mut item.delete, true),
            ];
            for (op, has_body) in ops {
                let Some(op) = op.as_mut() else { continue };
                let r = &mut op.responses.responses;
                let mut add = |code: &str, d: &str| {
                    r.entry(code.to_string()).or_insert_with(|| error(d));
                };
                add("400", "invalid input: the message says what and, for a field, which");
                add("401", "missing, malformed or wrong credentials");
                add(
                    "403",
                    "not allowed for the caller's role, rights or levels (or the caller is blocked)",
                );
                add("404", "not found, or not visible to the caller");
                add("408", "the request took too long");
                add(
                    "429",
                    "too many requests (this address's or login's request budget is spent) or too many failed sign-ins: unchecked; Retry-After says when to try again",
                );
                add(
                    "503",
                    "busy (checking a sign-in, hashing a new password, or the database is busy or cannot be written: the message names which); nothing was changed; Retry-After may say when to try again",
                );
                if has_body {
                    add("409", "a conflict: a stale version, a taken login or a limit reached");
                    add("413", "the request body is larger than the server accepts");
                }
            }
        }
    }
}
