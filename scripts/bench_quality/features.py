"""Featurizers of the scikit-learn reference, one per kind of benchmark.

Each has fit_transform(rows) and transform(rows) over rows of slant's CSVs,
so the C search can refit it inside every fold. The TF-IDF settings mirror
slant's defaults (word 1-2-grams, min-df 2, sublinear TF, smoothed IDF, L2
rows, at most 200,000 terms) so that the comparison is about the learner and
the tokenizer, not about different feature budgets. What differs and stays
different: scikit-learn's default tokenizer (no stemming, drops one-letter
tokens) and no style/URL/registry features.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import StandardScaler


def tfidf():
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                           max_features=200_000, dtype=np.float64)


def joined(row, fields):
    """Title and body as one text, the way slant reads them (title, newline, body)."""
    return "\n".join(row[f] for f in fields if row.get(f, "").strip())


class TextFeaturizer:
    """TF-IDF of one text made of `fields` (e.g. title + text)."""

    def __init__(self, fields=("text",)):
        self.fields = tuple(fields)
        self.vectorizer = tfidf()

    def fit_transform(self, rows):
        return self.vectorizer.fit_transform([joined(r, self.fields) for r in rows])

    def transform(self, rows):
        return self.vectorizer.transform([joined(r, self.fields) for r in rows])


class MetaEncoder:
    """Multi-hot metadata, encoded the way `slant train --meta` encodes string
    columns: values split on commas, trimmed and lower-cased (LIAR's subjects
    are comma-separated lists), and an explicit "missing" feature when a row
    has no value. Matching slant's encoding keeps the comparison fair."""

    def __init__(self, columns):
        self.columns = list(columns)
        self.vectorizer = DictVectorizer(dtype=np.float64)

    def _dicts(self, rows):
        out = []
        for row in rows:
            d = {}
            for column in self.columns:
                parts = [p.strip().lower() for p in row.get(column, "").split(",")]
                parts = [p for p in parts if p]
                if not parts:
                    d[f"{column} missing"] = 1.0
                for part in parts:
                    d[f"{column}={part}"] = 1.0
            out.append(d)
        return out

    def fit_transform(self, rows):
        return self.vectorizer.fit_transform(self._dicts(rows)).tocsr()

    def transform(self, rows):
        # Values never seen in training are dropped, as in slant.
        return self.vectorizer.transform(self._dicts(rows)).tocsr()


class TextMetaFeaturizer:
    """TF-IDF of the text, side by side with multi-hot metadata (LIAR)."""

    def __init__(self, meta_columns):
        self.text = TextFeaturizer(("text",))
        self.meta = MetaEncoder(meta_columns)

    def fit_transform(self, rows):
        return sp.hstack([self.text.fit_transform(rows), self.meta.fit_transform(rows)]).tocsr()

    def transform(self, rows):
        return sp.hstack([self.text.transform(rows), self.meta.transform(rows)]).tocsr()


class PairFeaturizer:
    """FNC-1 headline/body pairs: TF-IDF(headline) ⊕ TF-IDF(body) ⊕ cosine.

    One vocabulary serves both blocks, fitted on the distinct headlines and
    bodies (a body is paired with ~30 headlines; counting it 30 times would
    skew document frequencies and cost 30x the tokenizing). With a shared
    vocabulary and L2-normalised rows, the headline-body cosine is the row-wise
    dot product of the two blocks, as in the UCL system's TF-IDF cosine.
    """

    def __init__(self):
        self.vectorizer = tfidf()

    def _blocks(self, rows):
        heads = [r["target"] for r in rows]
        bodies = [r["text"] for r in rows]
        distinct = sorted(set(heads) | set(bodies))
        index = {t: i for i, t in enumerate(distinct)}
        return distinct, [index[h] for h in heads], [index[b] for b in bodies]

    def _matrix(self, vectors, head_idx, body_idx):
        h = vectors[head_idx]
        b = vectors[body_idx]
        cosine = np.asarray(h.multiply(b).sum(axis=1))
        return sp.hstack([h, b, sp.csr_matrix(cosine)]).tocsr()

    def fit_transform(self, rows):
        distinct, hi, bi = self._blocks(rows)
        return self._matrix(self.vectorizer.fit_transform(distinct).tocsr(), hi, bi)

    def transform(self, rows):
        distinct, hi, bi = self._blocks(rows)
        return self._matrix(self.vectorizer.transform(distinct).tocsr(), hi, bi)


class NumericFeaturizer:
    """Standardised numeric columns (media reliability's precomputed outlet
    features). An empty cell takes the training mean (emnlp18 has none, but a
    NaN would stop the fit)."""

    def __init__(self, columns):
        self.columns = list(columns)
        self.scaler = StandardScaler()
        self.means = None

    def _array(self, rows):
        x = np.array([[float(r[c]) if r.get(c, "").strip() else np.nan for c in self.columns]
                      for r in rows])
        if self.means is None:
            self.means = np.nanmean(x, axis=0)
        return np.where(np.isnan(x), self.means, x)

    def fit_transform(self, rows):
        self.means = None
        return self.scaler.fit_transform(self._array(rows))

    def transform(self, rows):
        return self.scaler.transform(self._array(rows))
