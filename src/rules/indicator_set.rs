//! A set of catalogue indicators as a bit set, so that every row carries its
//! flags without allocating.

use crate::catalogue::Catalogue;

/// Indicators by their position in the catalogue (at most 128).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct IndicatorSet(u128);

impl IndicatorSet {
    pub fn insert(&mut self, index: usize) {
        if index < 128 {
            self.0 |= 1 << index;
        }
    }

    pub fn contains(&self, index: usize) -> bool {
        index < 128 && self.0 & (1 << index) != 0
    }

    pub fn union(self, other: IndicatorSet) -> IndicatorSet {
        IndicatorSet(self.0 | other.0)
    }

    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..128).filter(move |i| self.0 & (1 << i) != 0)
    }

    /// The set with every flagged sub-indicator's ancestors added: a person
    /// counted under `O.2.3.1` is counted under `O.2.3` too.
    pub fn with_ancestors(self, catalogue: &Catalogue) -> IndicatorSet {
        let mut all = self;
        for index in self.iter() {
            let mut current = catalogue.indicators().get(index);
            while let Some(parent) = current.and_then(|i| i.parent.as_deref()) {
                match catalogue.index_of(parent) {
                    Some(p) => {
                        all.insert(p);
                        current = catalogue.indicators().get(p);
                    }
                    None => break,
                }
            }
        }
        all
    }
}
