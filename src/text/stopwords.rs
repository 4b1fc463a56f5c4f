/// English function words, written for slant. Negations ("not", "no", "nor")
/// and pronouns are left out on purpose: they carry stance and genre.
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
    "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "here", "how", "if", "in", "into", "is", "it",
    "its", "itself", "just", "more", "most", "of", "off", "on", "once", "only", "or", "other",
    "out", "over", "own", "same", "so", "some", "such", "than", "that", "the", "then", "there",
    "these", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
    "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would",
];
