//! Review scores as a CSV file (`docs/engagement.md`, "Review cycles"): the
//! header names the criteria with their weights in percent, each row one
//! person's scores by the leader or by themselves.
//!
//! ```csv
//! person,by,results@50,attitude@20,skill@15,teamwork@15
//! P012,leader,90,80,70,85
//! P012,self,95,95,90,95
//! P013,leader,70,90,80,75
//! ```
//!
//! Read whole or refused with every bad line; the scorecard's own rules
//! (weights adding up to 100, scores 0–100) are the core's (`goals::review`).

use amoeba_core::goals::{Criterion, PersonScores};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A review file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFile {
    /// The criteria with their weights, in header order.
    pub criteria: Vec<Criterion>,
    /// Each person's scores, in the order they first appear.
    pub people: Vec<PersonScores>,
}

/// A bad line of a review file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLineError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong (English).
    pub detail: String,
}

impl std::fmt::Display for ReviewLineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.detail)
    }
}

/// Reads a review file; every bad line is reported.
pub fn parse(text: &str) -> Result<ReviewFile, Vec<ReviewLineError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let mut rows = reader.records();
    let err = |line: usize, detail: String| ReviewLineError { line, detail };
    let header = match rows.next() {
        Some(Ok(h)) => h,
        _ => return Err(vec![err(1, "the file is empty: a header `person,by,<criterion>@<weight>,…` is needed".into())]),
    };
    if header.get(0) != Some("person") || header.get(1) != Some("by") || header.len() < 3 {
        return Err(vec![err(1, "the header must start with `person,by` and name at least one criterion as `code@weight`".into())]);
    }
    let mut criteria = Vec::new();
    for h in header.iter().skip(2) {
        match h.split_once('@').and_then(|(c, w)| w.trim().parse::<Decimal>().ok().map(|w| (c.trim(), w))) {
            Some((code, weight_pct)) if !code.is_empty() => criteria.push(Criterion { code: code.to_string(), weight_pct }),
            _ => errors.push(err(1, format!("criterion '{h}' is not `code@weight` (e.g. results@50)"))),
        }
    }
    let mut people: Vec<PersonScores> = Vec::new();
    for (i, row) in rows.enumerate() {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                errors.push(err(line, e.to_string()));
                continue;
            }
        };
        if row.iter().all(str::is_empty) {
            continue;
        }
        if row.len() != criteria.len() + 2 {
            errors.push(err(line, format!("{} fields, the header has {}", row.len(), criteria.len() + 2)));
            continue;
        }
        let person = row.get(0).unwrap_or_default().to_string();
        if person.is_empty() {
            errors.push(err(line, "no person".into()));
            continue;
        }
        let mut scores = BTreeMap::new();
        for (c, v) in criteria.iter().zip(row.iter().skip(2)) {
            match v.parse::<Decimal>() {
                Ok(s) => {
                    scores.insert(c.code.clone(), s);
                }
                Err(_) => errors.push(err(line, format!("score '{v}' of {} is not a number", c.code))),
            }
        }
        let slot = match people.iter().position(|p| p.person == person) {
            Some(i) => i,
            None => {
                people.push(PersonScores { person: person.clone(), leader: BTreeMap::new(), self_scores: None });
                people.len() - 1
            }
        };
        let p = &mut people[slot];
        match row.get(1).unwrap_or_default() {
            "leader" if p.leader.is_empty() => p.leader = scores,
            "self" if p.self_scores.is_none() => p.self_scores = Some(scores),
            "leader" | "self" => errors.push(err(line, format!("{person} is scored twice by the same hand"))),
            other => errors.push(err(line, format!("by '{other}' is neither leader nor self"))),
        }
    }
    for p in &people {
        if p.leader.is_empty() {
            errors.push(err(1, format!("{} has no leader row", p.person)));
        }
    }
    if errors.is_empty() {
        Ok(ReviewFile { criteria, people })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criteria_weights_and_both_hands() {
        let f = parse(
            "person,by,results@50,attitude@20,skill@15,teamwork@15\nP01,leader,90,80,70,85\nP01,self,95,95,90,95\nP02,leader,70,90,80,75\n",
        )
        .expect("reads");
        assert_eq!(f.criteria.len(), 4);
        assert_eq!(f.criteria[0].weight_pct, Decimal::from(50));
        assert_eq!(f.people.len(), 2);
        assert!(f.people[0].self_scores.is_some() && f.people[1].self_scores.is_none());
    }

    #[test]
    fn refuses_every_bad_line() {
        let e = parse("person,by,results@50,attitude@50\nP01,boss,90,x\nP02,self,1,2\nP03,leader,1\n").expect_err("bad");
        let lines: Vec<usize> = e.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![2, 2, 4, 1, 1], "a bad score and hand, a short row, two people without a leader row: {e:?}");
        assert!(parse("person,by,results,attitude@50\n").is_err(), "a criterion without its weight");
    }
}
