//! Reading a multipart upload (a file plus a few text fields), refusing it
//! unless the session's CSRF token came with it. This is the only way
//! handlers read multipart bodies, so no upload skips the check.

use crate::ctx::{Auth, Authed};
use crate::error::Fail;
use crate::state::S;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use std::collections::HashMap;

/// A received file.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// File name as the browser gave it (path parts removed).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A checked multipart form.
#[derive(Debug)]
pub struct Upload {
    /// Who sent it.
    pub who: Authed,
    /// Text fields by name.
    pub fields: HashMap<String, String>,
    /// The `file` field, if one was sent and is not empty.
    pub file: Option<UploadedFile>,
}

impl Upload {
    /// A trimmed, non-empty text field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

impl FromRequest<S> for Upload {
    type Rejection = Fail;

    async fn from_request(req: Request, s: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let who = <Authed as axum::extract::FromRequestParts<S>>::from_request_parts(&mut parts, s).await?;
        let ctx = who.ctx.clone();
        let header_ok =
            parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).is_some_and(|v| crate::cookies::same_secret(v, ctx.csrf()));
        let mut multipart = Multipart::from_request(Request::from_parts(parts, body), s)
            .await
            .map_err(|e| ctx.bad_request(format!("not a file upload: {e}")))?;
        let mut fields = HashMap::new();
        let mut file = None;
        let mut csrf_seen = header_ok || !matches!(ctx.auth, Auth::Session { .. });
        while let Some(field) = multipart.next_field().await.map_err(|e| ctx.bad_request(format!("upload interrupted: {e}")))? {
            let name = field.name().unwrap_or("").to_string();
            if name == "file" {
                if !csrf_seen {
                    // The token must precede the file: nothing is read for a forged form.
                    return Err(ctx.fail(StatusCode::FORBIDDEN, "err.csrf"));
                }
                let file_name = field.file_name().unwrap_or("upload").rsplit(['/', '\\']).next().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(|e| ctx.bad_request(format!("upload interrupted: {e}")))?;
                if !bytes.is_empty() {
                    file = Some(UploadedFile { name: file_name, bytes: bytes.to_vec() });
                }
            } else {
                let text = field.text().await.map_err(|e| ctx.bad_request(format!("upload interrupted: {e}")))?;
                if name == "csrf" {
                    csrf_seen = crate::cookies::same_secret(&text, ctx.csrf());
                    if !csrf_seen {
                        return Err(ctx.fail(StatusCode::FORBIDDEN, "err.csrf"));
                    }
                }
                fields.insert(name, text);
            }
        }
        if !csrf_seen {
            return Err(ctx.fail(StatusCode::FORBIDDEN, "err.csrf"));
        }
        Ok(Upload { who, fields, file })
    }
}
