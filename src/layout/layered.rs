//! A layered left-to-right layout of boxes joined by directed edges, in the Sugiyama style:
//! break cycles, put each box in a column by its longest path from a source, order each
//! column to keep edges from crossing (barycentre sweeps), then stack each column with every
//! box as near as it may get to the boxes it is joined to. Pure and deterministic: the same
//! input always gives the same positions.

/// Horizontal space between columns, at the least.
pub const COLUMN_GAP: i32 = 110;
/// Space on either side of the widest label drawn between two columns.
const LABEL_MARGIN: i32 = 24;
/// Vertical space between boxes in a column.
pub const ROW_GAP: i32 = 40;
/// Ordering sweeps (each one left to right, then right to left).
const SWEEPS: usize = 6;

/// Lays out boxes of the given `sizes` (width, height) joined by `edges` (from, to: indexes into
/// `sizes`) whose labels are `labels` wide (one per edge; missing ones count as none), and
/// returns the top-left corner of each, the whole starting at (0, 0). Columns stand far enough
/// apart for the labels of the edges between them.
#[must_use]
pub fn layout(sizes: &[(i32, i32)], edges: &[(usize, usize)], labels: &[i32]) -> Vec<(i32, i32)> {
    let n = sizes.len();
    if n == 0 {
        return Vec::new();
    }
    let labelled: Vec<((usize, usize), i32)> = edges
        .iter()
        .copied()
        .zip(labels.iter().copied().chain(std::iter::repeat(0)))
        .filter(|((a, b), _)| a != b && *a < n && *b < n)
        .collect();
    let edges: Vec<(usize, usize)> = labelled.iter().map(|(e, _)| *e).collect();
    let forward = acyclic(n, &edges);
    let column = columns(n, &forward);
    let columns_count = column.iter().max().map_or(0, |m| m + 1);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); columns_count];
    for (v, c) in column.iter().enumerate() {
        order[*c].push(v);
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b) in &forward {
        neighbours[*a].push(*b);
        neighbours[*b].push(*a);
    }
    reduce_crossings(&mut order, &column, &neighbours);

    // Columns left to right, each as wide as its widest box, each gap as wide as the widest
    // label of an edge across it.
    let mut gaps = vec![COLUMN_GAP; columns_count];
    for ((a, b), label) in &labelled {
        let (from, to) = (column[*a].min(column[*b]), column[*a].max(column[*b]));
        for gap in &mut gaps[from..to] {
            *gap = (*gap).max(label + 2 * LABEL_MARGIN);
        }
    }
    let mut x_of_column = Vec::with_capacity(columns_count);
    let mut x = 0;
    for (col, gap) in order.iter().zip(&gaps) {
        x_of_column.push(x);
        x += col.iter().map(|v| sizes[*v].0).max().unwrap_or(0) + gap;
    }
    let widths: Vec<i32> = order.iter().map(|col| col.iter().map(|v| sizes[*v].0).max().unwrap_or(0)).collect();
    let mut pos = vec![(0, 0); n];
    let mut placed = vec![false; n];
    for (c, col) in order.iter().enumerate() {
        // Where each box would like its centre: level with what it is joined to on the left.
        let mut next_top = i32::MIN;
        for v in col {
            let wanted: Vec<i32> =
                neighbours[*v].iter().filter(|u| placed[**u]).map(|u| pos[*u].1 + sizes[*u].1 / 2).collect();
            let desired_top = if wanted.is_empty() {
                next_top.max(0)
            } else {
                let mut sorted = wanted.clone();
                sorted.sort_unstable();
                sorted[sorted.len() / 2] - sizes[*v].1 / 2
            };
            let top = if next_top == i32::MIN { desired_top } else { desired_top.max(next_top) };
            pos[*v] = (x_of_column[c] + (widths[c] - sizes[*v].0) / 2, top);
            next_top = top + sizes[*v].1 + ROW_GAP;
        }
        for v in col {
            placed[*v] = true;
        }
    }
    let min_y = pos.iter().map(|p| p.1).min().unwrap_or(0);
    for p in &mut pos {
        p.1 -= min_y;
    }
    pos
}

/// The edges with those that close a cycle turned round, found by a depth-first search in
/// index order.
fn acyclic(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b) in edges {
        out[*a].push(*b);
    }
    // 0 = unseen, 1 = on the stack, 2 = done.
    let mut state = vec![0_u8; n];
    let mut back: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&w) = out[v].get(*i) {
                *i += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back.push((v, w)),
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    edges.iter().map(|&(a, b)| if back.contains(&(a, b)) { (b, a) } else { (a, b) }).collect()
}

/// The column of each box: the length of the longest path reaching it.
fn columns(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0_usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, b) in edges {
        out[*a].push(*b);
        indegree[*b] += 1;
    }
    let mut column = vec![0_usize; n];
    let mut ready: std::collections::VecDeque<usize> = (0..n).filter(|v| indegree[*v] == 0).collect();
    while let Some(v) = ready.pop_front() {
        for &w in &out[v] {
            column[w] = column[w].max(column[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push_back(w);
            }
        }
    }
    column
}

/// Orders each column by the mean position of each box's neighbours, sweeping back and forth.
fn reduce_crossings(order: &mut [Vec<usize>], column: &[usize], neighbours: &[Vec<usize>]) {
    let n = column.len();
    let mut rank = vec![0.0_f64; n];
    let refresh = |order: &[Vec<usize>], rank: &mut Vec<f64>| {
        for col in order {
            for (i, v) in col.iter().enumerate() {
                let r = i as f64;
                rank[*v] = r;
            }
        }
    };
    refresh(order, &mut rank);
    for sweep in 0..SWEEPS * 2 {
        let left_to_right = sweep % 2 == 0;
        let indexes: Vec<usize> =
            if left_to_right { (1..order.len()).collect() } else { (0..order.len()).rev().collect() };
        for c in indexes {
            let mut keyed: Vec<(f64, usize, usize)> = order[c]
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let side: Vec<f64> = neighbours[*v]
                        .iter()
                        .filter(|u| if left_to_right { column[**u] < c } else { column[**u] > c })
                        .map(|u| rank[*u])
                        .collect();
                    let key = if side.is_empty() { rank[*v] } else { side.iter().sum::<f64>() / side.len() as f64 };
                    (key, i, *v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            order[c] = keyed.into_iter().map(|(_, _, v)| v).collect();
            refresh(order, &mut rank);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)) -> bool {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    }

    #[test]
    fn a_chain_runs_left_to_right_and_cycles_do_not_hang() {
        let sizes = [(100, 50); 4];
        let pos = layout(&sizes, &[(0, 1), (1, 2), (2, 3), (3, 0)], &[]);
        assert!(pos[0].0 < pos[1].0 && pos[1].0 < pos[2].0 && pos[2].0 < pos[3].0, "{pos:?}");
    }

    #[test]
    fn boxes_never_overlap() {
        for seed in 0..200_u64 {
            fastrand::seed(seed);
            let n = fastrand::usize(1..30);
            let sizes: Vec<(i32, i32)> = (0..n).map(|_| (fastrand::i32(40..250), fastrand::i32(30..120))).collect();
            let edges: Vec<(usize, usize)> =
                (0..fastrand::usize(0..n * 2)).map(|_| (fastrand::usize(0..n), fastrand::usize(0..n))).collect();
            let pos = layout(&sizes, &edges, &[]);
            for i in 0..n {
                for j in i + 1..n {
                    let a = (pos[i].0, pos[i].1, sizes[i].0, sizes[i].1);
                    let b = (pos[j].0, pos[j].1, sizes[j].0, sizes[j].1);
                    assert!(!overlap(a, b), "seed {seed}: {a:?} {b:?}");
                }
            }
            assert!(pos.iter().all(|p| p.0 >= 0 && p.1 >= 0));
        }
    }

    #[test]
    fn columns_make_room_for_the_labels_between_them() {
        let sizes = [(100, 50); 3];
        let pos = layout(&sizes, &[(0, 1), (1, 2)], &[170, 0]);
        assert_eq!(pos[1].0 - (pos[0].0 + 100), 170 + 2 * LABEL_MARGIN, "a wide label widens its gap");
        assert_eq!(pos[2].0 - (pos[1].0 + 100), COLUMN_GAP, "no label, the least gap");
    }

    #[test]
    fn ordering_untangles_a_crossing() {
        // 0→3 and 1→2 cross if the right column keeps index order.
        let pos = layout(&[(50, 50); 4], &[(0, 3), (1, 2)], &[]);
        assert!((pos[3].1 < pos[2].1) == (pos[0].1 < pos[1].1), "{pos:?}");
    }
}
