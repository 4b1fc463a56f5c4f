//! The cleaning pass: judges every line with [`rules::classify`], then
//! applies the structural rules that need a line's neighbours, in one
//! forward pass and a few bounded passes over the kept lines:
//!
//! 1. teaser blocks ("Related Articles" and the headlines under it) are
//!    dropped up to the next paragraph of running text;
//! 2. everything from the start of the reader-comment section, or of a
//!    press release's boilerplate ("About Company", "Media contact:"), is
//!    dropped; a lead image's caption just before its credit line is dropped;
//! 3. runs of three or more menu-sized lines are navigation;
//! 4. the head (before the first paragraph) yields the headline (a line
//!    printed twice there, or a sentence-shaped one right above the byline)
//!    and loses section labels and lines repeated further down (tables of
//!    contents, a live blog's key events); names alone above the date are
//!    the byline; the tail (after the last paragraph) loses teasers and
//!    footers, and an author bio there becomes metadata;
//! 5. the dateline and wire credit are cut from the first paragraph.
//!
//! Every step is linear in the number of lines.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::PageMeta;
use super::lines::{Line, split_lines, strip_closers};
use super::meta::{self, MetaLine};
use super::rules::{self, Junk, Kind};

/// Where the text came from, which decides how the headline is found.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mode<'a> {
    /// Pasted text: the first substantial title-like line is the headline.
    Text,
    /// The main text of an HTML page: the page's own title and author are
    /// known, and lines near the top repeating them are dropped.
    Html {
        title: Option<&'a str>,
        author: Option<&'a str>,
    },
}

/// The result of cleaning a text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cleaned {
    pub body: String,
    pub meta: PageMeta,
    /// Copyright holder named in the footer, a hint for the outlet.
    pub copyright_holder: Option<String>,
    pub kept_lines: usize,
    pub dropped_lines: usize,
    pub dropped_chars: usize,
}

/// How many paragraphs of running text may come before a byline or date
/// line that is still read as the article's own (a standfirst can be prose).
const HEAD_PROSE: usize = 2;

/// At most this many paragraphs of running text follow a press release's
/// "About Company" heading (the boilerplate, a forward-looking statement).
const ABOUT_SECTION_PARAGRAPHS: usize = 3;

/// How many paragraphs from the end are checked for an author bio.
const TAIL_BIO_PARAGRAPHS: usize = 3;

/// Cleans `text`: the article body and what its lines say about the page.
pub(crate) fn clean(text: &str, mode: Mode<'_>) -> Cleaned {
    let lines = split_lines(text);
    let kinds: Vec<Kind> = lines
        .iter()
        .map(|l| rules::classify(&l.text, &l.shape))
        .collect();
    let mut pass = Pass {
        lines: &lines,
        kinds: &kinds,
        keep: vec![false; lines.len()],
        cut_start: vec![0; lines.len()],
        cut_end: vec![0; lines.len()],
        meta: PageMeta::default(),
        copyright_holder: None,
        names_above_date: None,
    };
    pass.forward();
    pass.menu_runs();
    pass.head(mode);
    pass.tail();
    pass.dateline();
    pass.finish(mode)
}

struct Pass<'a> {
    lines: &'a [Line],
    kinds: &'a [Kind],
    keep: Vec<bool>,
    /// Bytes cut from the start and end of a kept line (dateline, credit).
    cut_start: Vec<usize>,
    cut_end: Vec<usize>,
    meta: PageMeta,
    copyright_holder: Option<String>,
    /// A line of names just above a date at the head of the story.
    names_above_date: Option<usize>,
}

impl Pass<'_> {
    fn prose(&self, i: usize) -> bool {
        self.lines[i].shape.is_prose()
    }

    /// For each line, the next line that is text or a block boundary.
    fn next_content(&self) -> Vec<Option<usize>> {
        let mut next = vec![None; self.lines.len()];
        let mut after = None;
        for i in (0..self.lines.len()).rev() {
            next[i] = after;
            if matches!(
                self.kinds[i],
                Kind::Text | Kind::BlockHeader | Kind::CommentStart | Kind::TrailerStart
            ) {
                after = Some(i);
            }
        }
        next
    }

    /// Step 1 and 2: teaser blocks, the comment section, metadata lines.
    fn forward(&mut self) {
        let next = self.next_content();
        // Paragraphs of running text from each line to the end.
        let mut prose_from = vec![0usize; self.lines.len() + 1];
        for i in (0..self.lines.len()).rev() {
            prose_from[i] = prose_from[i + 1] + usize::from(self.prose(i));
        }
        let mut in_block = false;
        let mut prose_count = 0usize;
        // A byline or date line was read and no paragraph kept since.
        let mut after_head_meta = false;
        for (i, &next_content) in next.iter().enumerate() {
            match &self.kinds[i] {
                Kind::CommentStart | Kind::TrailerStart => {
                    if prose_count > 0 {
                        return;
                    }
                }
                Kind::Text
                    if prose_count > 0
                        && prose_from[i] <= ABOUT_SECTION_PARAGRAPHS
                        && self.about_section_at(i, next_content) =>
                {
                    return;
                }
                Kind::BlockHeader => {
                    // Before the article starts, such a line is a menu item.
                    if prose_count > 0 {
                        in_block = true;
                    }
                }
                _ if prose_count > 0 && self.thread_starts_at(i) => {
                    {
                        // A thread without a heading: the user name sits just above.
                        for j in (i.saturating_sub(2)..i).rev() {
                            if self.keep[j] && self.lines[j].shape.is_short() {
                                self.keep[j] = false;
                            } else {
                                break;
                            }
                        }
                        return;
                    }
                }
                Kind::Junk(_) => {}
                Kind::Meta(m) => {
                    let in_head = prose_count <= HEAD_PROSE && !in_block;
                    if matches!(m, MetaLine::Byline { .. } | MetaLine::Published(_)) && in_head {
                        after_head_meta = true;
                    }
                    if in_head
                        && matches!(m, MetaLine::Published(_))
                        && self.names_above_date.is_none()
                        && i > 0
                        && matches!(self.kinds[i - 1], Kind::Text)
                        && meta::is_names(&self.lines[i - 1].text)
                    {
                        self.names_above_date = Some(i - 1);
                    }
                    self.record(m, in_head, in_block);
                }
                Kind::Text => {
                    let prose = self.prose(i);
                    // The lead image's caption, between the byline or date
                    // and the story, with its credit on the next line.
                    if prose
                        && after_head_meta
                        && self.lines[i].shape.words <= 30
                        && matches!(self.kinds.get(i + 1), Some(Kind::Junk(Junk::Caption)))
                        && !REPORTING.is_match(&self.lines[i].text)
                    {
                        after_head_meta = false;
                        continue;
                    }
                    if prose {
                        after_head_meta = false;
                    }
                    if in_block {
                        let exits = prose
                            && (self.lines[i].shape.words >= 40
                                || match next_content {
                                    None => true,
                                    Some(j) => {
                                        !matches!(self.kinds[j], Kind::Text) || self.prose(j)
                                    }
                                });
                        if !exits {
                            continue;
                        }
                        in_block = false;
                    }
                    self.keep[i] = true;
                    if prose {
                        prose_count += 1;
                    }
                }
            }
        }
    }

    /// A press release's "About Harrowgate Air" section: a heading naming a
    /// company, then a paragraph opening with that name ("Harrowgate Air is
    /// a regional airline ..."), near the end (an explainer's "About
    /// Medicaid" subhead has the rest of the story after it). An author box ("About Jane Doe", then her
    /// bio) is left to the tail rules, which keep the bio as metadata.
    fn about_section_at(&self, i: usize, next: Option<usize>) -> bool {
        let line = &self.lines[i];
        let Some(name) = ABOUT_HEADING
            .captures(&line.text)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str())
        else {
            return false;
        };
        let Some(j) = next else { return false };
        let para = &self.lines[j];
        let first_word = name.split_whitespace().next().unwrap_or(name);
        matches!(self.kinds[j], Kind::Text)
            && para.shape.is_prose()
            && para.text.starts_with(first_word)
            && !meta::is_tail_bio(&para.text, &para.shape)
    }

    /// A comment thread without a heading: a comment timestamp ("3 hours
    /// ago", "May 17, 2024 at 10:02 am") followed closely by a reply or
    /// like button.
    fn thread_starts_at(&self, i: usize) -> bool {
        let stamp = matches!(
            self.kinds[i],
            Kind::Junk(Junk::CommentWidget) | Kind::Meta(MetaLine::Published(_))
        ) && is_comment_timestamp(&self.lines[i].text);
        // A widget only comments have ("Reply", "Like", "12 likes"): time
        // stamps alone also head a live blog's entries.
        let widget = |j: usize| {
            matches!(self.kinds[j], Kind::Junk(Junk::CommentWidget))
                && !is_comment_timestamp(&self.lines[j].text)
        };
        stamp && (i + 1..self.lines.len().min(i + 20)).any(widget)
    }

    fn record(&mut self, m: &MetaLine, in_head: bool, in_block: bool) {
        let meta = &mut self.meta;
        match m {
            MetaLine::Byline {
                byline,
                author,
                published,
            } => {
                if in_head && meta.byline.is_none() {
                    meta.byline = Some(byline.clone());
                    meta.author = Some(author.clone());
                    if meta.published.is_none() {
                        meta.published.clone_from(published);
                    }
                }
            }
            MetaLine::Published(date) => {
                if in_head && meta.published.is_none() {
                    meta.published = Some(date.clone());
                }
            }
            MetaLine::Wire(w) => {
                if !in_block && meta.wire_credit.is_none() {
                    meta.wire_credit = Some(w.clone());
                }
            }
            MetaLine::Source(s) => {
                if !in_block && meta.source_line.is_none() {
                    meta.source_line = Some(s.clone());
                }
            }
            MetaLine::Republished(s) => {
                meta.syndicated = true;
                if meta.source_line.is_none() {
                    meta.source_line = Some(s.clone());
                }
            }
            MetaLine::Syndication => meta.syndicated = true,
            MetaLine::Disclaimer(d) => {
                if meta.opinion_disclaimer.is_none() {
                    meta.opinion_disclaimer = Some(d.clone());
                }
            }
            MetaLine::Bio(b) => {
                if meta.author_bio.is_none() {
                    meta.author_bio = Some(b.clone());
                }
            }
            MetaLine::Copyright(holder) => {
                if self.copyright_holder.is_none() {
                    self.copyright_holder.clone_from(holder);
                }
            }
            MetaLine::Updated | MetaLine::Credits => {}
        }
    }

    /// Step 3: runs of three or more menu-sized lines (navigation lines
    /// dropped by the line rules count towards the run) are a menu.
    fn menu_runs(&mut self) {
        let mut run: Vec<usize> = Vec::new();
        let mut nav = 0usize;
        for i in 0..self.lines.len() {
            if self.keep[i] && self.lines[i].shape.is_short() {
                run.push(i);
                continue;
            }
            if !self.keep[i] && !matches!(self.kinds[i], Kind::Meta(_)) {
                if matches!(self.kinds[i], Kind::Junk(Junk::Nav)) {
                    nav += 1;
                }
                continue;
            }
            self.flush_run(&mut run, &mut nav);
        }
        self.flush_run(&mut run, &mut nav);
    }

    fn flush_run(&mut self, run: &mut Vec<usize>, nav: &mut usize) {
        if !run.is_empty() && run.len() + *nav >= 3 {
            for &i in run.iter() {
                self.keep[i] = false;
            }
        }
        run.clear();
        *nav = 0;
    }

    fn first_prose(&self) -> Option<usize> {
        (0..self.lines.len()).find(|&i| self.keep[i] && self.prose(i))
    }

    /// Step 4, head: the headline and the section labels above the article.
    fn head(&mut self, mode: Mode<'_>) {
        let Some(first) = self.first_prose() else {
            return;
        };
        match mode {
            Mode::Text => {
                let mut first = first;
                let mut title = self.headline(first);
                if title.is_none() && self.prose_headline(first) {
                    title = Some(first);
                    self.keep[first] = false;
                    match (first + 1..self.lines.len()).find(|&i| self.keep[i] && self.prose(i)) {
                        Some(next) => first = next,
                        None => return,
                    }
                }
                self.drop_repeated(first);
                let title_found = title.is_some();
                for i in 0..first {
                    if !self.keep[i] {
                        continue;
                    }
                    // Whatever comes before the headline is page furniture,
                    // and so are menu-sized lines after it.
                    if title.is_some_and(|t| i <= t) || self.lines[i].shape.is_short() {
                        self.keep[i] = false;
                    }
                }
                if let Some(t) = title {
                    self.meta.title = Some(self.lines[t].text.clone());
                    // Names alone on the line above a date, below the
                    // headline, are the byline: "Wendell Araujo-Finch", then
                    // "Feb 18, 2025", as blogging platforms and live blogs
                    // print them. (Above the headline, such a line is more
                    // often a topic label: "Supreme Court".)
                    if let Some(n) = self.names_above_date
                        && n > t
                        && self.meta.byline.is_none()
                    {
                        let names = self.lines[n].text.clone();
                        self.keep[n] = false;
                        self.meta.author = Some(super::html::author_of(&names));
                        self.meta.byline = Some(names);
                    }
                }
                if !title_found {
                    // No headline: keep what came before, bar menu-sized lines.
                    for i in 0..first {
                        let line = &self.lines[i];
                        if matches!(self.kinds[i], Kind::Text) && !line.shape.is_short() {
                            self.keep[i] = true;
                        }
                    }
                }
            }
            Mode::Html { title, author } => {
                let known: Vec<String> = [title, author]
                    .into_iter()
                    .flatten()
                    .map(fold)
                    .filter(|t| !t.is_empty())
                    .collect();
                let mut checked = 0;
                for i in 0..self.lines.len() {
                    if !self.keep[i] {
                        continue;
                    }
                    checked += 1;
                    if checked > 6 {
                        break;
                    }
                    let line = fold(&self.lines[i].text);
                    let line = line.strip_prefix("by ").unwrap_or(&line);
                    if known.iter().any(|k| k == line) {
                        self.keep[i] = false;
                    }
                }
                for i in 0..first {
                    if self.keep[i] && self.lines[i].shape.is_short() {
                        self.keep[i] = false;
                    }
                }
            }
        }
    }

    /// A headline shaped like a sentence ("Our streets were built for cars.
    /// They don't have to stay that way.", or a question): a short first
    /// paragraph, with no title-like line above it, followed by the byline
    /// or date before the next paragraph.
    fn prose_headline(&self, first: usize) -> bool {
        let line = &self.lines[first];
        if line.shape.words > 20 || line.shape.chars > 200 {
            return false;
        }
        for i in first + 1..self.lines.len() {
            match &self.kinds[i] {
                Kind::Meta(MetaLine::Byline { .. } | MetaLine::Published(_)) => return true,
                _ if self.keep[i] && self.prose(i) => return false,
                _ => {}
            }
        }
        false
    }

    /// Lines above the first paragraph that appear again further down (a
    /// table of contents, a live blog's key events, a share card repeating
    /// the headline): the earlier copy is dropped.
    fn drop_repeated(&mut self, first: usize) {
        let mut last: HashMap<&str, usize> = HashMap::new();
        for (i, line) in self.lines.iter().enumerate() {
            last.insert(line.text.as_str(), i);
        }
        for i in 0..first {
            if self.keep[i]
                && last
                    .get(self.lines[i].text.as_str())
                    .is_some_and(|&j| j > i)
            {
                self.keep[i] = false;
            }
        }
    }

    /// The headline among the lines before the first paragraph. A title-like
    /// line printed twice there (in a share card, then above the story) is
    /// the headline, its last copy; otherwise the first substantial
    /// title-like line, or, when a date line stands between title-like lines
    /// (a blog's tagline, then the post's date, then its title), the first
    /// one after the date. A line right after a time stamp is a live blog's
    /// entry heading, not the headline.
    fn headline(&self, first: usize) -> Option<usize> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for line in &self.lines[..first] {
            *seen.entry(line.text.as_str()).or_default() += 1;
        }
        let candidate = |i: usize| {
            let line = &self.lines[i];
            let wrapped = self
                .lines
                .get(i + 1)
                .is_some_and(|n| !n.blank_before && continues(&line.text, &n.text));
            let after_stamp = i > 0 && matches!(self.kinds[i - 1], Kind::Junk(Junk::Timestamp));
            self.keep[i] && meta::is_title_like(&line.text, &line.shape) && !wrapped && !after_stamp
        };
        if let Some(i) = (0..first).rev().find(|&i| {
            candidate(i)
                && seen
                    .get(self.lines[i].text.as_str())
                    .is_some_and(|&n| n >= 2)
        }) {
            return Some(i);
        }
        let mut first_candidate = None;
        let mut date_seen_after_candidate = false;
        for i in 0..first {
            if matches!(self.kinds[i], Kind::Meta(MetaLine::Published(_))) {
                date_seen_after_candidate |= first_candidate.is_some();
                continue;
            }
            if !candidate(i) {
                continue;
            }
            if first_candidate.is_none() {
                first_candidate = Some(i);
            } else if date_seen_after_candidate {
                return Some(i);
            }
        }
        first_candidate
    }

    /// Step 4, tail: an author bio at the end is metadata; anything after the
    /// last paragraph of running text is a teaser or a footer.
    fn tail(&mut self) {
        let mut paragraphs = 0;
        for i in (0..self.lines.len()).rev() {
            if !self.keep[i] {
                continue;
            }
            let line = &self.lines[i];
            if meta::is_bio_tail(&line.text, &line.shape) {
                self.keep[i] = false;
                continue;
            }
            if !line.shape.is_prose() {
                continue;
            }
            paragraphs += 1;
            if paragraphs > TAIL_BIO_PARAGRAPHS {
                break;
            }
            if meta::is_tail_bio(&line.text, &line.shape) && !REPORTING.is_match(&line.text) {
                self.keep[i] = false;
                if self.meta.author_bio.is_none() {
                    self.meta.author_bio = Some(
                        line.text
                            .trim_start_matches(['—', '–', '-', '*', '_', ' '])
                            .trim_end_matches(['*', '_'])
                            .to_string(),
                    );
                }
                continue;
            }
            break;
        }
        let Some(last) = (0..self.lines.len())
            .rev()
            .find(|&i| self.keep[i] && self.prose(i))
        else {
            return;
        };
        for i in last + 1..self.lines.len() {
            self.keep[i] = false;
        }
        // A wire credit closing the last paragraph: "... on Friday. (ANI)".
        let text = &self.lines[last].text;
        if let Some(c) = TRAILING_CREDIT.captures(text)
            && let (Some(all), Some(credit)) = (c.get(0), c.get(1))
            && meta::is_agency_credit(credit.as_str())
            && all.start() > 0
        {
            self.cut_end[last] = text.len() - all.start();
            if self.meta.wire_credit.is_none() {
                self.meta.wire_credit = Some(credit.as_str().to_string());
            }
        }
    }

    /// Step 5: the dateline at the start of the first paragraphs.
    fn dateline(&mut self) {
        let mut tried = 0;
        for i in 0..self.lines.len() {
            if !self.keep[i] || !self.prose(i) {
                continue;
            }
            tried += 1;
            if tried > 2 {
                return;
            }
            if let Some(d) = meta::dateline(&self.lines[i].text) {
                if d.len + self.cut_end[i] >= self.lines[i].text.len() {
                    return;
                }
                self.cut_start[i] = d.len;
                self.meta.dateline = d.dateline;
                if let Some(w) = d.wire {
                    self.meta.wire_credit = Some(w);
                }
                return;
            }
        }
    }

    fn finish(self, mode: Mode<'_>) -> Cleaned {
        let mut body = String::new();
        let mut kept_lines = 0;
        let mut dropped_chars = 0;
        let mut prev: Option<(usize, &str)> = None;
        for (i, line) in self.lines.iter().enumerate() {
            if !self.keep[i] {
                dropped_chars += line.shape.chars;
                continue;
            }
            let end = line.text.len() - self.cut_end[i];
            let start = self.cut_start[i].min(end);
            let text = line.text.get(start..end).unwrap_or(&line.text).trim();
            dropped_chars += line.shape.chars - text.chars().count().min(line.shape.chars);
            if text.is_empty() {
                continue;
            }
            kept_lines += 1;
            if let Some((p, prev_text)) = prev {
                let joins = matches!(mode, Mode::Text)
                    && p + 1 == i
                    && !line.blank_before
                    && continues(prev_text, text);
                body.push_str(if joins { " " } else { "\n\n" });
            }
            body.push_str(text);
            prev = Some((i, text));
        }
        Cleaned {
            body,
            meta: self.meta,
            copyright_holder: self.copyright_holder,
            kept_lines,
            dropped_lines: self.lines.len() - kept_lines,
            dropped_chars,
        }
    }
}

/// Whether `next` continues the sentence of `prev` (a hard-wrapped paragraph).
fn continues(prev: &str, next: &str) -> bool {
    let tail = strip_closers(prev);
    !tail.ends_with(['.', '!', '?', ':', ';', '…'])
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c == ',' || c == ';')
}

/// Case- and space-insensitive form of a line, for comparing titles.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_end_matches(['.', ' '])
        .to_string()
}

static REPORTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:said|says|told|according to|announced|confirmed)(?-u:\b)")
        .expect("reporting pattern")
});

static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[(\[]\s*([\p{Lu}][\p{L}/ ]{1,30}?)\s*[)\]]\s*$")
        .expect("trailing credit pattern")
});

static ABOUT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^About (\p{Lu}[\p{L}\d&.,'’-]*(?: [\p{Lu}\d&][\p{L}\d&.,'’-]*| (?:of|and|for|de|du)){0,6})\s*:?$")
        .expect("about heading pattern")
});

static COMMENT_TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)ago$|\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?$)")
        .expect("timestamp pattern")
});

fn is_comment_timestamp(text: &str) -> bool {
    COMMENT_TIMESTAMP.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(input: &str) -> Cleaned {
        clean(input, Mode::Text)
    }

    #[test]
    fn headline_byline_and_dateline_become_metadata() {
        let c = text(
            "Home\nWorld\nBusiness\nSport\n\nPort strike enters third week\nBy Mara Quillon, Business Reporter\nMay 17, 2024\n\n\
             HARBOURTON (Ledger Wire) - Dock workers stayed off the job for a fifteenth day on Friday.\n\n\
             The union says the offer does not keep pace with living costs.\n",
        );
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Port strike enters third week")
        );
        assert_eq!(
            c.meta.byline.as_deref(),
            Some("Mara Quillon, Business Reporter")
        );
        assert_eq!(c.meta.author.as_deref(), Some("Mara Quillon"));
        assert_eq!(c.meta.published.as_deref(), Some("May 17, 2024"));
        assert_eq!(c.meta.dateline.as_deref(), Some("HARBOURTON"));
        assert_eq!(c.meta.wire_credit.as_deref(), Some("Ledger Wire"));
        assert_eq!(
            c.body,
            "Dock workers stayed off the job for a fifteenth day on Friday.\n\n\
             The union says the offer does not keep pace with living costs."
        );
        assert_eq!(c.kept_lines, 2);
        assert_eq!(c.dropped_lines, 7);
    }

    #[test]
    fn teaser_block_ends_at_the_next_paragraphs() {
        let c = text(
            "The council voted on Tuesday to close the bridge for repairs.\n\
             Read also\nFuel prices climb for fourth month\nHeatwave warning issued for the coast\n\
             Engineers found cracks in two of the supporting piers last month.\n\
             Repairs are expected to take until the end of the year.\n",
        );
        assert_eq!(
            c.body,
            "The council voted on Tuesday to close the bridge for repairs.\n\n\
             Engineers found cracks in two of the supporting piers last month.\n\n\
             Repairs are expected to take until the end of the year."
        );
    }

    #[test]
    fn comment_section_is_dropped_to_the_end() {
        let c = text(
            "The council voted on Tuesday to close the bridge for repairs.\n\n3 Comments\n\
             riverfan\nThis is a disgrace and everyone on the council knows it.\nReply\n",
        );
        assert_eq!(
            c.body,
            "The council voted on Tuesday to close the bridge for repairs."
        );
    }

    #[test]
    fn tail_bio_and_disclaimer() {
        let c = text(
            "Why the port needs a new deal\n\nThe strike has shown how fragile the city's supply lines are.\n\n\
             Both sides must return to the table before the shelves empty.\n\n\
             Odile Marchetti is a columnist for the Harbour Ledger and a former port economist.\n\n\
             The views expressed in this column are solely those of the author.\n",
        );
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Why the port needs a new deal")
        );
        assert!(
            c.meta
                .author_bio
                .as_deref()
                .unwrap()
                .starts_with("Odile Marchetti is a columnist")
        );
        assert!(c.meta.opinion_disclaimer.is_some());
        assert_eq!(
            c.body,
            "The strike has shown how fragile the city's supply lines are.\n\n\
             Both sides must return to the table before the shelves empty."
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let c = text("The council voted on Tuesday to close\nthe bridge for repairs this year.\n");
        assert_eq!(
            c.body,
            "The council voted on Tuesday to close the bridge for repairs this year."
        );
    }

    #[test]
    fn trailing_wire_credit() {
        let c = text("Officials said the talks would resume next week in the capital. (ANI)\n");
        assert_eq!(c.meta.wire_credit.as_deref(), Some("ANI"));
        assert_eq!(
            c.body,
            "Officials said the talks would resume next week in the capital."
        );
    }

    #[test]
    fn html_mode_drops_the_repeated_title() {
        let c = clean(
            "Port strike enters third week\n\nDock workers stayed off the job for a fifteenth day on Friday.\n",
            Mode::Html {
                title: Some("Port Strike Enters Third Week"),
                author: None,
            },
        );
        assert_eq!(
            c.body,
            "Dock workers stayed off the job for a fifteenth day on Friday."
        );
        assert_eq!(c.meta.title, None);
    }

    #[test]
    fn headline_printed_twice_and_name_above_date() {
        let c = text(
            "Field Notes from the Middle\nSubscribe\nShare this post\nField Notes from the Middle\n\
             What the school board fight is really about\nCopy link\nFacebook\n\
             What the school board fight is really about\nIt isn't the books. It's who gets to decide.\n\
             Wendell Araujo-Finch\nFeb 18, 2025\n\
             For three months our school board meetings have been packed past midnight.\n",
        );
        assert_eq!(
            c.meta.title.as_deref(),
            Some("What the school board fight is really about")
        );
        assert_eq!(c.meta.byline.as_deref(), Some("Wendell Araujo-Finch"));
        assert_eq!(c.meta.published.as_deref(), Some("Feb 18, 2025"));
        assert_eq!(
            c.body,
            "It isn't the books. It's who gets to decide.\n\n\
             For three months our school board meetings have been packed past midnight."
        );
    }

    #[test]
    fn live_blog_entries_and_key_events() {
        let c = text(
            "Floods: river expected to peak overnight – latest updates\nKey events\n\
             21m ago\nEvacuation centres nearly full, says mayor\n\
             Thu 6 Mar 2025 18.05 GMT\n21m ago\n18.05 GMT\n\
             Evacuation centres nearly full, says mayor\n\
             The mayor says the town's three evacuation centres are close to capacity.\n\
             Share\n1h ago\n16.52 GMT\n\
             Forecasters now expect the river to peak between 2am and 4am on Friday.\n",
        );
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Floods: river expected to peak overnight – latest updates")
        );
        assert_eq!(
            c.body,
            "Evacuation centres nearly full, says mayor\n\n\
             The mayor says the town's three evacuation centres are close to capacity.\n\n\
             Forecasters now expect the river to peak between 2am and 4am on Friday."
        );
    }

    #[test]
    fn spelled_out_time_stamps_are_live_entries_unless_comments_follow() {
        let live = "Storm Ewan: thousands without power as winds reach 90mph\n\
             3 hours ago\nPower firm says repairs could take until Sunday\n\
             The power company says engineers are working to reconnect about 40,000 homes.\n\
             4 hours ago\nFerries cancelled for the rest of the day\n\
             All ferry sailings from the west coast ports have been cancelled, the operator says.\n";
        assert!(text(live).body.contains("All ferry sailings"));
        let thread = "The council voted on Tuesday to close the bridge for repairs.\n\
             riverfan\n3 hours ago\nThis is a disgrace and everyone on the council knows it.\nReply\n";
        assert_eq!(
            text(thread).body,
            "The council voted on Tuesday to close the bridge for repairs."
        );
    }

    #[test]
    fn sentence_headline_above_the_byline() {
        let c = text(
            "Opinion\nOur streets were built for cars. They don't have to stay that way.\n\
             By Ana Lisowska-Reyes\nJan. 22, 2025\n\
             When my city closed a single block of its main street to traffic, shop owners predicted ruin.\n",
        );
        assert_eq!(
            c.meta.title.as_deref(),
            Some("Our streets were built for cars. They don't have to stay that way.")
        );
        assert_eq!(c.meta.byline.as_deref(), Some("Ana Lisowska-Reyes"));
        assert_eq!(
            c.body,
            "When my city closed a single block of its main street to traffic, shop owners predicted ruin."
        );
    }

    #[test]
    fn lead_image_caption_before_its_credit() {
        let c = text(
            "Coastal towns brace for record tides\nBy Linnea Okonkwo-Hart\nMarch 11, 2025\n\
             Waves break over the promenade during a storm last winter.\nPhoto: Jane Doe/Getty Images\n\
             Residents of a dozen towns were told on Monday to move cars away from the seafront.\n",
        );
        assert_eq!(
            c.body,
            "Residents of a dozen towns were told on Monday to move cars away from the seafront."
        );
        // A paragraph that reports is not a caption, whatever follows it.
        let c = text(
            "Coastal towns brace for record tides\nBy Linnea Okonkwo-Hart\nMarch 11, 2025\n\
             Residents were told to move cars away from the seafront, the agency said.\nPhoto: Jane Doe/Getty Images\n\
             Much of the coast is protected by sea walls built in the 1950s.\n",
        );
        assert!(c.body.starts_with("Residents were told"));
    }

    #[test]
    fn press_release_boilerplate() {
        let c = text(
            "Fjordline Robotics opens fish-processing plant\n\
             TROMSØ, Norway, March 4, 2025 /PRNewswire/ -- Fjordline Robotics AS today opened a plant outside Tromsø.\n\
             The plant uses camera-guided machines to fillet and portion salmon.\n\
             About Fjordline Robotics\n\
             Fjordline Robotics AS develops processing equipment for the seafood industry and employs 420 people.\n\
             Media contact:\nIngrid Solbakken\npress@fjordline.example\n",
        );
        assert_eq!(c.meta.wire_credit.as_deref(), Some("PRNewswire"));
        assert_eq!(
            c.body,
            "Fjordline Robotics AS today opened a plant outside Tromsø.\n\n\
             The plant uses camera-guided machines to fillet and portion salmon."
        );
        // An author box is not company boilerplate: the bio stays metadata.
        let c = text(
            "The council voted on Tuesday to close the bridge for repairs.\n\
             Engineers found cracks in two of the supporting piers last month.\n\
             About Odile Marchetti\n\
             Odile Marchetti is a columnist for the Harbour Ledger and a former port economist.\n",
        );
        assert!(c.meta.author_bio.is_some());
    }

    #[test]
    fn empty_and_tiny_inputs() {
        assert_eq!(text("").body, "");
        assert_eq!(text("hello").body, "hello");
        assert_eq!(text("\n\n  \n").kept_lines, 0);
    }
}
