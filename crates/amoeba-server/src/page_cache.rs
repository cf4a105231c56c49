//! Pages kept per viewer and data version: the morning board is opened by
//! the whole company at 9:00, and its page is the same for one person until
//! the next import, organisation file or close. A page is kept under the
//! company's data version (never stale: a change raises it), the login as
//! it is now (role and scope, so a changed login draws anew), the session
//! (its CSRF token is in the page's forms), the language, today and the
//! whole URI — and whatever else the page shows that the data version does
//! not count (the board's latest lottery draw), as `extra`.

use crate::ctx::Authed;
use crate::error::Fail;
use amoeba_app::version_cache::VersionedCache;
use axum::body::Bytes;
use axum::response::{Html, IntoResponse, Response};
use std::future::Future;
use std::hash::{Hash, Hasher};

/// Most pages kept (a few per person on staff); past it the cache starts over.
pub const MAX_PAGES: usize = 4096;

static PAGES: VersionedCache<Bytes> = VersionedCache::bounded(MAX_PAGES);

/// The page `render` draws for `who`, drawn once per data version and
/// `extra`: what the page shows that changes without the data version (the
/// board's latest lottery draw, its alerts acknowledged or run).
pub async fn page<F>(db: &amoeba_store::Db, who: &Authed, extra: &str, render: F) -> Result<Response, Fail>
where
    F: Future<Output = Result<String, Fail>>,
{
    let ctx = &who.ctx;
    let mut viewer = std::hash::DefaultHasher::new();
    who.user.hash(&mut viewer);
    let what = format!("{:x}|{}|{}|{}|{}|{extra}", viewer.finish(), ctx.csrf(), ctx.lang.code(), ctx.today, ctx.uri);
    let html =
        PAGES.get_or_compute(&db.display_url, ctx.company.id, who.current.version, what, async { render.await.map(Bytes::from) }).await?;
    Ok(Html(html).into_response())
}
