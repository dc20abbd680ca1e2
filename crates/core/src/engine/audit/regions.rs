//! The recommendation on points over a table of sums: which outcome each region of the
//! table gives, where two sides of a comparison differ, ties and close calls.

use super::dist::Prefix;
use crate::rules::Outcome;

/// One side of a comparison of recommendations over a table: the offsets added to the
/// table's sums, or the override that decides whatever they are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Side {
    pub(super) x: i64,
    pub(super) y: i64,
    pub(super) decided: Option<Outcome>,
}

impl Side {
    /// For the row `x` of a table: the recommendation is `low` for table `y` up to the
    /// returned bound, `high` above it.
    fn row(self, x: i64) -> (i64, Outcome, Outcome) {
        if let Some(outcome) = self.decided {
            return (i64::MAX, outcome, outcome);
        }
        // On points: postpone leads (or ties) when postpone − decline is at least 0 and at
        // least proceed − decline; else proceed when proceed − decline is at least 0; else
        // decline. Ties go postpone, proceed, decline, as in `Outcome::TIE_ORDER`.
        let a = x + self.x;
        if a >= 0 {
            (a - self.y, Outcome::Postpone, Outcome::Proceed)
        } else {
            (-1 - self.y, Outcome::Decline, Outcome::Proceed)
        }
    }
}

/// Whether some combination counted in `table` gets a different recommendation on one side
/// than on the other.
pub(super) fn differs(table: &Prefix, one: Side, two: Side) -> bool {
    if let (Some(a), Some(b)) = (one.decided, two.decided) {
        return a != b && table.total() > 0;
    }
    table.xs().any(|x| {
        let (u1, low1, high1) = one.row(x);
        let (u2, low2, high2) = two.row(x);
        let (lo, hi) = (u1.min(u2), u1.max(u2));
        let middle = if u1 < u2 {
            (high1, low2)
        } else {
            (low1, high2)
        };
        (low1 != low2 && table.count(x, i64::MIN, lo) > 0)
            || (lo < hi && middle.0 != middle.1 && table.count(x, lo.saturating_add(1), hi) > 0)
            || (high1 != high2 && table.count(x, hi.saturating_add(1), i64::MAX) > 0)
    })
}

/// What the points alone give over a table, offset by the walked questions' shares.
#[derive(Debug, Default)]
pub(super) struct Regions {
    pub(super) by_points: [u128; 3],
    pub(super) ties: u128,
    pub(super) close: u128,
}

pub(super) fn regions(table: &Prefix, cx: i64, cy: i64, close_below: i64) -> Regions {
    let mut found = Regions::default();
    let t = close_below;
    for x in table.xs() {
        let a = x + cx;
        // Bounds on the table's y for a bound on b = y + cy.
        let at = |b: i64| b.saturating_sub(cy);
        let rows = |lo: i64, hi: i64| table.count(x, at(lo), at(hi));
        let (low, bound) = if a >= 0 {
            (Outcome::Postpone, a)
        } else {
            (Outcome::Decline, -1)
        };
        found.by_points[low.index()] += rows(i64::MIN, bound);
        found.by_points[Outcome::Proceed.index()] += rows(bound.saturating_add(1), i64::MAX);
        found.ties += match a.cmp(&0) {
            std::cmp::Ordering::Greater => rows(a, a),
            std::cmp::Ordering::Equal => rows(i64::MIN, 0),
            std::cmp::Ordering::Less => rows(0, 0),
        };
        if t > 0 {
            // The lead is the top total minus the second: with the three totals 0, a and b,
            // it is under t for b within t of max(0, a), and for every b below both when
            // 0 and a are themselves within t.
            let top = a.max(0);
            let below = if a.abs() < t {
                i64::MIN
            } else {
                top.saturating_sub(t).saturating_add(1)
            };
            found.close += rows(below, top.saturating_add(t).saturating_sub(1));
        }
    }
    found
}
