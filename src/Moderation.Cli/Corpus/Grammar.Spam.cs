namespace Moderation.Cli.Corpus;

/// <summary>Spam in its forms: self-promotion, products, SEO links, money schemes, adult, phishing, fake reviews.</summary>
internal static partial class Grammar
{
    private static readonly Dictionary<string, string[]> SpamRules = new()
    {
        ["spam_channel"] =
        [
            "{channel_pitch} {channel_cta}", "{channel_hook} {channel_pitch} {channel_cta}", "{channel_cta} {spam_url?}", "{channel_pitch} {spam_url}",
            "{video_react} {channel_pitch} {channel_cta}", "{channel_hook} {channel_cta} {channel_plea?}", "{channel_pitch} {channel_plea}",
        ],
        ["channel_hook"] =
        [
            "Hey guys!", "Hi everyone,", "Sorry for the spam but", "Please read this!", "Hello people,", "Don't scroll past!", "Hey!",
            "I know nobody will read this but", "To whoever reads this,", "Guys please", "Quick favour:",
        ],
        ["channel_pitch"] =
        [
            "I just started a {platform} channel about {content}.", "I make {content} videos every week.", "check out my new {content} video.",
            "I'm a small {content} creator trying to grow.", "my {platform} is all about {content}.", "I upload {content} every {weekday}.",
            "new {content} cover on my channel, tell me what you think.", "my friend makes amazing {content} videos on {platform}.",
            "I'm {age} and I make {content} on {platform}.", "I'm trying to reach {followers} subscribers by the end of the month.",
        ],
        ["channel_cta"] =
        [
            "Please subscribe!", "Subscribe to my channel!", "Sub to me and I'll sub back!", "Check out my channel!", "Please check my channel out.",
            "Hit that subscribe button!", "Follow me on {platform} {at_handle}!", "Go watch my latest video!", "Like this comment so people see it!",
            "Visit my channel, link in my profile.", "Sub4sub anyone?", "Click my name for more videos!", "Thumbs up so everyone sees this!",
            "Follow {at_handle} for daily {content}!", "Search {at_handle} on {platform}!",
        ],
        ["channel_plea"] =
        [
            "It would mean the world to me.", "Thank you so much!!", "I won't let you down.", "God bless.", "Every sub counts!", "Please give me a chance.",
            "Just {followers} more to go!", "It's free and it would really help.",
        ],
        ["platform"] = ["YouTube", "Twitch", "TikTok", "Instagram", "SoundCloud", "Spotify", "Kick", "Patreon"],
        ["content"] = ["gaming", "rap", "makeup", "fitness", "Minecraft", "cooking", "prank", "music", "vlog", "beatbox", "guitar", "dance", "comedy", "piano cover", "reaction"],
        ["at_handle"] = ["@thereal_kaydee", "@beatsbymarco", "@xxgamerzonexx", "@fitwithjules", "@lilvibez_official", "@djtornado", "@chefnoodle99", "@the_prank_lab"],
        ["followers"] = ["1000", "500", "10k", "100", "2,000", "50"],
        ["weekday"] = ["Monday", "Friday", "weekend", "day", "Sunday"],
        ["age"] = ["14", "15", "16", "17", "19", "12"],

        ["spam_product"] =
        [
            "{deal_open} {product} {deal_body} {spam_url}", "{deal_body_cap} {product} at {spam_url}", "{product} {deal_body} Order now: {spam_url}",
            "{deal_open} {product} from {price}! {shop_cta} {spam_url}", "{deal_open} {product}. {shop_cta} {spam_url_obf}",
            "Buy {product} online {no_rx} {spam_url}", "{deal_open} {product} {deal_body} Call {phone} today.",
        ],
        ["deal_open"] = ["Cheap", "Best price", "Huge discount on", "Limited offer:", "Original", "Wholesale", "Top quality", "Authentic", "Get 70% off", "Flash sale:", "Discount"],
        ["product"] =
        [
            "Ray-Ban sunglasses", "replica watches", "Nike trainers", "UGG boots", "iPhone 16 cases", "designer handbags", "viagra", "cialis", "weight loss pills",
            "CBD gummies", "keto diet pills", "vape pens", "Michael Kors bags", "Louis Vuitton wallets", "hair growth serum", "teeth whitening kits",
            "anti-ageing cream", "male enhancement pills", "jerseys", "phone chargers", "smart watches", "essays", "Instagram followers", "YouTube views",
        ],
        ["deal_body"] =
        [
            "with free shipping worldwide!", "at 80% off today only.", "in stock now, fast delivery.", "best quality lowest price.", "100% genuine guaranteed.",
            "free gift with every order!", "no prescription needed.", "ships in 24 hours.", "buy 2 get 1 free!", "hurry, only a few left!",
        ],
        ["deal_body_cap"] = ["Free shipping worldwide on", "Lowest prices for", "Massive sale on", "Next-day delivery for", "Genuine"],
        ["price"] = ["$9.99", "$19", "£4.99", "€12", "$1", "only $29.95", "$49"],
        ["shop_cta"] = ["Visit our shop:", "Order here:", "Shop now at", "Click here:", "Buy now:", "Visit", "See more at", "Check out"],
        ["no_rx"] = ["without prescription", "no prescription", "discreet packaging", "overnight delivery", "best price"],

        ["spam_seo"] =
        [
            "{seo_praise} {seo_link}", "{seo_praise} {seo_link} {seo_sign?}", "{seo_link}", "{seo_praise} I also wrote about {seo_topic} here: {spam_url}",
            "{seo_praise} {seo_keyword_line}", "{seo_keyword_line}", "{seo_praise} {seo_sign}",
        ],
        ["seo_praise"] =
        [
            "Nice post!", "Great article, very informative.", "Thanks for sharing this useful information.", "Wow, this is really helpful content.",
            "I really enjoyed reading your blog.", "Very good post, keep it up.", "Amazing write-up, bookmarked.", "Such a nice blog.",
            "Hi admin, great work.", "This is exactly what I was looking for.", "I appreciate the valuable information you shared.",
            "Your blog is so informative, I visit daily.", "Excellent post, I learned many things.", "Thank you for this wonderful article.",
        ],
        ["seo_link"] =
        [
            "Visit my website {spam_url} for more about {seo_topic}.", "For the best {seo_topic} visit {spam_url}", "Check my site: {spam_url}",
            "Read more about {seo_topic} at {spam_url}", "We offer {seo_topic} services at {spam_url}", "Also see {spam_url}",
            "{seo_topic} - {spam_url}", "My blog on {seo_topic}: {spam_url}", "Please visit {spam_url_obf} for {seo_topic}.",
        ],
        ["seo_keyword_line"] =
        [
            "best {seo_topic} in {place}, cheap {seo_topic}, {seo_topic} near me {spam_url}",
            "{seo_topic} | {seo_topic} services | affordable {seo_topic} {spam_url}",
            "Looking for {seo_topic}? Contact us at {spam_url}",
        ],
        ["seo_topic"] =
        [
            "SEO services", "web design", "digital marketing", "car insurance", "payday loans", "essay writing", "plumbing", "roof repair", "dental implants",
            "movers and packers", "escort service", "online casino", "sports betting tips", "home loans", "cheap flights", "IPTV subscriptions",
            "locksmith", "carpet cleaning", "backlinks", "link building", "assignment help", "pest control", "CBD oil",
        ],
        ["seo_sign"] = ["Regards, {spam_name}", "Thanks, {spam_name} from {spam_brand}", "- {spam_brand} team", "Cheers {spam_name}"],
        ["spam_name"] = ["Jenny", "Mark Anderson", "Rahul", "Sophia", "Alex Smith", "Emma", "Kevin", "Linda Rose", "Peter"],
        ["spam_brand"] = ["SEO Experts Pro", "WebRankers", "BestMovers", "EssayKing", "CasinoStar", "LoanHub", "DigitalBoost"],

        ["spam_money"] =
        [
            "{money_story} {money_contact}", "{money_hook} {money_story} {money_contact}", "{money_offer} {money_contact}", "{money_hook} {money_offer} {spam_url}",
            "{money_story} {money_praise} {money_contact}", "{money_offer} {money_urgency?} {spam_url}", "{recovery} {money_contact}",
        ],
        ["money_hook"] = ["Guys listen!", "I never believed it until it happened to me.", "Stop wasting your time.", "Honestly life changing.", "This is not a joke.", "Read this carefully!!"],
        ["money_story"] =
        [
            "I made {amount} in {span} trading {coin} with {mentor}.", "I started with {small_money} and now I earn {amount} every week.",
            "I was broke until {mentor} showed me how to invest in {coin}.", "My first withdrawal of {amount} came through today thanks to {mentor}.",
            "I quit my job after earning {amount} from home in {span}.", "I got my loan approved in 24 hours with no credit check.",
            "{mentor} helped me turn {small_money} into {amount} in {span}.", "My wife and I paid off our mortgage with {coin} signals from {mentor}.",
        ],
        ["money_offer"] =
        [
            "Work from home and earn {amount} per week!", "Earn {amount} a day doing simple online tasks.", "Get paid {amount} to review products.",
            "Invest {small_money} in {coin} and get {amount} in {span}, guaranteed.", "Free {coin} giveaway, send {small_money} and receive double back.",
            "Instant loans up to {amount}, bad credit ok.", "Make money online, no experience needed.", "Join our trading group, {percent_big} profit guaranteed.",
            "Claim your free {amount} bonus at our casino.", "Become a mystery shopper and earn {amount}.",
        ],
        ["money_contact"] =
        [
            "Contact {mentor_short} on WhatsApp {phone}.", "Message {mentor_short} on Telegram {telegram}.", "Email {spam_email} for details.",
            "WhatsApp: {phone}", "Telegram {telegram}", "Reach {mentor_short} at {spam_email}", "Text {phone} now.", "Sign up at {spam_url}",
            "Click here {spam_url}", "DM me for details.", "Details in my profile.",
        ],
        ["money_praise"] = ["{mentor_short} is real and legit.", "God bless {mentor_short}!", "Best decision of my life.", "No scam, 100% legit.", "Thank you {mentor_short}!"],
        ["money_urgency"] = ["Limited spots!", "Offer ends tonight!", "Only 10 places left!", "Act now!", "Don't miss out!"],
        ["recovery"] =
        [
            "Lost money to a fake investment? {mentor_short} recovered all my {coin}.", "If you've been scammed, a recovery expert can get your funds back.",
            "Hacked account? {mentor_short} restored mine within hours.",
        ],
        ["mentor"] = ["Mrs Elizabeth Carter", "Mr James Howard", "Expert Lisa Morgan", "Dr Sandra Wells", "Coach Daniel", "Mrs Maria Santos", "Mr Roberto Lane"],
        ["mentor_short"] = ["her", "him", "Mrs Carter", "Mr Howard", "Lisa", "Sandra", "Daniel", "Maria"],
        ["coin"] = ["bitcoin", "BTC", "crypto", "forex", "ethereum", "binary options", "USDT", "dogecoin", "NFTs"],
        ["amount"] = ["$5,000", "$12,400", "$850", "£3,000", "$25,000", "$400", "€2,500", "$98,000", "$1,500", "$7k", "$300"],
        ["small_money"] = ["$200", "$500", "£250", "$1000", "$100", "0.1 BTC"],
        ["span"] = ["two weeks", "7 days", "a month", "one week", "48 hours", "3 days"],
        ["percent_big"] = ["300%", "50% weekly", "10x", "200%"],
        ["phone"] = ["+1 (872) 555-0143", "+44 7700 900461", "+234 812 345 6789", "+1 305 555 0199", "+447700900123", "+1-646-555-0178", "+91 98765 43210"],
        ["telegram"] = ["@TradeWithLisa", "@CryptoHowardFx", "@mariasantos_inv", "@fxsignals_pro", "@btc_recovery_help"],
        ["spam_email"] = ["lisamorgan.trade@gmail.com", "recoveryexpert247@outlook.com", "drsandra.spells@yahoo.com", "invest.howard@protonmail.com", "easycash.jobs@mail.com", "claims@prize-centre.net"],

        ["spam_adult"] =
        [
            "{adult_open} {adult_url}", "{adult_open} {adult_tail} {adult_url}", "{adult_tail} {adult_url}", "{adult_open} {adult_cta}",
        ],
        ["adult_open"] =
        [
            "Hot singles in your area want to meet you.", "Lonely tonight? Chat with girls near you.", "See my private photos.", "18+ only!",
            "Want to see me without clothes?", "Real women looking for hookups tonight.", "Free live cams, no signup.", "I'm Anna, 22, looking for fun.",
            "Bored? Meet sexy local girls.", "My naughty videos are on my page.", "Adult dating site with real members.",
        ],
        ["adult_tail"] = ["No credit card needed.", "Totally free.", "Click before it gets deleted!", "Don't tell your wife 😉", "100% discreet.", "Verified profiles only."],
        ["adult_cta"] = ["Check my profile ;)", "Message me ;)", "Link in bio 😘", "Add me on snap {snap}", "Click my name!"],
        ["adult_url"] = ["{spam_url}", "http://hot-dates-{number2}.xyz", "www.meetlocalgirls.club", "https://bit.ly/{short}", "sexycams-live.top", "{spam_url_obf}"],
        ["snap"] = ["anna_x22", "lily.kiss", "hotjess99"],

        ["spam_phishing"] =
        [
            "{phish_alert} {phish_action} {phish_url}", "{phish_alert} {phish_action} {phish_url} {phish_deadline?}", "{prize_alert} {prize_action} {phish_url}",
            "{prize_alert} {prize_action} {spam_email}", "{phish_action} {phish_url}",
        ],
        ["phish_alert"] =
        [
            "Your account has been suspended.", "Unusual sign-in activity detected on your account.", "Your package could not be delivered.",
            "Your PayPal account is limited.", "Security alert: your password expires today.", "We could not process your last payment.",
            "Your Netflix membership is on hold.", "Your bank card has been blocked.", "Tax refund pending for you.", "Your Apple ID was locked.",
        ],
        ["phish_action"] =
        [
            "Verify your details at", "Confirm your identity here:", "Update your address:", "Log in now to restore access:", "Claim it here:",
            "Re-enter your card details at", "Click to reactivate:", "Sign in to avoid closure:",
        ],
        ["phish_deadline"] = ["within 24 hours.", "or your account will be closed.", "Failure to act will result in suspension.", "today."],
        ["prize_alert"] =
        [
            "Congratulations! You have won a {prize}.", "You are our 1,000,000th visitor!", "Winner! You've been selected for a free {prize}.",
            "Dear user, you won {amount} in our monthly draw.", "Your email was chosen to receive a {prize}.",
        ],
        ["prize_action"] = ["Claim now at", "Collect your reward:", "To receive it, pay a small fee at", "Send your bank details to", "Reply with your address or visit"],
        ["prize"] = ["iPhone 16 Pro", "$1000 Amazon gift card", "Samsung Galaxy", "free holiday", "PS5", "Walmart voucher", "MacBook"],
        ["phish_url"] = ["http://secure-login-verify.{tld}/account", "https://paypa1-support.{tld}", "http://parcel-redelivery-{number2}.{tld}", "https://apple-id-unlock.{tld}", "http://bit.ly/{short}", "www.claim-your-prize.{tld}", "{spam_url_obf}"],

        ["spam_review"] =
        [
            "{review_claim} {review_push} {review_contact}", "{review_claim} {review_push}", "{review_praise} {review_claim} {review_contact}",
            "{review_testimony} {review_contact}", "{review_testimony} {review_praise}",
        ],
        ["review_claim"] =
        [
            "I tried {product} and lost {weight} in {span}!", "This {product} changed my life.", "Best {product} I have ever bought, 5 stars!!!",
            "{product} cured my {ailment} in {span}.", "I was skeptical but {product} really works.", "After using {product} my {ailment} is gone.",
        ],
        ["review_push"] = ["Highly recommended!", "Everyone should try it!", "Don't waste money elsewhere.", "Order before stock runs out!", "Trust me on this.", "Thank me later."],
        ["review_contact"] = ["Order at {spam_url}", "Get yours at {spam_url}", "Contact {spam_email}", "WhatsApp {phone}", "Link: {spam_url}", "Buy here {spam_url_obf}"],
        ["review_praise"] = ["Five stars!", "10/10 would buy again!", "Amazing product!!!", "Best service ever!", "A+++ seller.", "Fast delivery and great quality."],
        ["review_testimony"] =
        [
            "Dr {herbalist} cured my {ailment} with his herbal medicine.", "Thanks to Dr {herbalist}'s spell my ex came back in 3 days.",
            "Dr {herbalist} is a great healer, my {ailment} is gone for good.", "I was diagnosed with {ailment} and Dr {herbalist}'s herbs fixed it.",
        ],
        ["herbalist"] = ["Oduma", "Ahmed Zaba", "Okosun", "Lawrence", "Ben Itua", "Marvin"],
        ["ailment"] = ["diabetes", "herpes", "back pain", "hair loss", "acne", "high blood pressure", "anxiety", "arthritis", "tinnitus"],
        ["weight"] = ["20 pounds", "10 kg", "15 lbs", "3 dress sizes", "12 kilos"],

        ["spam_misc"] =
        [
            "{misc_offer} {spam_url}", "{misc_offer} {money_contact}", "{misc_offer} {spam_url_obf}", "{spaced_offer} {spam_url}",
        ],
        ["misc_offer"] =
        [
            "Buy real Instagram followers cheap!", "Get 10,000 YouTube views for $5.", "Need essays written fast? We do all subjects.",
            "Best IPTV, 20,000 channels, free trial.", "Download the latest movies free at", "Play online slots and win big!", "Sports betting tips with 95% accuracy.",
            "Fake IDs and passports for sale.", "Free V-Bucks generator, no survey!", "Cheap Netflix accounts, lifetime access.",
            "Unlock any phone in minutes.", "Hack anyone's WhatsApp, contact us.", "Free robux here!!!", "Get verified on Twitter for $10.",
        ],
        ["spaced_offer"] = ["F R E E  M O N E Y", "C L I C K  H E R E", "E A R N  $$$", "W I N  N O W", "FR33 G1FT C4RD", "fr3e m0ney"],

        // ---- shared spam vocabulary: links and their obfuscations ----
        ["spam_url"] =
        [
            "http://{spam_domain}.{tld}", "https://{spam_domain}.{tld}/{path}", "www.{spam_domain}.{tld}", "{spam_domain}.{tld}", "https://bit.ly/{short}",
            "http://tinyurl.com/{short}", "https://{spam_domain}.{tld}/?ref={short}", "http://www.{spam_domain}.{tld}/{path}",
        ],
        ["spam_url_obf"] =
        [
            "{spam_domain} dot {tld}", "{spam_domain}[.]{tld}", "w w w . {spam_domain} . {tld}", "{spam_domain} (dot) {tld}", "h t t p : / / {spam_domain} . {tld}",
            "{spam_domain}. {tld}", "{spam_domain},{tld}",
        ],
        ["spam_domain"] =
        [
            "cheapdeals24", "best-replica-shop", "earnfast-online", "cryptoprofit-now", "topseo-agency", "freegiftzone", "pharma-direct", "mega-discounts",
            "shopluxury-outlet", "workfromhome-jobs", "winbig-casino", "quickloan4u", "hotgirls-chat", "sub4sub-network", "bestessays-writer",
            "promo-codes-daily", "slimfast-keto", "vip-followers", "tradingsignals-pro", "secure-verify-login",
        ],
        ["tld"] = ["com", "net", "xyz", "top", "info", "biz", "online", "shop", "club", "site", "ru", "tk", "io"],
        ["path"] = ["offer", "deal?id=92", "promo", "join", "signup", "landing", "p/8831", "free", "sale", "win"],
        ["short"] = ["3xK9pQ", "aZ7tR2", "q1w2e3", "Xy99Lm", "h8Jk2s", "free4u", "pR0m0x"],
        ["number2"] = ["7", "24", "365", "88", "101", "4u"],
    };
}
