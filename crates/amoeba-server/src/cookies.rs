//! Reading and writing the few cookies Amoeba uses: the session, the login
//! form's CSRF token and the language.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};

/// Cookie holding the session token (the database keeps only its SHA-256).
pub const SESSION: &str = "amoeba_session";
/// Double-submit token of the login form (there is no session yet to hold it).
pub const LOGIN_CSRF: &str = "amoeba_login_csrf";
/// Chosen language (`zh` or `en`).
pub const LANG: &str = "amoeba_lang";

/// The value of cookie `name`, if the request carries it.
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_string())
}

/// How a cookie is scoped.
pub struct Spec<'a> {
    /// Name.
    pub name: &'a str,
    /// Value (must be cookie-safe: Amoeba only stores hex and language codes).
    pub value: &'a str,
    /// Lifetime in seconds; 0 deletes the cookie.
    pub max_age: i64,
    /// Path it is sent for.
    pub path: &'a str,
    /// Hidden from JavaScript (credentials always are).
    pub http_only: bool,
    /// `Strict` for credentials (never sent on cross-site requests), `Lax` for preferences.
    pub strict: bool,
    /// Only over HTTPS (when the request came over TLS).
    pub secure: bool,
}

impl Spec<'_> {
    /// The `Set-Cookie` header value.
    pub fn header(&self) -> String {
        let mut out = format!(
            "{}={}; Path={}; Max-Age={}; SameSite={}",
            self.name,
            self.value,
            self.path,
            self.max_age,
            if self.strict { "Strict" } else { "Lax" }
        );
        if self.http_only {
            out.push_str("; HttpOnly");
        }
        if self.secure {
            out.push_str("; Secure");
        }
        out
    }

    /// Appends the cookie to a response's headers.
    pub fn set(&self, headers: &mut HeaderMap) {
        if let Ok(v) = HeaderValue::from_str(&self.header()) {
            headers.append(SET_COOKIE, v);
        }
    }
}

/// A credential cookie: HttpOnly, SameSite=Strict, Secure over TLS.
pub fn credential<'a>(name: &'a str, value: &'a str, max_age: i64, path: &'a str, secure: bool) -> Spec<'a> {
    Spec { name, value, max_age, path, http_only: true, strict: true, secure }
}

/// Whether the request reached us over TLS (directly configured, or a proxy said so).
pub fn is_tls(headers: &HeaderMap, configured: bool) -> bool {
    configured
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').next().is_some_and(|p| p.trim().eq_ignore_ascii_case("https")))
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && !a.is_empty() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; amoeba_session=abc; amoeba_lang=en"));
        assert_eq!(get(&h, SESSION).as_deref(), Some("abc"));
        assert_eq!(get(&h, LANG).as_deref(), Some("en"));
        assert_eq!(get(&h, "missing"), None);
    }

    #[test]
    fn credentials_are_http_only_strict_and_secure_over_tls() {
        let c = credential(SESSION, "t", 60, "/", true).header();
        assert_eq!(c, "amoeba_session=t; Path=/; Max-Age=60; SameSite=Strict; HttpOnly; Secure");
        assert!(!credential(SESSION, "t", 60, "/", false).header().contains("Secure"));
    }

    #[test]
    fn tls_is_detected_from_the_proxy_header() {
        let mut h = HeaderMap::new();
        assert!(!is_tls(&h, false));
        assert!(is_tls(&h, true));
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(is_tls(&h, false));
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", ""));
    }
}
