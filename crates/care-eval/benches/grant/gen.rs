//! The dossiers of `gen_grant.py` (the peers' benchmark of the grant rule), reproduced exactly:
//! Python's `random.Random(42)` is a Mersenne Twister (MT19937) seeded by `init_by_array([42])`,
//! with `random()` from 53 bits and `randint` by rejection on `getrandbits`, so the same seed
//! gives the same dossiers as the script, and the totals of the peers' runs can be checked.

/// Python's `random.Random(seed)` for a small non-negative integer seed.
pub struct PyRandom {
    mt: [u32; 624],
    index: usize,
}

impl PyRandom {
    pub fn new(seed: u32) -> PyRandom {
        let mut r = PyRandom {
            mt: [0; 624],
            index: 624,
        };
        r.init_genrand(19_650_218);
        // init_by_array with the key [seed].
        let key = [seed];
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..624.max(key.len()) {
            let prev = r.mt[i - 1] ^ (r.mt[i - 1] >> 30);
            r.mt[i] = (r.mt[i] ^ prev.wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= 624 {
                r.mt[0] = r.mt[623];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..623 {
            let prev = r.mt[i - 1] ^ (r.mt[i - 1] >> 30);
            r.mt[i] = (r.mt[i] ^ prev.wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= 624 {
                r.mt[0] = r.mt[623];
                i = 1;
            }
        }
        r.mt[0] = 0x8000_0000;
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..624 {
            let prev = self.mt[i - 1] ^ (self.mt[i - 1] >> 30);
            self.mt[i] = 1_812_433_253u32.wrapping_mul(prev).wrapping_add(i as u32);
        }
        self.index = 624;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= 624 {
            for k in 0..624 {
                let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % 624] & 0x7fff_ffff);
                let mut v = self.mt[(k + 397) % 624] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.mt[k] = v;
            }
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: 53 random bits, as a float in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = u64::from(self.next_u32() >> 5);
        let b = u64::from(self.next_u32() >> 6);
        (a * 67_108_864 + b) as f64 / 9_007_199_254_740_992.0
    }

    /// `randint(a, b)`: `a + _randbelow(b - a + 1)`, by rejection on `getrandbits(k)`.
    pub fn randint(&mut self, a: u32, b: u32) -> u32 {
        let n = b - a + 1;
        let k = 32 - n.leading_zeros();
        loop {
            let r = self.next_u32() >> (32 - k);
            if r < n {
                return a + r;
            }
        }
    }
}

const OBJECTIVES: [&str; 8] = ["A", "B", "C", "D", "E", "F", "G", "H"];

/// The next dossier of `gen_grant.py`'s `gen(rng)`, as compact JSON (the calls to the generator
/// in the script's order).
pub fn dossier(rng: &mut PyRandom) -> String {
    let n = rng.randint(1, 15);
    let m = rng.randint(1, n.min(3));
    let mut objs: Vec<&str> = OBJECTIVES
        .iter()
        .copied()
        .filter(|_| rng.random() < 0.5)
        .collect();
    if rng.random() < 0.7 {
        objs.retain(|o| !matches!(*o, "E" | "F" | "G"));
        if rng.random() < 0.5 {
            objs.extend(["E", "F", "G"]);
        }
    }
    objs.sort_unstable();
    let parcours = rng.randint(1, 3);
    let eg: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"rang":{},"ej":{}}}"#, i + 1, i % m))
        .collect();
    let ej: Vec<String> = (0..m)
        .map(|_| format!(r#"{{"dui_segur":{}}}"#, rng.random() < 0.95))
        .collect();
    let engagement = rng.random() < 0.95;
    let diagnostic = rng.random() < 0.95;
    let objs: Vec<String> = objs.iter().map(|o| format!("\"{o}\"")).collect();
    format!(
        r#"{{"parcours":{parcours},"eg":[{}],"ej":[{}],"engagement_directeur":{engagement},"diagnostic_cyber":{diagnostic},"objectifs":[{}]}}"#,
        eg.join(","),
        ej.join(","),
        objs.join(",")
    )
}

/// The first `n` dossiers of the seed-42 stream.
pub fn dossiers(n: usize) -> Vec<String> {
    let mut rng = PyRandom::new(42);
    (0..n).map(|_| dossier(&mut rng)).collect()
}
