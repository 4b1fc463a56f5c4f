//! Grouped splits: every group lands on one side only, so near-duplicate
//! rows or one outlet's articles cannot be on both sides.

/// A stable 64-bit mix of a seed and a string (FNV-1a, then splitmix64).
pub(crate) fn mix(seed: u64, key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in key.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Splits row indices into (train, test) so that about `fraction` of rows
/// are in test and no group is on both sides. Deterministic for a seed.
pub fn grouped_holdout(groups: &[String], fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut distinct: Vec<&str> = groups.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    distinct.sort_by_key(|g| (mix(seed, g), *g));
    let mut sizes = std::collections::HashMap::new();
    for g in groups {
        *sizes.entry(g.as_str()).or_insert(0usize) += 1;
    }
    let wanted = (fraction * groups.len() as f64).round() as usize;
    let mut test_groups = std::collections::HashSet::new();
    let mut taken = 0;
    for g in distinct {
        if taken >= wanted {
            break;
        }
        taken += sizes[g];
        test_groups.insert(g);
    }
    (0..groups.len()).partition(|&i| !test_groups.contains(groups[i].as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_stay_on_one_side_and_fraction_is_close() {
        let groups: Vec<String> = (0..200).map(|i| format!("g{}", i / 4)).collect();
        let (train, test) = grouped_holdout(&groups, 0.25, 7);
        assert_eq!(train.len() + test.len(), 200);
        assert!((40..=60).contains(&test.len()), "{}", test.len());
        for &t in &test {
            assert!(train.iter().all(|&r| groups[r] != groups[t]));
        }
        assert_eq!(
            grouped_holdout(&groups, 0.25, 7),
            (train, test),
            "deterministic"
        );
    }
}
