//! Feeds arbitrary bytes, read as lossy UTF-8, to both extractors: neither
//! may panic, whatever the page.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = slant::extract::extract_text(&text);
    let _ = slant::extract::extract_html(&text, None);
    let _ = slant::extract::extract_html(&text, Some("https://example.example/a/b"));
});
