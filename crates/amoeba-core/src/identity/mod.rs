//! Identity: who may log in, as what, and what each login may see.
//!
//! The rules live here, pure: the access roles and their scopes, what makes a
//! login name or a password acceptable, when repeated failures throttle a
//! login, and the access policy ([`Viewer`]) every page, API route and
//! export asks before it shows an object. Hashing, tokens and sessions are
//! done by the application (`amoeba-app::identity`); the database only keeps
//! the rows (`amoeba-store::accounts`).

mod access;
mod login;
mod role;
mod user;

pub use access::{landing, pay_grain, NotVisible, PayGrain, Seen, Viewer};
pub use login::{
    check_login, check_password, normalise_login, throttled, LoginOutcome, MAX_FAILURES, MIN_PASSWORD_LEN, SESSION_DAYS, THROTTLE_MINUTES,
};
pub use role::Role;
pub use user::{ApiToken, NewUser, Session, User};
