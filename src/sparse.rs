//! A compressed sparse row matrix: the shape of text features, where each
//! row has a few hundred non-zeros among tens of thousands of columns.

/// Rows of (column, value) pairs, columns ascending within a row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsrMatrix {
    n_cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl CsrMatrix {
    pub fn new(n_cols: usize) -> Self {
        CsrMatrix {
            n_cols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Appends a row; entries are sorted by column and duplicates summed.
    pub fn push_row(&mut self, mut entries: Vec<(u32, f64)>) {
        entries.sort_unstable_by_key(|(c, _)| *c);
        let start = self.indices.len();
        for (col, value) in entries {
            debug_assert!((col as usize) < self.n_cols);
            if self.indices.len() > start && *self.indices.last().unwrap_or(&u32::MAX) == col {
                *self.values.last_mut().expect("pushed with index") += value;
            } else {
                self.indices.push(col);
                self.values.push(value);
            }
        }
        self.indptr.push(self.indices.len());
    }

    pub fn from_rows(n_cols: usize, rows: Vec<Vec<(u32, f64)>>) -> Self {
        let mut m = CsrMatrix::new(n_cols);
        for row in rows {
            m.push_row(row);
        }
        m
    }

    pub fn n_rows(&self) -> usize {
        self.indptr.len() - 1
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// The (columns, values) of one row.
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }

    /// A new matrix with the given rows, in the given order.
    pub fn select_rows(&self, rows: &[usize]) -> CsrMatrix {
        let mut m = CsrMatrix::new(self.n_cols);
        for &i in rows {
            let (cols, vals) = self.row(i);
            m.indices.extend_from_slice(cols);
            m.values.extend_from_slice(vals);
            m.indptr.push(m.indices.len());
        }
        m
    }

    /// The transpose in the same layout (rows become columns), used for
    /// gradients that sum over the documents of each feature.
    pub fn transpose(&self) -> CsrMatrix {
        let mut counts = vec![0usize; self.n_cols + 1];
        for &c in &self.indices {
            counts[c as usize + 1] += 1;
        }
        for i in 0..self.n_cols {
            counts[i + 1] += counts[i];
        }
        let mut next = counts.clone();
        let mut indices = vec![0u32; self.nnz()];
        let mut values = vec![0f64; self.nnz()];
        for r in 0..self.n_rows() {
            let (cols, vals) = self.row(r);
            for (&c, &v) in cols.iter().zip(vals) {
                let slot = &mut next[c as usize];
                indices[*slot] = r as u32;
                values[*slot] = v;
                *slot += 1;
            }
        }
        CsrMatrix {
            n_cols: self.n_rows(),
            indptr: counts,
            indices,
            values,
        }
    }
}

/// A training matrix whose rows share text blocks. Row i is
/// `own[i] + shared[shared_of[i]]` (text terms at columns 0..shared width)
/// `+ gate[i] * shared[shared_of[i]]` placed again at `gated_offset`.
/// Solvers compute each shared row's products once instead of once per row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FactoredMatrix {
    pub own: CsrMatrix,
    pub shared: CsrMatrix,
    pub shared_of: Vec<u32>,
    pub gate: Vec<f64>,
    pub gated_offset: Option<u32>,
}

impl FactoredMatrix {
    /// A plain matrix seen as factored: nothing shared.
    pub fn from_csr(x: CsrMatrix) -> Self {
        let n = x.n_rows();
        let mut shared = CsrMatrix::new(0);
        shared.push_row(Vec::new());
        FactoredMatrix {
            own: x,
            shared,
            shared_of: vec![0; n],
            gate: vec![0.0; n],
            gated_offset: None,
        }
    }

    pub fn n_rows(&self) -> usize {
        self.own.n_rows()
    }

    pub fn n_cols(&self) -> usize {
        self.own.n_cols()
    }

    /// The same rows, written out in full.
    pub fn to_csr(&self) -> CsrMatrix {
        let mut m = CsrMatrix::new(self.n_cols());
        for i in 0..self.n_rows() {
            let (cols, vals) = self.shared.row(self.shared_of[i] as usize);
            let mut row: Vec<(u32, f64)> = cols.iter().copied().zip(vals.iter().copied()).collect();
            if let (Some(offset), g) = (self.gated_offset, self.gate[i])
                && g > 0.0
            {
                row.extend(cols.iter().zip(vals).map(|(c, v)| (c + offset, v * g)));
            }
            let (cols, vals) = self.own.row(i);
            row.extend(cols.iter().copied().zip(vals.iter().copied()));
            m.push_row(row);
        }
        m
    }
}

impl linfa::dataset::Records for FactoredMatrix {
    type Elem = f64;

    fn nsamples(&self) -> usize {
        self.n_rows()
    }

    fn nfeatures(&self) -> usize {
        self.n_cols()
    }
}

impl linfa::dataset::Records for CsrMatrix {
    type Elem = f64;

    fn nsamples(&self) -> usize {
        self.n_rows()
    }

    fn nfeatures(&self) -> usize {
        self.n_cols
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_duplicates_summed() {
        let m = CsrMatrix::from_rows(4, vec![vec![(3, 1.0), (1, 2.0), (3, 0.5)], vec![]]);
        assert_eq!(m.row(0), (&[1u32, 3][..], &[2.0, 1.5][..]));
        assert_eq!(m.row(1).0.len(), 0);
        assert_eq!(m.n_rows(), 2);
    }

    #[test]
    fn transpose_round_trips() {
        let m = CsrMatrix::from_rows(3, vec![vec![(0, 1.0), (2, 2.0)], vec![(1, 3.0)]]);
        let t = m.transpose();
        assert_eq!(t.n_rows(), 3);
        assert_eq!(t.row(2), (&[0u32][..], &[2.0][..]));
        assert_eq!(t.transpose(), m);
    }
}
