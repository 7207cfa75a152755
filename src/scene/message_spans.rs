//! How wide a range of sequence messages reaches: the leftmost and rightmost lifeline column
//! any of them touches, which a combined fragment's frame spans. Answered from a segment tree
//! in O(log n) per fragment, so thousands of fragments over thousands of messages do not
//! rescan the messages each.

use std::collections::BTreeMap;

use crate::model::{ElementId, MessageId, SequenceView};

/// Nothing: the identity of (min, max).
const EMPTY: (f32, f32) = (f32::INFINITY, f32::NEG_INFINITY);

fn join(a: (f32, f32), b: (f32, f32)) -> (f32, f32) {
    (a.0.min(b.0), a.1.max(b.1))
}

/// The column extent of every range of messages of one diagram.
pub(super) struct MessageSpans<'a> {
    /// The positions of each message id, in order (more than one only in a broken model).
    positions: BTreeMap<&'a MessageId, Vec<usize>>,
    /// How many messages.
    len: usize,
    /// A bottom-up segment tree: leaf `len + i` holds message i's extent, node `k` joins
    /// `2k` and `2k + 1`.
    tree: Vec<(f32, f32)>,
}

impl<'a> MessageSpans<'a> {
    /// The spans of `view`'s messages, with each lifeline's column given by `column`.
    pub fn new(view: &'a SequenceView, column: impl Fn(&ElementId) -> Option<f32>) -> Self {
        let len = view.messages.len();
        let mut positions: BTreeMap<&MessageId, Vec<usize>> = BTreeMap::new();
        let mut tree = vec![EMPTY; 2 * len];
        for (i, m) in view.messages.iter().enumerate() {
            positions.entry(&m.id).or_default().push(i);
            let extent = [column(&m.from), column(&m.to)].into_iter().flatten().fold(EMPTY, |acc, x| join(acc, (x, x)));
            tree[len + i] = extent;
        }
        for k in (1..len).rev() {
            tree[k] = join(tree[2 * k], tree[2 * k + 1]);
        }
        Self { positions, len, tree }
    }

    /// The leftmost and rightmost columns touched by the messages from `first` through `last`
    /// (through the end if `last` does not follow `first`); `None` if `first` is no message
    /// or the range touches no column.
    pub fn extent(&self, first: &MessageId, last: &MessageId) -> Option<(f32, f32)> {
        let start = *self.positions.get(first)?.first()?;
        let end = self
            .positions
            .get(last)
            .and_then(|at| at.get(at.partition_point(|p| *p < start)))
            .copied()
            .unwrap_or(self.len - 1);
        let (mut lo, mut hi) = (start + self.len, end + self.len + 1);
        let mut extent = EMPTY;
        while lo < hi {
            if lo % 2 == 1 {
                extent = join(extent, self.tree[lo]);
                lo += 1;
            }
            if hi % 2 == 1 {
                hi -= 1;
                extent = join(extent, self.tree[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        (extent.0 <= extent.1).then_some(extent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Message, MessageKind};

    fn view(ends: &[(&str, &str)]) -> SequenceView {
        let messages = ends
            .iter()
            .enumerate()
            .map(|(i, (from, to))| Message {
                id: MessageId::new(format!("m{i}")),
                from: ElementId::new(*from),
                to: ElementId::new(*to),
                flow: None,
                kind: MessageKind::Call,
                text: String::new(),
            })
            .collect();
        SequenceView { messages, ..SequenceView::default() }
    }

    /// Columns at a = 0, b = 10, c = 20, d = 30; "x" has none.
    fn column(id: &ElementId) -> Option<f32> {
        ["a", "b", "c", "d"].iter().position(|n| *n == id.as_str()).map(|i| i as f32 * 10.0)
    }

    /// What a scan of the messages from `first` to `last` finds: the reference answer.
    fn scanned(v: &SequenceView, first: &str, last: &str) -> Option<(f32, f32)> {
        let mut xs = Vec::new();
        for m in v.messages.iter().skip_while(|m| m.id.as_str() != first) {
            xs.extend(column(&m.from));
            xs.extend(column(&m.to));
            if m.id.as_str() == last {
                break;
            }
        }
        Some((xs.iter().copied().reduce(f32::min)?, xs.iter().copied().reduce(f32::max)?))
    }

    #[test]
    fn every_range_agrees_with_a_scan() {
        let v = view(&[("b", "c"), ("x", "x"), ("a", "b"), ("c", "c"), ("d", "x"), ("b", "b"), ("c", "b")]);
        let spans = MessageSpans::new(&v, column);
        let ids: Vec<String> = (0..v.messages.len()).map(|i| format!("m{i}")).chain(["ghost".into()]).collect();
        for first in &ids {
            for last in &ids {
                let got = spans.extent(&MessageId::new(first.as_str()), &MessageId::new(last.as_str()));
                assert_eq!(got, scanned(&v, first, last), "{first}..{last}");
            }
        }
    }
}
