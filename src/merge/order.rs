//! Merging the order of a list of ids (messages top to bottom, lifelines left to right, tabs):
//! keep what both sides inserted, each where its side put it relative to its neighbours, and
//! take a reordering from the side that made it.

use std::collections::{BTreeMap, BTreeSet};

/// The ids of `list` that are also in `other`, in `list`'s order.
fn shared<'a, K: Ord>(list: &'a [K], other: &BTreeSet<&K>) -> Vec<&'a K> {
    list.iter().filter(|k| other.contains(k)).collect()
}

/// Whether `side` orders the ids it shares with `base` differently.
fn reordered<K: Ord>(base: &[K], side: &[K]) -> bool {
    let in_base: BTreeSet<&K> = base.iter().collect();
    let in_side: BTreeSet<&K> = side.iter().collect();
    shared(base, &in_side) != shared(side, &in_base)
}

/// The merged order of `keep` (the ids the merged list holds), and whether both sides
/// reordered the same ids differently (ours' order is then kept, and the caller records a
/// conflict).
///
/// One side's list is the skeleton: theirs if only theirs reordered, else ours. The other
/// side's ids that the skeleton lacks are inserted after the nearest id that precedes them on
/// their own side, so consecutive insertions stay together and in order. Ids in `keep` that
/// neither list has (restored records) go at the end.
pub(super) fn merge_order<K: Ord + Clone>(base: &[K], ours: &[K], theirs: &[K], keep: &BTreeSet<K>) -> (Vec<K>, bool) {
    let ours_moved = reordered(base, ours);
    let theirs_moved = reordered(base, theirs);
    let mut clash = false;
    let (skeleton, other) = if theirs_moved && !ours_moved {
        (theirs, ours)
    } else {
        if ours_moved && theirs_moved {
            let in_ours: BTreeSet<&K> = ours.iter().collect();
            let in_theirs: BTreeSet<&K> = theirs.iter().collect();
            clash = shared(ours, &in_theirs) != shared(theirs, &in_ours);
        }
        (ours, theirs)
    };
    let mut out: Vec<K> = skeleton.iter().filter(|k| keep.contains(*k)).cloned().collect();
    let mut placed: BTreeSet<K> = out.iter().cloned().collect();
    let mut insert_at = 0;
    for k in other {
        if placed.contains(k) {
            if let Some(i) = out.iter().position(|x| x == k) {
                insert_at = i + 1;
            }
        } else if keep.contains(k) {
            out.insert(insert_at, k.clone());
            placed.insert(k.clone());
            insert_at += 1;
        }
    }
    for k in keep {
        if !placed.contains(k) {
            out.push(k.clone());
        }
    }
    (out, clash)
}

/// Puts `records` in the order `ids`, dropping none: a record whose id `ids` lacks goes last.
pub(super) fn in_order<K: Ord, T>(mut records: BTreeMap<K, T>, ids: &[K]) -> Vec<T> {
    let mut out: Vec<T> = ids.iter().filter_map(|k| records.remove(k)).collect();
    out.extend(records.into_values());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn merge(base: &str, ours: &str, theirs: &str, keep: &str) -> (String, bool) {
        let keep: BTreeSet<char> = keep.chars().collect();
        let (out, clash) = merge_order(&ids(base), &ids(ours), &ids(theirs), &keep);
        (out.into_iter().collect(), clash)
    }

    #[test]
    fn both_sides_insertions_stay_where_each_side_put_them() {
        assert_eq!(merge("abc", "aXbc", "abYZc", "aXbYZc"), ("aXbYZc".into(), false));
        assert_eq!(merge("abc", "Xabc", "Yabc", "XYabc"), ("YXabc".into(), false));
        assert_eq!(merge("abc", "ac", "abcY", "acY"), ("acY".into(), false));
    }

    #[test]
    fn a_reordering_on_one_side_is_taken_with_the_other_sides_insertions() {
        assert_eq!(merge("abc", "cab", "abXc", "abcX"), ("cabX".into(), false));
        assert_eq!(merge("abc", "abXc", "cab", "abcX"), ("cabX".into(), false));
    }

    #[test]
    fn two_different_reorderings_keep_ours_and_say_so() {
        assert_eq!(merge("abc", "cba", "bac", "abc"), ("cba".into(), true));
        assert_eq!(merge("abc", "cba", "cba", "abc"), ("cba".into(), false));
    }
}
