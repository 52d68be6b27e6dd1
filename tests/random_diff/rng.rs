//! A small seeded generator (SplitMix64): the same seed gives the same
//! expressions on every machine, with no crate to pin.

pub struct Rng(u64);

impl Rng {
    /// The generator for case `index` of a run seeded with `seed`: each
    /// case can be replayed alone (`TK_RANDOM_ONLY`).
    pub fn for_case(seed: u64, index: u64) -> Rng {
        let mut mix = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        Rng(mix.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n as u64).expect("below n, a usize")
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

#[test]
fn same_seed_same_numbers() {
    let a: Vec<u64> = (0..4).map(|_| Rng::for_case(7, 3).next_u64()).collect();
    assert!(a.windows(2).all(|w| w[0] == w[1]));
    assert_ne!(
        Rng::for_case(7, 3).next_u64(),
        Rng::for_case(7, 4).next_u64()
    );
}
