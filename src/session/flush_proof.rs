//! What a statement's answer proves: that it matched each of its rows exactly once (by its
//! count, the ordinals a batch returns, or each run's count), else which row it did not.

use crate::engine::StatementSummary;

use super::change::{ChangeId, Failure};
use super::plan::{Proof, Step, StepKind};

pub(super) fn stale(step: &Step, got: u64) -> Failure {
    let what = match step.kind {
        StepKind::Delete => "deleted",
        _ => "updated",
    };
    Failure {
        message: format!(
            "changed or deleted by someone else since it was read: expected to have {what} \
             {} row, {got} matched",
            step.expect
        ),
        code: None,
    }
}

/// How many times a batch matched each of its rows (by ordinal, 1-based).
fn matches_per_row(step: &Step, returned: &[Vec<Option<String>>]) -> Vec<usize> {
    let mut counts = vec![0; step.changes.len()];
    for n in returned
        .iter()
        .filter_map(|r| r.first()?.as_deref()?.parse::<usize>().ok())
    {
        if let Some(c) = n.checked_sub(1).and_then(|i| counts.get_mut(i)) {
            *c += 1;
        }
    }
    counts
}

/// Why a batch was refused: the first of its rows not matched exactly once.
fn not_once(step: &Step, returned: &[Vec<Option<String>>]) -> Failure {
    let got = matches_per_row(step, returned)
        .into_iter()
        .find(|&c| c != 1)
        .unwrap_or(0);
    not_one(step, got as u64)
}

/// Why one row's statement was refused: it matched `got` rows, not 1.
pub(super) fn not_one(step: &Step, got: u64) -> Failure {
    match got {
        0 | 1 => stale(
            &Step {
                expect: 1,
                ..step.clone()
            },
            got,
        ),
        n => Failure {
            message: format!(
                "its key and read values match {n} rows now, not 1 (an inherited table's row, \
                 or a key that is no longer unique): nothing was changed"
            ),
            code: None,
        },
    }
}

/// Why a step's answer does not prove that it matched each of its rows exactly once; None
/// when it does.
pub(super) fn unproven(step: &Step, s: &StatementSummary) -> Option<Failure> {
    let proven = match &step.proof {
        Proof::Count => s.rows_affected == step.expect,
        Proof::Ordinals => {
            s.returned.len() == step.changes.len()
                && matches_per_row(step, &s.returned).iter().all(|&c| c == 1)
        }
        Proof::EachRun => {
            s.per_run.len() == step.changes.len() && s.per_run.iter().all(|&c| c == 1)
        }
        Proof::Returned(rows) => same_rows(rows, &s.returned),
    };
    if proven {
        return None;
    }
    Some(match (step.kind, &step.proof) {
        (StepKind::Insert, _) => Failure {
            message: format!(
                "the INSERT affected {} rows, not the {} staged",
                s.rows_affected, step.expect
            ),
            code: None,
        },
        (_, Proof::Ordinals) => not_once(step, &s.returned),
        _ => stale(step, s.rows_affected),
    })
}

/// Whether `returned` holds the rows of `expected`, each exactly once, compared as text, byte
/// for byte (a row deleted that was not staged, or staged and not deleted, or changed since it
/// was read, is not among them).
fn same_rows(expected: &[Vec<Option<String>>], returned: &[Vec<Option<String>>]) -> bool {
    if expected.len() != returned.len() {
        return false;
    }
    let mut left: std::collections::HashMap<&[Option<String>], usize> =
        std::collections::HashMap::with_capacity(expected.len());
    for row in expected {
        *left.entry(row.as_slice()).or_default() += 1;
    }
    returned
        .iter()
        .all(|row| match left.get_mut(row.as_slice()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
}

/// The change a statement did not match as it should: for a batch that returns ordinals, the
/// first row matched not once (none: changed or gone; twice: the key names more than one
/// row); for a statement of one change, that change.
pub(super) fn first_unmatched(step: &Step, returned: &[Vec<Option<String>>]) -> Option<ChangeId> {
    if step.proof != Proof::Ordinals {
        return step.changes.first().copied();
    }
    matches_per_row(step, returned)
        .iter()
        .position(|&c| c != 1)
        .and_then(|i| step.changes.get(i).copied())
}
