//! How many combinations of the free questions' answers reach each pair of differences
//! (postpone − decline, proceed − decline), on the audit's integer grid: a dense table,
//! built one question at a time.

/// Counts by pair: the count for `(x, y)` is at `(x - x0) * h + (y - y0)`.
#[derive(Debug, Clone)]
pub(super) struct Dist {
    x0: i64,
    y0: i64,
    w: usize,
    h: usize,
    cells: Vec<u128>,
}

/// One question's answers, as the shifts they give, each with how many answers give it,
/// in increasing order of `(x, y)`.
fn grouped(steps: &[(i64, i64)]) -> Vec<((i64, i64), u128)> {
    let mut sorted = steps.to_vec();
    sorted.sort_unstable();
    let mut groups: Vec<((i64, i64), u128)> = Vec::with_capacity(sorted.len());
    for step in sorted {
        match groups.last_mut() {
            Some((last, count)) if *last == step => *count += 1,
            _ => groups.push((step, 1)),
        }
    }
    groups
}

/// The smallest and largest x, then y, of `steps` (zeros for none).
pub(super) fn span(steps: &[(i64, i64)]) -> (i64, i64, i64, i64) {
    let xs = steps.iter().map(|s| s.0);
    let ys = steps.iter().map(|s| s.1);
    (
        xs.clone().min().unwrap_or(0),
        xs.max().unwrap_or(0),
        ys.clone().min().unwrap_or(0),
        ys.max().unwrap_or(0),
    )
}

impl Dist {
    /// No free question yet: one combination, at (0, 0).
    pub fn unit() -> Dist {
        Dist {
            x0: 0,
            y0: 0,
            w: 1,
            h: 1,
            cells: vec![1],
        }
    }

    /// Adds a question whose answers shift the pair by `steps` (one entry per answer).
    pub fn add(&self, steps: &[(i64, i64)]) -> Dist {
        if steps.is_empty() {
            return self.clone();
        }
        let (min_x, max_x, min_y, max_y) = span(steps);
        let w = self.w + (max_x - min_x) as usize;
        let h = self.h + (max_y - min_y) as usize;
        let mut cells = vec![0u128; w * h];
        for ((dx, dy), times) in grouped(steps) {
            let (ox, oy) = ((dx - min_x) as usize, (dy - min_y) as usize);
            for (xi, row) in self.cells.chunks_exact(self.h).enumerate() {
                let start = (xi + ox) * h + oy;
                for (to, from) in cells[start..start + self.h].iter_mut().zip(row) {
                    *to += from * times;
                }
            }
        }
        Dist {
            x0: self.x0 + min_x,
            y0: self.y0 + min_y,
            w,
            h,
            cells,
        }
    }

    /// Takes out a question that [`Dist::add`] put in (with the same `steps`): exact
    /// division, one cell at a time in increasing `(x, y)` order. The table's count at a
    /// cell is the first shift's share plus the other shifts' shares, which land on cells
    /// already worked out: on earlier rows (taken off a whole row at a time), or earlier in
    /// the same row.
    pub fn remove(table: &Prefix, steps: &[(i64, i64)]) -> Dist {
        let groups = grouped(steps);
        let Some(&((first_x, first_y), first_times)) = groups.first() else {
            return table.to_dist();
        };
        let (min_x, max_x, min_y, max_y) = span(steps);
        let w = table.w - (max_x - min_x) as usize;
        let h = table.h - (max_y - min_y) as usize;
        let (x0, y0) = (table.x0 - min_x, table.y0 - min_y);
        // The first shift has the smallest x, so it is `min_x`.
        debug_assert_eq!(first_x, min_x);
        let earlier_rows: Vec<(usize, i64, u128)> = groups[1..]
            .iter()
            .filter(|((dx, _), _)| *dx != first_x)
            .map(|&((dx, dy), times)| ((dx - first_x) as usize, first_y - dy, times))
            .collect();
        let same_row: Vec<(usize, u128)> = groups[1..]
            .iter()
            .filter(|((dx, _), _)| *dx == first_x)
            .map(|&((_, dy), times)| ((dy - first_y) as usize, times))
            .collect();
        // Where the table's row for `x + first_x` starts, as the first of its cells that
        // `y0 + first_y` reads.
        let y_shift = (y0 + first_y - table.y0) as usize;
        let mut cells = vec![0u128; w * h];
        for xi in 0..w {
            let (done, rest) = cells.split_at_mut(xi * h);
            let row = &mut rest[..h];
            let sums = &table.sums[(xi + (first_x - min_x) as usize) * (table.h + 1)..];
            for (yi, cell) in row.iter_mut().enumerate() {
                *cell = sums[y_shift + yi + 1] - sums[y_shift + yi];
            }
            for &(back, off, times) in &earlier_rows {
                let Some(from) = xi.checked_sub(back) else {
                    continue;
                };
                let source = &done[from * h..(from + 1) * h];
                // row[yi] -= times * source[yi + off], where 0 <= yi + off < h.
                let start = usize::try_from(-off).unwrap_or(0).min(h);
                let end = if off > 0 {
                    h.saturating_sub(off as usize)
                } else {
                    h
                };
                for yi in start..end {
                    row[yi] -= times * source[(yi as i64 + off) as usize];
                }
            }
            for yi in 0..h {
                let mut value = row[yi];
                for &(back, times) in &same_row {
                    if let Some(from) = yi.checked_sub(back) {
                        value -= times * row[from];
                    }
                }
                row[yi] = if first_times == 1 {
                    value
                } else {
                    value / first_times
                };
            }
        }
        Dist {
            x0,
            y0,
            w,
            h,
            cells,
        }
    }

    /// The pairs reached, with their counts.
    pub fn support(&self) -> impl Iterator<Item = ((i64, i64), u128)> + '_ {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(i, count)| {
                let (xi, yi) = (i / self.h, i % self.h);
                ((self.x0 + xi as i64, self.y0 + yi as i64), *count)
            })
    }
}

/// A [`Dist`] as running sums along each row, to count a range of `y` in one step.
#[derive(Debug, Clone)]
pub(super) struct Prefix {
    x0: i64,
    y0: i64,
    w: usize,
    h: usize,
    /// Row `xi` holds `h + 1` sums: `sums[xi * (h + 1) + k]` is the count of its first `k` cells.
    sums: Vec<u128>,
}

impl Prefix {
    pub fn new(dist: Dist) -> Prefix {
        let Dist {
            x0,
            y0,
            w,
            h,
            cells,
        } = dist;
        let mut sums = Vec::with_capacity(w * (h + 1));
        for row in cells.chunks_exact(h) {
            let mut total = 0u128;
            sums.push(0);
            for count in row {
                total += count;
                sums.push(total);
            }
        }
        Prefix { x0, y0, w, h, sums }
    }

    /// The `x` of every row, in order.
    pub fn xs(&self) -> std::ops::Range<i64> {
        self.x0..self.x0 + self.w as i64
    }

    /// Combinations with this `x` and a `y` in `lo..=hi`.
    pub fn count(&self, x: i64, lo: i64, hi: i64) -> u128 {
        let xi = x - self.x0;
        if !(0..self.w as i64).contains(&xi) {
            return 0;
        }
        let lo = lo.saturating_sub(self.y0).max(0);
        let hi = hi.saturating_sub(self.y0).min(self.h as i64 - 1);
        if lo > hi {
            return 0;
        }
        let row = xi as usize * (self.h + 1);
        self.sums[row + hi as usize + 1] - self.sums[row + lo as usize]
    }

    /// All combinations counted.
    pub fn total(&self) -> u128 {
        (0..self.w)
            .map(|xi| self.sums[xi * (self.h + 1) + self.h])
            .sum()
    }

    fn to_dist(&self) -> Dist {
        let mut cells = Vec::with_capacity(self.w * self.h);
        for row in self.sums.chunks_exact(self.h + 1) {
            cells.extend(row.windows(2).map(|pair| pair[1] - pair[0]));
        }
        Dist {
            x0: self.x0,
            y0: self.y0,
            w: self.w,
            h: self.h,
            cells,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Dist, Prefix};

    #[test]
    fn removing_a_question_gives_back_the_table_without_it() {
        let a = [(0, 0), (2, -1), (2, -1)];
        let b = [(-1, 3), (0, 0), (4, 4), (1, -2)];
        let c = [(1, 1), (3, 0)];
        let ab = Dist::unit().add(&a).add(&b);
        let abc = Prefix::new(ab.add(&c));
        let back = Dist::remove(&abc, &c);
        assert_eq!(
            back.support().collect::<Vec<_>>(),
            ab.support().collect::<Vec<_>>()
        );
        assert_eq!(abc.total(), 3 * 4 * 2);
        assert_eq!(Prefix::new(ab).count(2, -1, -1), 2);
    }
}
