//! Line rules: what one line is, judged on its own. Each rule is a small
//! predicate with its tests below; [`classify`] tries them in order. The
//! structural rules (menu runs, teaser blocks, the comment section, the
//! article's head and tail) live in `clean.rs`, which reads these verdicts.
//!
//! Every pattern is a `regex` crate pattern (linear time); patterns for
//! menu-sized lines only run on lines of at most [`SHORT_RULE_CHARS`].

use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Shape, strip_bullet};
use super::meta::{self, MetaLine};

/// Lines longer than this are never treated as page furniture by the
/// phrase rules (a paragraph of the article can mention "newsletter").
const SHORT_RULE_CHARS: usize = 400;

/// What a line is, judged on its own.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// Possibly the article: the structural rules decide.
    Text,
    /// Page furniture, dropped.
    Junk(Junk),
    /// Metadata, dropped from the body and recorded.
    Meta(MetaLine),
    /// The heading of a teaser block ("Related Articles", "Read also").
    BlockHeader,
    /// The start of the reader-comment section ("3 Comments", "Leave a Reply").
    CommentStart,
    /// The start of a press release's closing boilerplate ("Forward-Looking
    /// Statements", "Media Contact:", "###"): everything after is dropped.
    TrailerStart,
}

/// Why a line was dropped as page furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Junk {
    /// `[ad_1]`, "Advertisement", "Story continues below advertisement".
    Ad,
    /// A bare link or image file name.
    Link,
    /// A photo caption or credit.
    Caption,
    /// Share and print buttons.
    Share,
    /// A donation, subscription or newsletter appeal.
    Appeal,
    /// A cookie notice.
    Cookie,
    /// A weather or date ticker.
    Ticker,
    /// Site navigation: menus, breadcrumbs, section lists, footers.
    Nav,
    /// A one-line teaser ("Read also | Another story").
    Related,
    /// A comment widget line ("Reply", "3 hours ago").
    CommentWidget,
    /// A live-blog or player time stamp on its own ("21m ago", "18.05 GMT").
    Timestamp,
    /// A notice about the browser: "Please turn on JavaScript to use this feature".
    Browser,
}

/// Judges one line. `shape` is the line's measured shape.
pub(crate) fn classify(text: &str, shape: &Shape) -> Kind {
    if shape.chars <= SHORT_RULE_CHARS {
        if is_ad_marker(text) {
            return Kind::Junk(Junk::Ad);
        }
        if is_bare_link(text) {
            return Kind::Junk(Junk::Link);
        }
        if is_caption(text, shape) {
            return Kind::Junk(Junk::Caption);
        }
        if is_ticker(text, shape) {
            return Kind::Junk(Junk::Ticker);
        }
        if is_timestamp(text) {
            return Kind::Junk(Junk::Timestamp);
        }
    }
    if let Some(m) = meta::classify(text, shape) {
        return Kind::Meta(m);
    }
    if shape.chars > SHORT_RULE_CHARS {
        return Kind::Text;
    }
    if is_comment_start(text, shape) {
        return Kind::CommentStart;
    }
    if is_trailer_start(text, shape) {
        return Kind::TrailerStart;
    }
    if is_block_header(text, shape) {
        return Kind::BlockHeader;
    }
    if is_inline_teaser(text, shape) {
        return Kind::Junk(Junk::Related);
    }
    if is_share_widget(text) {
        return Kind::Junk(Junk::Share);
    }
    if is_appeal(text, shape) {
        return Kind::Junk(Junk::Appeal);
    }
    if is_cookie_notice(text, shape) {
        return Kind::Junk(Junk::Cookie);
    }
    if shape.words <= 40 && BROWSER_NOTICE.is_match(text) {
        return Kind::Junk(Junk::Browser);
    }
    if is_comment_widget(text, shape) {
        return Kind::Junk(Junk::CommentWidget);
    }
    if is_nav(text, shape) {
        return Kind::Junk(Junk::Nav);
    }
    Kind::Text
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants checked by the tests below.
    Regex::new(pattern).expect("extract rule pattern")
}

static AD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\[\s*ad[_ ]?\d*\s*\]|[-–—~*\s]*(?:advertisements?|publicidad|publicidade|publicité|pubblicità|anuncio|anzeige|werbung|reklama|advertentie|annons|mainos)[-–—~*\s]*|ads?|sponsored(?: content| post| links?)?|paid (?:content|post|partner content)|promoted(?: content)?|story continues (?:below|after)(?: this)?(?: advertisement| ad)?|article continues (?:below|after)(?: this)?(?: advertisement| ad)?|scroll (?:down )?to continue(?: with content| reading)?|continue reading (?:below|the main story)|skip advert(?:isement)?|\(?ad\)?|ad feedback|report (?:this )?ad)\.?$",
    )
});

/// `[ad_1]`, "Advertisement", "- Advertisement -", "Story continues below advertisement".
pub(crate) fn is_ad_marker(text: &str) -> bool {
    AD.is_match(text)
}

static BARE_LINK: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:(?:https?://|www\.)\S+|\S+\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)(?:\?\S*)?)$")
});

/// A line that is only a URL or an image file name.
pub(crate) fn is_bare_link(text: &str) -> bool {
    BARE_LINK.is_match(text)
}

static CAPTION_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(\[]?\s*(?:photo|photos|photograph|photographs|image|images|picture|pic|illustration|graphic|file photo|photo credit|image credit|image source|credit|caption|video|gallery|main image|top image|featured image|representational image|representative image)s?\s*(?::|by(?-u:\b)|credit(?-u:\b)|/|\||-\s|\.{3}\s*\S|…\s*\S|,\s+\p{Lu})",
    )
});

static CAPTION_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:getty images|shutterstock|alamy|istock|(?-u:\b)ap photo(?-u:\b)|afp via getty|(?-u:\b)afp photo(?-u:\b)|(?-u:\b)epa-efe(?-u:\b)|(?-u:\b)reuters/\p{Lu}|(?-u:\b)afp/\p{Lu}|(?-u:\b)epa/\p{Lu}|(?-u:\b)photo:|(?-u:\b)photograph:|(?-u:\b)image:|(?-u:\b)photo by(?-u:\b)|(?-u:\b)photographs? by(?-u:\b)|(?-u:\b)photo credit(?-u:\b)|(?-u:\b)file photo(?-u:\b)|(?-u:\b)image credit(?-u:\b)|(?-u:\b)credit:|\(photo[^()]{0,60}\)\s*$|\(image[^()]{0,60}\)\s*$|\(file\)\s*$|\(representational\)\s*$|/\s*(?:ap|afp|reuters|getty|epa|xinhua|anadolu|file)\s*\)?\s*$|\(\s*\p{Lu}[\p{L} ]{1,20}/\s*\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+\s*\)\s*$|^(?:photo|picture|image|file photo)s? (?:taken|shows|provided|released|courtesy)(?-u:\b)|[.!?]\s+\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,2}\s?/\s?\p{Lu}[\p{L}&. ]{1,40}$|^\d{1,3} of \d{1,3}$)",
    )
});

/// A photo caption or image credit: "Photo: ...", "(Getty Images)",
/// "... REUTERS/Name", "Image credit: ...".
pub(crate) fn is_caption(text: &str, shape: &Shape) -> bool {
    if shape.words > 70 {
        return false;
    }
    CAPTION_START.is_match(text) || CAPTION_CREDIT.is_match(text)
}

static COMMENT_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\d[\d,]*\s+(?:comments?|responses?|replies|thoughts? on(?-u:\b).*|reactions?):?|(?:reader )?comments?\s*(?:\(\d+\)|\d+|:)?|comments? (?:section|policy(?-u:\b).*)|leave a (?:reply|comment)(?: cancel reply)?|post a comment|add (?:a|your) comment|write a comment|join the (?:discussion|conversation|debate)|notify of(?: new(?: follow-up)? (?:comments|replies))?|(?:oldest |newest )?(?:newest|oldest) (?:oldest |newest )?most voted|most voted|view all(?: \d+)? comments|view \d+ comments|show(?: all)? comments|load comments|see (?:all )?comments|(?:please )?(?:log ?in|sign ?in|register) to (?:comment|post a comment|reply|join the discussion)|you must be logged in to post a comment\.?|be the first to comment.*|inline feedbacks|comments (?:are|have been) (?:closed|disabled)(?-u:\b).{0,40}|commenting (?:is )?(?:closed|disabled)|have your say|conversation|discussion|\d+ comments? so far|powered by disqus|disqus|what do you think\??)$",
    )
});

/// The first line of the reader-comment section.
pub(crate) fn is_comment_start(text: &str, shape: &Shape) -> bool {
    shape.words <= 12 && COMMENT_START.is_match(text)
}

static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:updated|posted|last updated)(?: at)?\s+)?(?:\d{1,3}(?:s|m|min|mins|h|hr|hrs|d)\s+ago|\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:gmt|bst|cet|cest|utc|et|est|edt|ct|cst|cdt|pt|pst|pdt|ist|aest|jst|[a-z]{2,4} time)?|(?:updated|posted|last updated) \d+ (?:seconds?|minutes?|mins?|hours?|hrs?) ago)$",
    )
});

/// A time stamp alone on its line: a live-blog entry's "21m ago" or
/// "18.05 GMT", "Updated at 18.09 GMT", or an audio player's "38:21".
pub(crate) fn is_timestamp(text: &str) -> bool {
    text.len() <= 40 && TIMESTAMP.is_match(text)
}

static COMMENT_WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:reply|reply ↓|report|flag|like|dislike|upvote|downvote|\d+ (?:likes?|upvotes?|votes?|replies|reply)|(?:\d+|a|an|one) (?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago|(?:mon|tue|wed|thu|fri|sat|sun)?[a-z]*,? ?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4},? (?:at )?\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\d{1,2}/\d{1,2}/\d{2,4},? (?:at )?\d{1,2}:\d{2}\s*(?:am|pm)?|\d+\s*(?:\+|-)?\s*\d*\s*(?:points?)?|reply to [^.]{1,40}|in reply to .{1,60}|edited|.{1,40} said(?:\.\.\.|…))$",
    )
});

/// Comment widget furniture: "Reply", "3 hours ago", "May 17, 2024 at 10:02 am".
pub(crate) fn is_comment_widget(text: &str, shape: &Shape) -> bool {
    shape.words <= 8 && COMMENT_WIDGET.is_match(text)
}

static TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:cautionary (?:note|statement) (?:regarding|concerning|about) )?forward[- ]looking statements?|safe harbou?r statement|(?:media|press|investor|news media)(?: relations)? (?:contacts?|enquiries|inquiries)\s*:?)$",
    )
});

/// The start of a press release's boilerplate: "Forward-Looking Statements",
/// "Media Contact:". (The "About Company" section is found in `clean.rs`, as
/// it needs the next line.)
pub(crate) fn is_trailer_start(text: &str, shape: &Shape) -> bool {
    shape.words <= 8 && TRAILER.is_match(text)
}

static BLOCK_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:read also|also read|read more|see also|also see|lire aussi|à lire aussi|lea también|leia também|lesen sie auch|leggi anche|related|related (?:articles?|stories|story|posts?|news|content|coverage|topics|reading|links|videos?)|more (?:related|stories|news|articles|headlines|to read|like this|reading)|(?:you|we think you) (?:may|might|will|would) (?:also )?(?:be interested(?: in)?|like|enjoy|have missed)|latest (?:articles?|news|stories|posts|headlines|updates|videos?)|recommended(?: for you| stories| articles| reading| videos?)?|most (?:read|popular|viewed|shared|commented|watched|recent)|popular (?:posts|stories|articles|now|today)|editor'?s'? (?:picks|choice)|don'?t miss(?: this)?|top (?:stories|news|headlines)|in case you missed it|what to read next|read next|up next|around the web|promoted stories|sponsored stories|trending(?: now| stories| articles| news)?|from (?:our|the) (?:partners|network|archives?)|other news|further reading|keep reading|explore more|more from .{1,60}|more on .{1,60}|more in .{1,60}|also on .{1,60}|other (?:stories|articles) (?:in|from|on) .{1,60}|listen to (?:the|this|our|more|the full|previous) (?:full )?(?:episodes?|podcast|audio|show)|more episodes)\s*[:»›>]?$",
    )
});

/// The heading of a teaser block: "Related Articles", "You May Be Interested",
/// "Latest Articles", "More from The Ledger", "Recommended".
pub(crate) fn is_block_header(text: &str, shape: &Shape) -> bool {
    shape.words <= 8 && !shape.sentence_end && BLOCK_HEADER.is_match(strip_bullet(text))
}

static INLINE_TEASER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(\[]?\s*(?:read also|also read|read more|see also|also see|related|related (?:article|story|news|coverage)|lire aussi|à lire aussi|lea también|lee también|leia também|lesen sie auch|leggi anche|read|watch|listen|watch now|listen now|must read|recommended|more|don'?t miss|explainer|opinion|analysis|latest|breaking|live updates?)\s*(?::|\||»|›|>|–|—|-)\s*\S",
    )
});

/// A one-line teaser: "Read also | Fuel prices climb", "READ MORE: ...".
pub(crate) fn is_inline_teaser(text: &str, shape: &Shape) -> bool {
    shape.words <= 40 && INLINE_TEASER.is_match(text)
}

/// Words a share/print widget is made of.
const SHARE_WORDS: &[&str] = &[
    "share",
    "this",
    "this:",
    "share:",
    "on",
    "via",
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "email",
    "e-mail",
    "mail",
    "print",
    "telegram",
    "linkedin",
    "reddit",
    "pinterest",
    "copy",
    "link",
    "copied",
    "copied!",
    "messenger",
    "tumblr",
    "sms",
    "tweet",
    "pocket",
    "flipboard",
    "threads",
    "bluesky",
    "mastodon",
    "vk",
    "weibo",
    "wechat",
    "gab",
    "gettr",
    "truth",
    "social",
    "more",
    "save",
    "gift",
    "article",
    "comment",
    "comments",
    "url",
    "shares",
    "share.",
    "(opens",
    "in",
    "new",
    "window)",
    "click",
    "to",
    "instagram",
    "youtube",
    "tiktok",
    "parler",
    "rumble",
    "minds",
    "koo",
    "|",
    "/",
    "·",
    "•",
    "-",
    "–",
    "share/save",
    "bookmark",
];

/// The words that make a line a share widget rather than a sentence.
const SHARE_CORE: &[&str] = &[
    "share",
    "share:",
    "facebook",
    "twitter",
    "whatsapp",
    "email",
    "e-mail",
    "print",
    "telegram",
    "linkedin",
    "reddit",
    "pinterest",
    "tweet",
    "copy",
    "flipboard",
    "messenger",
    "bookmark",
    "share/save",
];

static SHARE_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:like this:?|like loading\.*|loading\.*|click to (?:share|print|email|tweet)(?-u:\b).*|share (?:on|via|to|with|this (?:article|story|post))(?-u:\b).{0,60}|share (?:the )?full (?:article|story)|gift (?:this |the )?(?:article|story)|\d+\s*shares?|print (?:this )?(?:article|story|page)|email (?:this )?(?:article|story)|send (?:this )?(?:article|story)(?: to a friend)?|follow (?:us|@?\S+(?: \S+){0,3}) on (?:twitter|x|telegram|facebook|instagram|youtube|tiktok|whatsapp|threads|bluesky|mastodon|vk|google news|social media|gab|truth social)(?-u:\b).{0,60}|(?:join|subscribe to) (?:our|us on) (?:telegram|whatsapp|youtube|google news)(?-u:\b).{0,60}|(?:find|follow|like) us on(?-u:\b).{0,60})$",
    )
});

/// Share and print buttons: "Share this:", "Facebook Twitter WhatsApp Email Print".
pub(crate) fn is_share_widget(text: &str) -> bool {
    if SHARE_PHRASE.is_match(text) {
        return true;
    }
    let mut tokens = 0;
    let mut core = 0;
    for raw in text.split(|c: char| c.is_whitespace() || c == ',') {
        if raw.is_empty() {
            continue;
        }
        tokens += 1;
        if tokens > 16 {
            return false;
        }
        let token = raw.to_lowercase();
        if !SHARE_WORDS.contains(&token.as_str()) {
            return false;
        }
        if SHARE_CORE.contains(&token.trim_end_matches(':')) {
            core += 1;
        }
    }
    core >= 1
}

static APPEAL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:donate(?: now| today| here| monthly| once)?|support(?: us| our work| our journalism| our mission| independent journalism| independent media| independent news| local journalism| quality journalism| this site| the \S+(?: \S+){0,3})?|subscribe(?: now| today| here| for free)?|sign ?up(?: now| today| here| for free)?|become a (?:member|patron|subscriber|supporter|donor)|join (?:us|now|today)|give (?:now|today|monthly|once)|contribute(?: now| today)?|one[- ]time|monthly|annually|yearly|per month|other(?: amount)?|custom amount|choose an amount|select (?:an )?amount|(?:\$|€|£|₹|usd\s?)\s?\d[\d,.]*(?:\s*(?:/|per|a)\s*(?:month|mo|year|yr|week))?(?:\s*(?:usd|eur|gbp))?|\d[\d,.]*\s?(?:\$|€|£|usd|eur|gbp)|(?:enter your )?e-?mail(?: address)?:?|your e-?mail(?: address)?|first name|last name|submit|no thanks|maybe later|not now|close|dismiss|already (?:a )?(?:subscriber|member|subscribed)\??(?: (?:log|sign) in\.?)?|dear (?:reader|readers|friend|friends|supporter|subscriber)s?,?)$",
    )
});

static APPEAL_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:subscribe to (?:our|the) [a-z0-9 '’&-]{0,40}newsletter|sign up (?:for|to) (?:our|the|free)(?-u:\b)|newsletter sign[- ]?up|get (?:our|the) [a-z0-9 '’&-]{0,40}newsletters?|delivered (?:straight )?to your inbox|(?-u:\b)(?:delivered|sent|send (?:it|them)|straight|directly|right|arrives?|lands?)(?: \S+){0,2} (?:to|in|into) your inbox(?-u:\b)|(?-u:\b)check your (?:inbox|e-?mail)(?-u:\b)|(?-u:\b)confirmation e-?mail(?-u:\b)|(?-u:\b)we(?:'d|’d| would) (?:like|love) to hear (?:what you think|from you|your)(?-u:\b)|^(?:submit|send|write) (?:us )?a letter(?: to the editor)?(?-u:\b)|enter your e-?mail|already (?:a )?(?:subscriber|member)|(?:please )?consider (?:donating|making a (?:small )?(?:donation|contribution)|supporting (?:us|our)|a (?:small )?(?:donation|contribution)|subscribing)|readers like you|(?:your|a) (?:tax[- ]deductible |small |monthly |one-time )?(?:donation|contribution|gift) (?:of|to|helps|keeps|will|today|now|makes)|donate (?:to|today|now)(?-u:\b)|make a (?:one[- ]time |monthly |recurring )?(?:donation|contribution)|support (?:our|independent|quality|local|reader[- ]funded|nonprofit|non-profit|fearless) (?:work|journalism|reporting|news|media|mission)|reader[- ](?:funded|supported)|(?:we|our newsroom) (?:rely|relies|depend|depends|count) on (?:readers|your|you|donations|the support)|help us (?:keep|continue|stay|fund|grow|reach|remain)|keep (?:our|this) (?:site|journalism|reporting|work|content|newsroom) (?:free|independent|going|alive)|chip in(?-u:\b)|unlock (?:this|unlimited|full)|to continue reading|subscribe (?:for|to read|to continue|and save)|subscribers? only|free trial|cancel any ?time|become a (?:member|patron|subscriber|supporter)|as little as (?:\$|€|£)|just (?:\$|€|£)\d|(?:\$|€|£)\d+\s*(?:/|a|per)\s*month|(?-u:\b)we need your (?:help|support)(?-u:\b)|(?-u:\b)(?:can|will|would) you (?:help|chip in|support|give|donate)(?-u:\b)|^before you go(?-u:\b)|(?-u:\b)if you (?:value|like|enjoy|appreciate|believe in) (?:our|this|what we|independent)(?-u:\b)|^republish (?:this|our)(?-u:\b)|^catch all the(?-u:\b)|^(?:get|read) (?:all )?the latest [a-z0-9 '’&-]{0,30}(?:news|updates)(?-u:\b).{0,40}(?-u:\b)on(?-u:\b)|(?-u:\b)download (?:the|our) [a-z0-9 '’&-]{0,40}(?-u:\b)app(?-u:\b)|(?-u:\b)subscribe to [a-z0-9 '’&-]{0,40}newsletters?(?-u:\b)|(?-u:\b)thank you for (?:subscribing|signing up|your support)(?-u:\b)|(?-u:\b)thanks for (?:subscribing|signing up|reading)(?-u:\b)|(?-u:\b)(?:your )?sign-?up to provide(?-u:\b)|(?-u:\b)by (?:signing up|subscribing),? you agree(?-u:\b)|(?-u:\b)(?:invalid|enter a valid) e-?mail(?-u:\b)|(?-u:\b)brought to you by (?:our|readers|supporters|patrons|members)(?-u:\b)|(?-u:\b)(?:become|join) (?:a |our )?(?:patrons?|supporters?|members?)(?-u:\b)|(?-u:\b)buy (?:us|me) a coffee(?-u:\b)|^tip jar$)",
    )
});

/// A donation, subscription or newsletter appeal, in a banner line.
pub(crate) fn is_appeal(text: &str, shape: &Shape) -> bool {
    if shape.words <= 8 && APPEAL_LINE.is_match(strip_bullet(text)) {
        return true;
    }
    // A row of amount buttons: "$10 $25 $50 Other".
    if (2..=12).contains(&shape.words)
        && text.split_whitespace().all(|w| {
            w.starts_with(['$', '€', '£', '₹'])
                || matches!(
                    w.to_lowercase().as_str(),
                    "other"
                        | "amount"
                        | "custom"
                        | "monthly"
                        | "once"
                        | "one-time"
                        | "annually"
                        | "|"
                        | "/"
                )
        })
    {
        return true;
    }
    shape.words <= 80 && APPEAL_PHRASE.is_match(text)
}

static COOKIE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?-u:\b)cookies?(?-u:\b).{0,120}(?-u:\b)(?:consent|accept|agree|preferences|settings|policy|experience|personali[sz]e|continuing|use of)|(?-u:\b)(?:we|this (?:site|website)|our (?:site|website|partners)) uses? cookies|by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website)|manage (?:your )?(?:privacy|consent|cookie)|privacy (?:settings|preferences|choices)|do not sell (?:or share )?my personal information)",
    )
});

static COOKIE_BUTTON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:accept(?: all)?(?: cookies)?|reject(?: all)?(?: cookies)?|allow(?: all)?(?: cookies)?|necessary (?:cookies )?only|manage (?:preferences|cookies|settings|options)|cookie (?:settings|preferences|policy)|i (?:agree|accept)|got it!?|ok(?:ay)?!?|agree(?: and close)?|customi[sz]e(?: settings)?)$",
    )
});

/// A cookie notice or one of its buttons.
pub(crate) fn is_cookie_notice(text: &str, shape: &Shape) -> bool {
    (shape.words <= 6 && COOKIE_BUTTON.is_match(text))
        || (shape.words <= 90 && COOKIE.is_match(text))
}

static BROWSER_NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?:enable|turn on|activate|allow) javascript|javascript (?:is|must be) (?:disabled|required|turned off|enabled)|(?:your|this) browser (?:does not|doesn'?t|can ?not) support|(?:upgrade|update) (?:to a (?:newer|modern) browser|your browser))",
    )
});

static TEMPERATURE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)-?\d{1,3}(?:[.,]\d)?\s?°\s?[CF]?(?-u:\b)|(?-u:\b)-?\d{1,3}\s?deg(?:rees)? [CF](?-u:\b)",
    )
});

static MARKET_TICKER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:[A-Z&$]{2,12}|dow|nasdaq|s&p 500|ftse 100|nifty|sensex|brent|gold|bitcoin|btc|eur/usd|usd/[a-z]{3})\s+[\d,.]+\s*[▲▼+\-−]\s*[\d,.]+%?\s*$",
    )
});

/// A weather or date ticker ("Monday, May 17, 2024 | 24°C") or a market ticker.
pub(crate) fn is_ticker(text: &str, shape: &Shape) -> bool {
    if shape.words > 20 {
        return false;
    }
    (!shape.is_prose() && TEMPERATURE.is_match(text)) || MARKET_TICKER.is_match(text)
}

static MENU_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:home(?:page)?|menu|main menu|open menu|close menu|search|search for:?|search\s*(?:…|\.\.\.)|search this site|close search|go|log ?in|sign ?in|log ?out|sign ?out|register|my account|account|profile|skip to (?:main )?content|skip to navigation|skip to (?:the )?article|toggle navigation|navigation|close|open|back|back to top|top|to top|scroll to top|next|previous|prev|next (?:article|post|story|page)|previous (?:article|post|story|page)|older posts|newer posts|read more|read full (?:article|story)|continue reading|load more|show more|see more|view more|see all|view all|more|breaking(?: news)?|live|live tv|watch live|latest|sections|topics|tags:?|categories:?|archives?|about(?: us)?|contact(?: us)?|careers|jobs|advertise(?: with us)?|privacy(?: policy)?|terms(?: of (?:use|service))?|terms (?:&|and) conditions|cookie policy|accessibility|sitemap|site map|rss(?: feed)?|newsletters?|podcasts?|videos?|photos|e-?paper|today'?s paper|print edition|listen to (?:this )?(?:article|story)(?:\s*[·•|:-]?\s*\d{1,3}(?::\d{2})?\s*(?:min(?:ute)?s?)?)?|listen|learn more|\d(?:\.\d{1,2})?x|\d+ min(?:ute)?s? read|reading time:?.{0,20}|font size:?|text size|a\+|a-|aa|save(?: article| for later)?|bookmark|gift (?:this )?article|translate|english|language|edition:?.{0,30}|region:?.{0,30}|jump to:?|table of contents|contents|in this article:?|play|pause|mute|unmute|volume|watch|listen now|audio|video player|loading video|advertise|corrections|ethics|masthead|staff|team|faq|help|support|feedback|donate|shop|store|events|games|puzzles|crossword|horoscope|weather|traffic|obituaries|classifieds|all rights reserved\.?|powered by .{1,30}|designed by .{1,30}|theme by .{1,30}|(?:filed under|posted in|tagged(?: with)?|tags|topics|categories|category|section|keywords|labels)\s*:.{0,200})$",
    )
});

static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:registered (?:in|office|address|company|charity|number|no\.?)|company (?:no|number|registration)|certificate of registration|all rights reserved)(?-u:\b)|^our (?:standards|editorial (?:standards|principles)|ethics policy)\s*:",
    )
});

/// Common section names; a line made only of these is a menu.
pub(crate) const SECTION_WORDS: &[&str] = &[
    "home",
    "news",
    "world",
    "politics",
    "business",
    "economy",
    "sport",
    "sports",
    "opinion",
    "opinions",
    "culture",
    "tech",
    "technology",
    "science",
    "health",
    "lifestyle",
    "entertainment",
    "video",
    "videos",
    "podcasts",
    "podcast",
    "travel",
    "local",
    "national",
    "international",
    "middle",
    "east",
    "africa",
    "asia",
    "europe",
    "americas",
    "us",
    "u.s.",
    "uk",
    "markets",
    "money",
    "weather",
    "arts",
    "books",
    "food",
    "style",
    "education",
    "environment",
    "climate",
    "latest",
    "live",
    "more",
    "menu",
    "search",
    "subscribe",
    "login",
    "register",
    "editorials",
    "editorial",
    "columns",
    "columnists",
    "analysis",
    "features",
    "photos",
    "gallery",
    "jobs",
    "obituaries",
    "crime",
    "law",
    "defense",
    "defence",
    "security",
    "military",
    "religion",
    "society",
    "media",
    "about",
    "contact",
    "regions",
    "region",
    "&",
    "and",
    "investigations",
    "magazine",
    "multimedia",
    "elections",
    "election",
    "finance",
    "property",
    "motoring",
    "cars",
    "fashion",
    "beauty",
    "travel",
    "nation",
    "state",
    "city",
    "metro",
    "global",
    "diplomacy",
    "blogs",
    "blog",
    "letters",
    "commentary",
    "op-ed",
    "op-eds",
    "interviews",
    "reviews",
    "explainers",
    "fact",
    "check",
    "sci-tech",
    "china",
    "russia",
    "india",
    "israel",
    "iran",
    "ukraine",
    "gaza",
    "lebanon",
    "syria",
    "pakistan",
    "palestine",
    "asia-pacific",
    "latin",
    "america",
    "north",
    "south",
    "west",
    "pacific",
    "world-news",
    "top",
    "stories",
];

static BREADCRUMB_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s+(?:\||•|·|»|›|>|/|::|–|—)\s+|\s*(?:\||•|·|»|›)\s*"));

/// Site navigation on one line: a menu word ("Home", "Skip to content"), a
/// bar of short items ("Home | World | Politics", "Home > World > Europe"),
/// a bulleted menu item, a row of section names, or a footer notice.
pub(crate) fn is_nav(text: &str, shape: &Shape) -> bool {
    if shape.words <= 30 && FOOTER.is_match(text) {
        return true;
    }
    if shape.sentence_end && shape.words > 4 {
        return false;
    }
    let bare = strip_bullet(text);
    if MENU_WORD.is_match(bare) {
        return true;
    }
    if shape.bulleted && shape.words <= 6 && !shape.sentence_end {
        return true;
    }
    // A bar of items: three or more short segments.
    let mut segments = 0;
    let mut all_short = true;
    for seg in BREADCRUMB_SPLIT.split(text) {
        let seg = seg.trim();
        if seg.is_empty() {
            continue;
        }
        segments += 1;
        if seg.split_whitespace().count() > 4 {
            all_short = false;
            break;
        }
    }
    if segments >= 3 && all_short {
        return true;
    }
    // A row of section names: "World Politics Business Sport".
    if (2..=14).contains(&shape.words) {
        let section_words = text
            .split_whitespace()
            .filter(|w| {
                SECTION_WORDS.contains(
                    &w.to_lowercase()
                        .trim_matches(|c: char| c == ',' || c == '|'),
                )
            })
            .count();
        if section_words == shape.words {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        classify(text, &Shape::of(text))
    }

    fn junk(text: &str) -> Option<Junk> {
        match kind(text) {
            Kind::Junk(j) => Some(j),
            _ => None,
        }
    }

    #[test]
    fn ad_markers() {
        for line in [
            "[ad_1]",
            "[ad_2]",
            "Advertisement",
            "- Advertisement -",
            "ADVERTISEMENT",
            "Story continues below advertisement",
            "Scroll to continue with content",
        ] {
            assert_eq!(junk(line), Some(Junk::Ad), "{line}");
        }
        assert_eq!(
            kind("Advertisements for the new bridge appeared across the city on Monday."),
            Kind::Text
        );
    }

    #[test]
    fn links_and_captions() {
        assert_eq!(
            junk("https://cdn.ledger.example/img/2024/05/crane.jpg"),
            Some(Junk::Link)
        );
        assert_eq!(junk("crane-operators-1200x800.png"), Some(Junk::Link));
        assert_eq!(junk("Photo: Harbour Ledger staff"), Some(Junk::Caption));
        assert_eq!(
            junk("Protesters gather outside the ministry on Friday. (Getty Images)"),
            Some(Junk::Caption)
        );
        assert_eq!(
            junk("A woman walks past a closed shop in the old city. REUTERS/Tomas Ferreira"),
            Some(Junk::Caption)
        );
        assert_eq!(junk("Image credit: Wikimedia Commons"), Some(Junk::Caption));
        assert_eq!(
            kind("The photographer said the image had been taken in March."),
            Kind::Text
        );
    }

    #[test]
    fn comment_section_starts() {
        for line in [
            "3 Comments",
            "Leave a Reply",
            "Leave a Reply Cancel reply",
            "Notify of",
            "Newest Most Voted",
            "Oldest Newest Most Voted",
            "View all comments",
            "Login to comment",
            "Comments (12)",
            "12 thoughts on “Why the port strike matters”",
            "Join the discussion",
            "4 comments:",
        ] {
            assert_eq!(kind(line), Kind::CommentStart, "{line}");
        }
        assert_eq!(
            kind("Comments from the minister drew criticism on Friday."),
            Kind::Text
        );
    }

    #[test]
    fn comment_widgets() {
        for line in [
            "Reply",
            "3 hours ago",
            "a year ago",
            "12 likes",
            "Marisol T. said...",
        ] {
            assert_eq!(junk(line), Some(Junk::CommentWidget), "{line}");
        }
    }

    #[test]
    fn teaser_blocks_and_lines() {
        for line in [
            "Read also",
            "Related Articles",
            "You May Be Interested",
            "You might also like",
            "Latest Articles",
            "More from The Harbour Ledger",
            "Recommended",
            "Most Read",
            "Related",
        ] {
            assert_eq!(kind(line), Kind::BlockHeader, "{line}");
        }
        assert_eq!(
            junk("Read also | Fuel prices climb for fourth month"),
            Some(Junk::Related)
        );
        assert_eq!(
            junk("READ MORE: Council approves bus lanes"),
            Some(Junk::Related)
        );
        assert_eq!(
            kind("More than 40 people were hurt, officials said."),
            Kind::Text
        );
    }

    #[test]
    fn share_widgets() {
        for line in [
            "Share this:",
            "Facebook Twitter WhatsApp Email Print",
            "Share",
            "Print",
            "Copy link",
            "Click to share on Twitter (Opens in new window)",
            "Like this:",
            "Follow us on Telegram",
        ] {
            assert_eq!(junk(line), Some(Junk::Share), "{line}");
        }
        assert_eq!(
            kind("Share prices fell sharply on Tuesday after the report."),
            Kind::Text
        );
        assert_eq!(kind("Twitter"), Kind::Junk(Junk::Share));
    }

    #[test]
    fn appeals() {
        for line in [
            "Support The Frontline Post",
            "Donate",
            "$5",
            "$10 / month",
            "Other amount",
            "Subscribe to our newsletter",
            "Enter your email",
            "Independent journalism needs readers like you. Please chip in today.",
            "If you value our reporting, please consider making a donation.",
        ] {
            assert_eq!(junk(line), Some(Junk::Appeal), "{line}");
        }
        assert_eq!(
            kind("Support for the measure has grown steadily since the spring, polls show."),
            Kind::Text
        );
        assert_eq!(
            kind("The charity said donations had fallen by a third since last year."),
            Kind::Text
        );
    }

    #[test]
    fn cookies_and_tickers() {
        assert_eq!(
            junk(
                "We use cookies to improve your experience. By continuing to use this site you agree."
            ),
            Some(Junk::Cookie)
        );
        assert_eq!(junk("Accept all"), Some(Junk::Cookie));
        assert_eq!(junk("Monday, May 17, 2024 | 24°C"), Some(Junk::Ticker));
        assert_eq!(junk("Tel Aviv 24°C"), Some(Junk::Ticker));
        assert_eq!(
            kind("Temperatures reached 45°C in the shade on Tuesday, the weather service said."),
            Kind::Text
        );
    }

    #[test]
    fn ad_markers_in_other_languages() {
        for line in [
            "Publicidad",
            "PUBLICITÉ",
            "Anzeige",
            "- Werbung -",
            "Pubblicità",
        ] {
            assert_eq!(junk(line), Some(Junk::Ad), "{line}");
        }
        assert_eq!(
            kind("Publicidad engañosa fue el tema del debate del martes por la noche."),
            Kind::Text
        );
    }

    #[test]
    fn time_stamps_and_players() {
        for line in [
            "21m ago",
            "3h ago",
            "18.05 GMT",
            "14:32",
            "Updated at 18.09 GMT",
            "38:21",
        ] {
            assert_eq!(junk(line), Some(Junk::Timestamp), "{line}");
        }
        // Spelled out, it stays a comment widget (it can open a comment thread).
        assert_eq!(junk("3 hours ago"), Some(Junk::CommentWidget));
        for line in [
            "Listen to this article · 4 min",
            "Listen to this article · 6:02 min",
            "1x",
            "Learn more",
        ] {
            assert_eq!(junk(line), Some(Junk::Nav), "{line}");
        }
        assert_eq!(
            kind("At 18.05 GMT the river was still rising, the agency said."),
            Kind::Text
        );
    }

    #[test]
    fn newer_captions_shares_and_appeals() {
        assert_eq!(
            junk("Credit...Tomas Brandt for The Civic Ledger"),
            Some(Junk::Caption)
        );
        assert_eq!(junk("Image source, Reuters"), Some(Junk::Caption));
        assert_eq!(junk("Share full article"), Some(Junk::Share));
        assert_eq!(junk("Gift this article"), Some(Junk::Share));
        for line in [
            "Our editors pick the day's top stories and send them to your inbox before 7 a.m.",
            "Check your inbox for a confirmation email.",
            "We'd like to hear what you think about this or any of our articles.",
            "Submit a letter to the editor",
        ] {
            assert_eq!(junk(line), Some(Junk::Appeal), "{line}");
        }
        assert_eq!(
            junk("Please turn on JavaScript to use this feature"),
            Some(Junk::Browser)
        );
        assert_eq!(
            kind(
                "Scam messages that land in your spam folder are getting harder to spot, the regulator said."
            ),
            Kind::Text
        );
        assert_eq!(
            kind("The credit union said it would cut fees for members from next month."),
            Kind::Text
        );
    }

    #[test]
    fn podcast_blocks_and_press_release_trailers() {
        for line in ["Listen to the episode", "Listen to more episodes"] {
            assert_eq!(kind(line), Kind::BlockHeader, "{line}");
        }
        for line in [
            "Forward-Looking Statements",
            "Cautionary Note Regarding Forward-Looking Statements",
            "Media contact:",
            "Investor Relations Contact",
        ] {
            assert_eq!(kind(line), Kind::TrailerStart, "{line}");
        }
        assert_eq!(
            kind("Media contacts said the minister would not attend the summit."),
            Kind::Text
        );
    }

    #[test]
    fn navigation() {
        for line in [
            "Home | World | Politics | Business",
            "Home > World > Middle East",
            "Skip to content",
            "• Politics",
            "World Politics Business Sport Opinion",
            "Tags: port, strike, unions",
            "Our Standards: The Ledger Wire Trust Principles.",
            "Home",
            "Menu",
        ] {
            assert_eq!(junk(line), Some(Junk::Nav), "{line}");
        }
        assert_eq!(kind("Port strike enters third week"), Kind::Text);
        assert_eq!(kind("Shipping lines divert"), Kind::Text);
    }
}
