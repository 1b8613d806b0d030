//! A set of catalogue indicators as a bit set, so that every row carries its
//! flags without allocating.

use crate::catalogue::Catalogue;
use std::sync::OnceLock;

/// Indicators by their position in the catalogue (at most 64: a machine
/// word, where WebAssembly would do 128-bit shifts in software).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct IndicatorSet(u64);

/// For each catalogue position, the set of its ancestors (parent,
/// grandparent, …), worked out once: rows ask for it millions of times.
fn ancestors(catalogue: &Catalogue) -> &'static [u64] {
    static TABLE: OnceLock<Vec<u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let indicators = catalogue.indicators();
        indicators
            .iter()
            .map(|indicator| {
                let mut set = IndicatorSet::default();
                let mut parent = indicator.parent.as_deref();
                // The catalogue is a tree; the bound guards against a cycle in the data.
                for _ in 0..indicators.len() {
                    let Some(index) = parent.and_then(|code| catalogue.index_of(code)) else {
                        break;
                    };
                    set.insert(index);
                    parent = indicators.get(index).and_then(|i| i.parent.as_deref());
                }
                set.0
            })
            .collect()
    })
}

impl IndicatorSet {
    /// The set as bits, lowest position first.
    pub(crate) fn bits(self) -> u64 {
        self.0
    }

    pub(crate) fn from_bits(bits: u64) -> IndicatorSet {
        IndicatorSet(bits)
    }

    pub fn insert(&mut self, index: usize) {
        if index < 64 {
            self.0 |= 1 << index;
        }
    }

    pub fn contains(&self, index: usize) -> bool {
        index < 64 && self.0 & (1 << index) != 0
    }

    pub fn union(self, other: IndicatorSet) -> IndicatorSet {
        IndicatorSet(self.0 | other.0)
    }

    /// The positions in the set, lowest first.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let index = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            Some(index)
        })
    }

    /// Whether any indicator in the set is for the target group (third-country
    /// nationals), whose rows must hold a citizenship that fits.
    pub fn targets_group(self, catalogue: &Catalogue) -> bool {
        static MASK: OnceLock<u64> = OnceLock::new();
        let mask = MASK.get_or_init(|| {
            let mut set = IndicatorSet::default();
            for (index, indicator) in catalogue.indicators().iter().enumerate() {
                if indicator.target_group {
                    set.insert(index);
                }
            }
            set.0
        });
        self.0 & mask != 0
    }

    /// The set with every flagged sub-indicator's ancestors added: a person
    /// counted under `O.2.3.1` is counted under `O.2.3` too.
    pub fn with_ancestors(self, catalogue: &Catalogue) -> IndicatorSet {
        let table = ancestors(catalogue);
        let mut all = self.0;
        for index in self.iter() {
            all |= table.get(index).copied().unwrap_or(0);
        }
        IndicatorSet(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterates_in_order_and_adds_ancestors() {
        let catalogue = Catalogue::get();
        let index = |code: &str| catalogue.index_of(code).unwrap();
        let mut set = IndicatorSet::default();
        set.insert(index("O.2.3.1"));
        set.insert(index("R.2.9"));
        let all = set.with_ancestors(catalogue);
        let mut expected = vec![index("O.2.3"), index("O.2.3.1"), index("R.2.9")];
        expected.sort();
        assert_eq!(all.iter().collect::<Vec<_>>(), expected);
        let mut high = IndicatorSet::default();
        high.insert(63);
        high.insert(64);
        assert_eq!(high.iter().collect::<Vec<_>>(), vec![63]);
    }
}
