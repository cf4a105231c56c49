//! Logins, sessions and tokens against a real database (SQLite, or
//! PostgreSQL with `AMOEBA_TEST_DATABASE_URL`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a failed unwrap is a failed run

use amoeba_app::identity::*;
use amoeba_core::identity::{LoginOutcome, NewUser, Role, MAX_FAILURES, SESSION_DAYS, THROTTLE_MINUTES};
use amoeba_store::Db;
use chrono::{Duration, Utc};

async fn company(db: &Db) -> i64 {
    db.create_company(&amoeba_core::org::Company::new("T", "T")).await.expect("company").id
}

fn owner(login: &str) -> NewUser {
    NewUser { login: login.into(), role: Some(Role::Owner), ..NewUser::default() }
}

#[tokio::test]
async fn sessions_open_expire_and_close() {
    let db = amoeba_store::testing::fresh_db().await;
    let c = company(&db).await;
    let u = create_user(&db, c, &owner("Boss"), "long enough pw").await.expect("user");
    assert_eq!(u.login, "boss");
    assert!(create_user(&db, c, &owner("BOSS"), "another pw 123").await.is_err(), "logins are unique, case-insensitively");
    let now = Utc::now();
    let s = open_session(&db, c, u.id, now).await.expect("session");
    let live = session(&db, c, &s.token, now).await.expect("lookup").expect("live");
    assert_eq!((live.user.id, live.csrf.as_str()), (u.id, s.csrf.as_str()));
    assert!(session(&db, c, &s.csrf, now).await.expect("lookup").is_none(), "only the session token opens the session");
    assert!(session(&db, c + 1, &s.token, now).await.expect("lookup").is_none(), "sessions are scoped by company");
    let later = now + Duration::days(SESSION_DAYS) + Duration::seconds(1);
    assert!(session(&db, c, &s.token, later).await.expect("lookup").is_none(), "expired");
    logout(&db, c, &s.token, now).await.expect("logout");
    assert!(session(&db, c, &s.token, now).await.expect("lookup").is_none(), "logged out");
}

#[tokio::test]
async fn password_change_and_disable_end_sessions() {
    let db = amoeba_store::testing::fresh_db().await;
    let c = company(&db).await;
    let u = create_user(&db, c, &owner("boss"), "long enough pw").await.expect("user");
    let now = Utc::now();
    let keep = open_session(&db, c, u.id, now).await.expect("session");
    let other = open_session(&db, c, u.id, now).await.expect("session");
    set_password(&db, c, u.id, "brand new password", Some(&keep.token)).await.expect("change");
    assert!(session(&db, c, &keep.token, now).await.expect("lookup").is_some());
    assert!(session(&db, c, &other.token, now).await.expect("lookup").is_none());
    assert_eq!(login(&db, c, "boss", "long enough pw", now).await.expect("login"), LoginOutcome::Refused);
    assert!(matches!(login(&db, c, "boss", "brand new password", now).await.expect("login"), LoginOutcome::Success(_)));
    db.set_disabled(c, u.id, true).await.expect("disable");
    assert!(session(&db, c, &keep.token, now).await.expect("lookup").is_none());
    assert_eq!(login(&db, c, "boss", "brand new password", now).await.expect("login"), LoginOutcome::Refused);
}

#[tokio::test]
async fn repeated_failures_are_throttled_then_released() {
    let db = amoeba_store::testing::fresh_db().await;
    let c = company(&db).await;
    create_user(&db, c, &owner("boss"), "long enough pw").await.expect("user");
    let t0 = Utc::now();
    for i in 0..MAX_FAILURES as i64 {
        let at = t0 + Duration::seconds(i);
        assert_eq!(login(&db, c, "boss", "wrong", at).await.expect("login"), LoginOutcome::Refused);
    }
    let at = t0 + Duration::seconds(MAX_FAILURES as i64);
    match login(&db, c, "boss", "long enough pw", at).await.expect("login") {
        LoginOutcome::Throttled { retry_after_secs } => assert!(retry_after_secs > 0 && retry_after_secs <= THROTTLE_MINUTES * 60),
        other => panic!("expected throttling even with the right password, got {other:?}"),
    }
    let after = t0 + Duration::minutes(THROTTLE_MINUTES) + Duration::seconds(1);
    assert!(matches!(login(&db, c, "boss", "long enough pw", after).await.expect("login"), LoginOutcome::Success(_)));
    // Unknown logins are throttled the same way (no hint which logins exist).
    for _ in 0..MAX_FAILURES {
        assert_eq!(login(&db, c, "nobody", "x", after).await.expect("login"), LoginOutcome::Refused);
    }
    assert!(matches!(login(&db, c, "nobody", "x", after).await.expect("login"), LoginOutcome::Throttled { .. }));
}

#[tokio::test]
async fn api_tokens_work_until_revoked() {
    let db = amoeba_store::testing::fresh_db().await;
    let c = company(&db).await;
    let u = create_user(&db, c, &owner("boss"), "long enough pw").await.expect("user");
    let (tok, secret) = create_api_token(&db, c, u.id, "BI tool").await.expect("token");
    assert_eq!(user_by_api_token(&db, c, &secret).await.expect("lookup").map(|x| x.id), Some(u.id));
    assert!(user_by_api_token(&db, c, "amb_guess").await.expect("lookup").is_none());
    assert!(db.api_tokens(c, u.id).await.expect("list")[0].last_used_at.is_some());
    assert!(db.revoke_api_token(c, u.id, tok.id).await.expect("revoke"));
    assert!(user_by_api_token(&db, c, &secret).await.expect("lookup").is_none());
}

#[tokio::test]
async fn password_reset_and_change_revoke_api_tokens() {
    let db = amoeba_store::testing::fresh_db().await;
    let c = company(&db).await;
    let u = create_user(&db, c, &owner("boss"), "long enough pw").await.expect("user");
    let other = create_user(&db, c, &owner("other"), "long enough pw").await.expect("user");
    let (_, before_reset) = create_api_token(&db, c, u.id, "BI").await.expect("token");
    let (_, bystander) = create_api_token(&db, c, other.id, "BI").await.expect("token");
    reset_password(&db, c, "boss").await.expect("reset");
    assert!(user_by_api_token(&db, c, &before_reset).await.expect("lookup").is_none(), "a reset ends tokens");
    assert!(db.api_tokens(c, u.id).await.expect("list")[0].revoked, "listed as revoked");
    let (_, before_change) = create_api_token(&db, c, u.id, "BI 2").await.expect("token");
    let keep = open_session(&db, c, u.id, Utc::now()).await.expect("session");
    set_password(&db, c, u.id, "brand new password", Some(&keep.token)).await.expect("change");
    assert!(user_by_api_token(&db, c, &before_change).await.expect("lookup").is_none(), "a change ends tokens");
    assert!(user_by_api_token(&db, c, &bystander).await.expect("lookup").is_some(), "other logins' tokens stay");
    let (_, after) = create_api_token(&db, c, u.id, "BI 3").await.expect("token");
    assert!(user_by_api_token(&db, c, &after).await.expect("lookup").is_some(), "new tokens work");
}
