//! Runs of scene items that draw one record, so that an edit to a few records rebuilds just
//! their drawing: moving one box of a 5,000-element diagram replaces that box's items and those
//! of the flows touching it, not the whole display list.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::{BoundaryId, ElementId, FlowId};

/// What a run of items draws.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKey {
    /// A trust boundary's region and name.
    Boundary(BoundaryId),
    /// A flow's line and arrow heads.
    FlowLine(FlowId),
    /// An element's shape, name and badge.
    Element(ElementId),
    /// A flow's label and badge (painted above the elements).
    FlowLabel(FlowId),
}

/// The runs of a scene, in painting order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Groups {
    spans: Vec<(GroupKey, Range<usize>)>,
    index: BTreeMap<GroupKey, usize>,
    open: Option<(GroupKey, usize)>,
}

impl Groups {
    /// Starts a run at item `at`.
    pub fn begin(&mut self, key: GroupKey, at: usize) {
        self.open = Some((key, at));
    }

    /// Ends the open run at item `at` (exclusive).
    pub fn end(&mut self, at: usize) {
        if let Some((key, start)) = self.open.take() {
            self.index.insert(key.clone(), self.spans.len());
            self.spans.push((key, start..at));
        }
    }

    /// Whether there is a run for `key`.
    #[must_use]
    pub fn contains(&self, key: &GroupKey) -> bool {
        self.index.contains_key(key)
    }

    /// The items of the run for `key`.
    #[must_use]
    pub fn range(&self, key: &GroupKey) -> Option<Range<usize>> {
        self.index.get(key).map(|i| self.spans[*i].1.clone())
    }

    /// Records that the run for `key` now holds `len` items, shifting the runs after it.
    pub fn resize(&mut self, key: &GroupKey, len: usize) {
        let Some(&i) = self.index.get(key) else { return };
        let old = self.spans[i].1.clone();
        self.spans[i].1 = old.start..old.start + len;
        let (grow, shrink) = if len >= old.len() { (len - old.len(), 0) } else { (0, old.len() - len) };
        if grow == 0 && shrink == 0 {
            return;
        }
        for (_, span) in &mut self.spans[i + 1..] {
            *span = span.start + grow - shrink..span.end + grow - shrink;
        }
    }
}
