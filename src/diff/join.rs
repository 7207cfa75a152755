//! Walking two id-sorted collections side by side, so comparing two versions of a model is one
//! linear pass per record kind instead of a lookup per record.

use std::cmp::Ordering;
use std::iter::Peekable;

/// Each key of two key-sorted sequences once, with its value on the left, the right or both.
pub(crate) struct Join<'a, K, A, B, I, J>
where
    I: Iterator<Item = (&'a K, A)>,
    J: Iterator<Item = (&'a K, B)>,
    K: 'a,
{
    left: Peekable<I>,
    right: Peekable<J>,
}

/// Joins two sequences sorted by key (a `BTreeMap`'s iterator, say).
pub(crate) fn join<'a, K: Ord + 'a, A, B, I, J>(left: I, right: J) -> Join<'a, K, A, B, I::IntoIter, J::IntoIter>
where
    I: IntoIterator<Item = (&'a K, A)>,
    J: IntoIterator<Item = (&'a K, B)>,
{
    Join { left: left.into_iter().peekable(), right: right.into_iter().peekable() }
}

impl<'a, K: Ord + 'a, A, B, I, J> Iterator for Join<'a, K, A, B, I, J>
where
    I: Iterator<Item = (&'a K, A)>,
    J: Iterator<Item = (&'a K, B)>,
{
    type Item = (&'a K, Option<A>, Option<B>);

    fn next(&mut self) -> Option<Self::Item> {
        let order = match (self.left.peek(), self.right.peek()) {
            (None, None) => return None,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some((a, _)), Some((b, _))) => a.cmp(b),
        };
        match order {
            Ordering::Less => self.left.next().map(|(k, a)| (k, Some(a), None)),
            Ordering::Greater => self.right.next().map(|(k, b)| (k, None, Some(b))),
            Ordering::Equal => {
                let (k, a) = self.left.next()?;
                let b = self.right.next().map(|(_, b)| b);
                Some((k, Some(a), b))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[test]
    fn every_key_once_with_both_sides() {
        let a: BTreeMap<i32, char> = [(1, 'a'), (3, 'c'), (4, 'd')].into();
        let b: BTreeMap<i32, char> = [(2, 'B'), (3, 'C'), (5, 'E')].into();
        let joined: Vec<_> = super::join(&a, &b).map(|(k, x, y)| (*k, x.copied(), y.copied())).collect();
        assert_eq!(
            joined,
            [
                (1, Some('a'), None),
                (2, None, Some('B')),
                (3, Some('c'), Some('C')),
                (4, Some('d'), None),
                (5, None, Some('E'))
            ]
        );
    }
}
