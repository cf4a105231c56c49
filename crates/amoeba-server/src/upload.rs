//! Reading a multipart upload (a file plus a few text fields), refusing it
//! unless the session's CSRF token came with it. This is the only way
//! handlers read multipart bodies, so no upload skips the check.
//!
//! The file part is streamed to a temporary file as it arrives, never held
//! in memory: a year of settlements can be hundreds of megabytes, and the
//! importer reads it back from disk. A body over the server's upload limit
//! is answered 413 with a sentence naming the limit.

use crate::ctx::{Auth, Authed, Ctx};
use crate::error::Fail;
use crate::i18n::t;
use crate::state::S;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderMap, StatusCode};
use std::collections::HashMap;
use std::io::Write;
use tempfile::TempPath;

/// Bytes gathered before one write to the temporary file (memory held per upload).
const WRITE_CHUNK: usize = 1024 * 1024;

/// A received file, on disk.
#[derive(Debug)]
pub struct UploadedFile {
    /// File name as the browser gave it (path parts removed).
    pub name: String,
    /// The temporary file holding its bytes (removed when this is dropped).
    pub path: TempPath,
}

impl UploadedFile {
    /// Its bytes, read from disk (for the importers that parse a whole
    /// file at once; settlements are streamed from [`UploadedFile::path`]).
    pub async fn read(&self) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(&self.path).await
    }
}

/// A checked multipart form.
#[derive(Debug)]
pub struct Upload {
    /// Who sent it.
    pub who: Authed,
    /// Text fields by name.
    pub fields: HashMap<String, String>,
    /// The `file` fields that were not empty, in form order (the imports
    /// page sends several; other forms one).
    pub files: Vec<UploadedFile>,
}

impl Upload {
    /// The first file sent, for forms that take one.
    pub fn file(&self) -> Option<&UploadedFile> {
        self.files.first()
    }

    /// A trimmed, non-empty text field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// A size as people read it: `512 MiB`, `64 KiB`, `100 bytes`.
pub fn size_text(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * KIB;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// 413 naming the limit, in the reader's language (a page or JSON).
pub fn too_large(ctx: &Ctx, limit: usize) -> Fail {
    let detail = t(ctx.lang, "err.upload_limit").replace("{limit}", &size_text(limit));
    ctx.fail(StatusCode::PAYLOAD_TOO_LARGE, "err.too_large").detail(detail)
}

/// A broken multipart stream: over the limit (413) or cut off / malformed (400).
fn interrupted(ctx: &Ctx, limit: usize, e: MultipartError) -> Fail {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(ctx, limit)
    } else {
        ctx.fail(StatusCode::BAD_REQUEST, "err.upload_interrupted").detail(e.body_text())
    }
}

/// The declared body size, when the client sent one.
fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// Writes `buf` to the end of `file` off the async threads, handing both back.
async fn write_out(file: std::fs::File, buf: Vec<u8>) -> std::io::Result<(std::fs::File, Vec<u8>)> {
    tokio::task::spawn_blocking(move || {
        let (mut file, mut buf) = (file, buf);
        file.write_all(&buf)?;
        buf.clear();
        Ok((file, buf))
    })
    .await
    .map_err(std::io::Error::other)?
}

/// Why a file part could not be saved.
#[derive(Debug)]
enum SaveError {
    /// The multipart stream broke (or went over the limit).
    Stream(MultipartError),
    /// The temporary file could not be written.
    Disk(std::io::Error),
}

/// Streams the file part into a temporary file, chunk by chunk: at most
/// [`WRITE_CHUNK`] bytes of it are in memory at any time.
async fn save(mut field: Field<'_>) -> Result<(TempPath, u64), SaveError> {
    let (mut file, path) = tempfile::NamedTempFile::new().map_err(SaveError::Disk)?.into_parts();
    let mut buf = Vec::with_capacity(WRITE_CHUNK);
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(SaveError::Stream)? {
        size += chunk.len() as u64;
        buf.extend_from_slice(&chunk);
        if buf.len() >= WRITE_CHUNK {
            (file, buf) = write_out(file, buf).await.map_err(SaveError::Disk)?;
        }
    }
    if !buf.is_empty() {
        write_out(file, buf).await.map_err(SaveError::Disk)?;
    }
    Ok((path, size))
}

impl FromRequest<S> for Upload {
    type Rejection = Fail;

    async fn from_request(req: Request, s: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let who = <Authed as axum::extract::FromRequestParts<S>>::from_request_parts(&mut parts, s).await?;
        let ctx = who.ctx.clone();
        let limit = s.upload_limit;
        if declared_length(&parts.headers).is_some_and(|n| n > limit as u64) {
            // Refused before a byte of the body is read.
            return Err(too_large(&ctx, limit));
        }
        let header_ok =
            parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).is_some_and(|v| crate::cookies::same_secret(v, ctx.csrf()));
        let mut multipart = Multipart::from_request(Request::from_parts(parts, body), s)
            .await
            .map_err(|e| ctx.fail(StatusCode::BAD_REQUEST, "err.not_upload").detail(e.body_text()))?;
        let mut fields = HashMap::new();
        let mut files = Vec::new();
        let mut csrf_seen = header_ok || !matches!(ctx.auth, Auth::Session { .. });
        while let Some(field) = multipart.next_field().await.map_err(|e| interrupted(&ctx, limit, e))? {
            let name = field.name().unwrap_or("").to_string();
            if name == "file" {
                if !csrf_seen {
                    // The token must precede the file: nothing is read for a forged form.
                    return Err(ctx.fail(StatusCode::FORBIDDEN, "err.csrf"));
                }
                let file_name = field.file_name().unwrap_or("upload").rsplit(['/', '\\']).next().unwrap_or("upload").to_string();
                let (path, size) = save(field).await.map_err(|e| match e {
                    SaveError::Stream(e) => interrupted(&ctx, limit, e),
                    SaveError::Disk(e) => ctx.internal(format!("cannot write the upload to a temporary file: {e}")),
                })?;
                if size > 0 {
                    files.push(UploadedFile { name: file_name, path });
                }
            } else {
                let text = field.text().await.map_err(|e| interrupted(&ctx, limit, e))?;
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
        Ok(Upload { who, fields, files })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A multipart body of one file part of `len` bytes.
    fn one_file(len: usize) -> (Request, Vec<u8>) {
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let mut body = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.txt\"\r\n\r\n".to_vec();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\r\n--b--\r\n");
        let req = Request::post("/x").header(header::CONTENT_TYPE, "multipart/form-data; boundary=b").body(axum::body::Body::from(body));
        (req.expect("request"), data)
    }

    #[tokio::test]
    async fn the_file_part_is_written_to_disk_whole() {
        // Over one write chunk (so it is written in parts), under axum's default 2 MB body limit.
        let len = WRITE_CHUNK + 12_345;
        let (req, data) = one_file(len);
        let mut multipart = Multipart::from_request(req, &()).await.expect("multipart");
        let field = multipart.next_field().await.expect("stream").expect("a field");
        let (path, size) = save(field).await.expect("saved");
        assert_eq!(size, len as u64);
        assert_eq!(std::fs::metadata(&path).expect("on disk").len(), len as u64);
        assert!(std::fs::read(&path).expect("readable") == data, "the bytes on disk are the bytes sent");
        let kept = path.to_path_buf();
        drop(path);
        assert!(!kept.exists(), "the temporary file goes with the upload");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(512 * 1024 * 1024), "512 MiB");
        assert_eq!(size_text(64 * 1024), "64 KiB");
        assert_eq!(size_text(1000), "1000 bytes");
    }
}
