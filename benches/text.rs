//! Throughput of each text stage, on a corpus written here so the figures
//! need no data files: `cargo bench --bench text`.
//!
//! Every benchmark walks the same ~100 KB of news-like documents, so the
//! MB/s figures of successive stages can be compared directly; the token
//! count is printed once so MB/s can be turned into tokens/s.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use slant::features::{BagOfWords, BagOfWordsConfig};
use slant::text::{
    AnalyzerConfig, LowerCaser, NGramConfig, Stemmer, TokenFilter, Tokenizer, Tokens,
    UnicodeWordTokenizer,
};

/// Paragraphs in the register of wire copy and comment pieces: capitals,
/// numbers, curly quotes and contractions, as real articles have them.
const PARAGRAPHS: &[&str] = &[
    "BRUSSELS, March 3 — European Union finance ministers agreed on Tuesday to extend the emergency \
     fund for regional lenders by another 18 months, after two days of talks that officials described \
     as “difficult but constructive.” The fund, set up in 2023, has so far disbursed 41.5 billion euros.",
    "The decision came as bond yields in several southern member states climbed to their highest level \
     since the autumn. Analysts at three banks said the extension would calm markets in the short run, \
     but warned that it did little to address the underlying weakness of smaller lenders’ balance sheets.",
    "“We cannot keep buying time forever,” said one senior diplomat, who asked not to be named because \
     the negotiations were private. “At some point the governments will have to decide who pays.”",
    "In the port city of Gdansk, dock workers walked off the job on Monday night, halting the loading of \
     grain ships for the third time this month. The union says wages have not kept pace with prices; \
     the port authority says it has already offered a 7 percent raise and will not negotiate under pressure.",
    "Opinion: It is tempting to treat every strike as a crisis and every agreement as a triumph. Neither \
     is true. What the dock dispute shows is that nobody trusts the official inflation figures anymore, \
     and a government that loses that trust will find it very hard to win it back.",
    "Police said the fire broke out shortly after 2 a.m. in a warehouse on the city’s eastern edge. \
     Firefighters brought it under control by dawn. No injuries were reported, though residents of \
     nearby apartment blocks were told to keep their windows closed because of the smoke.",
    "The minister’s critics argue that the new surveillance law gives intelligence agencies powers they \
     didn’t ask for and don’t need. Supporters counter that the threats facing the country have changed, \
     and that the courts will still review every warrant before it is executed.",
    "Researchers at the university tracked 12,400 households over five years and found that families \
     who moved to the new housing estates were 30% more likely to report better health. The study, \
     published in a peer-reviewed journal, has not yet been replicated elsewhere.",
    "WASHINGTON (Reuters-style wire) — Senators from both parties questioned the Pentagon’s budget \
     request on Wednesday, pressing officials over cost overruns on a fleet of refuelling aircraft \
     that is now four years behind schedule and roughly $2.1bn over its original estimate.",
    "Let’s be honest about what happened in the election: voters did not reject the program, they \
     rejected the people selling it. Until the party understands the difference, it will keep \
     losing districts it used to win without trying.",
];

/// About 100 KB of documents of four to seven paragraphs each, in varying
/// order so that bigrams across paragraph ends differ between documents.
fn corpus() -> Vec<String> {
    let mut docs = Vec::new();
    let mut total = 0;
    let mut i = 0usize;
    while total < 100_000 {
        let len = 4 + i % 4;
        let doc = (0..len)
            .map(|k| PARAGRAPHS[(i * 7 + k * 3) % PARAGRAPHS.len()])
            .collect::<Vec<_>>()
            .join("\n\n");
        total += doc.len();
        docs.push(doc);
        i += 1;
    }
    docs
}

fn bench_text(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let tokenizer = UnicodeWordTokenizer;
    let mut lowercaser = LowerCaser;
    let mut stemmer = Stemmer::new("english").expect("english is a Snowball language");
    let mut tokens = Tokens::default();
    let n_tokens: usize = docs
        .iter()
        .map(|doc| {
            tokens.clear();
            tokenizer.tokenize(doc, &mut tokens);
            tokens.len()
        })
        .sum();
    eprintln!(
        "text bench corpus: {} documents, {bytes} bytes, {n_tokens} tokens",
        docs.len()
    );

    let mut group = c.benchmark_group("text");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(bytes as u64));

    group.bench_function("tokenize", |b| {
        let mut tokens = Tokens::default();
        b.iter(|| {
            for doc in &docs {
                tokens.clear();
                tokenizer.tokenize(doc, &mut tokens);
                black_box(&tokens);
            }
        })
    });
    group.bench_function("tokenize+lowercase", |b| {
        let mut tokens = Tokens::default();
        b.iter(|| {
            for doc in &docs {
                tokens.clear();
                tokenizer.tokenize(doc, &mut tokens);
                lowercaser.apply(&mut tokens);
                black_box(&tokens);
            }
        })
    });
    group.bench_function("tokenize+lowercase+stem", |b| {
        let mut tokens = Tokens::default();
        b.iter(|| {
            for doc in &docs {
                tokens.clear();
                tokenizer.tokenize(doc, &mut tokens);
                lowercaser.apply(&mut tokens);
                stemmer.apply(&mut tokens);
                black_box(&tokens);
            }
        })
    });
    // A stemmer made for each pass, as a process that has just started has:
    // the stemmer remembers the words it has stemmed.
    group.bench_function("tokenize+lowercase+stem, fresh stemmer", |b| {
        let mut tokens = Tokens::default();
        b.iter(|| {
            let mut stemmer = Stemmer::new("english").expect("english is a Snowball language");
            for doc in &docs {
                tokens.clear();
                tokenizer.tokenize(doc, &mut tokens);
                lowercaser.apply(&mut tokens);
                stemmer.apply(&mut tokens);
                black_box(&tokens);
            }
        })
    });

    // The vocabulary is fitted on every other document, so the transformed
    // half also meets terms it has never seen.
    let fit_docs: Vec<&str> = docs.iter().step_by(2).map(String::as_str).collect();
    let word = BagOfWordsConfig {
        analyzer: AnalyzerConfig::default(),
        ngrams: NGramConfig::default(),
        ..BagOfWordsConfig::default()
    };
    let with_char = BagOfWordsConfig {
        ngrams: NGramConfig {
            word: (1, 2),
            char: Some((3, 5)),
        },
        ..word.clone()
    };
    for (name, config) in [("words 1-2", &word), ("words 1-2 + chars 3-5", &with_char)] {
        let bow = BagOfWords::fit(config, &fit_docs).expect("valid config");
        group.bench_function(format!("term ids, {name}"), |b| {
            let mut ids = Vec::new();
            b.iter(|| {
                for doc in &docs {
                    ids.clear();
                    bow.term_ids(doc, &mut ids);
                    black_box(&ids);
                }
            })
        });
        group.bench_function(format!("tf-idf, {name}"), |b| {
            b.iter(|| {
                for doc in &docs {
                    black_box(bow.vector(doc));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_text);
criterion_main!(benches);
