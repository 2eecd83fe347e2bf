namespace Moderation.Cli.Corpus;

/// <summary>Clean reader comments and the hard negatives that look like spam or abuse but are neither.</summary>
internal static partial class Grammar
{
    private static readonly Dictionary<string, string[]> CleanRules = new()
    {
        // ---- ordinary comments on news articles ----
        ["ham_news"] =
        [
            "{opener?} {news_claim} {news_reason}",
            "{news_claim} {news_reason} {news_closer?}",
            "{opener?} {news_question}",
            "{anecdote} {news_claim}",
            "{news_claim} {news_closer}",
            "{agree} {news_reason}",
            "{news_claim}",
            "{anecdote} {news_question}",
            "{opener} {topic} {ham_predicate}. {news_closer?}",
            "So {topic} {ham_predicate}? {news_followup}",
        ],
        ["opener"] =
        [
            "Honestly,", "To be fair,", "I think", "In my view", "Interesting piece.", "Good article.", "Well,", "As someone who lives here,",
            "Speaking as a {occupation},", "Not sure about this.", "Hmm.", "Fair point in the article.", "I've read this twice and", "Look,",
            "Genuinely curious:", "For what it's worth,", "Playing devil's advocate,", "Long time reader here.", "Quick thought:", "Right,",
        ],
        ["news_claim"] =
        [
            "{topic} {ham_predicate}.", "{topic} {ham_predicate}, and {topic} {ham_predicate}.",
            "the real problem is {problem}, not {problem}.", "nobody seems to mention {problem}.",
            "{topic} has been a mess for years.", "this is what happens when {problem} gets ignored.",
            "{topic} is long overdue.", "the numbers in the {report} tell a different story.",
            "I'd like to see {topic} explained properly before anyone votes on it.", "{topic} is not the same as {topic}.",
            "we were promised {promise} and got {outcome} instead.", "{topic} sounds good on paper but {problem} will eat the savings.",
            "I can't see how {topic} fixes {problem}.", "{topic} was always going to cost more than they said.",
            "credit where it's due, {topic} worked better than I expected.", "this will hit {people} hardest.",
        ],
        ["ham_predicate"] =
        [
            "is overdue", "needs a proper debate", "is being rushed through", "seems reasonable to me", "won't survive the first winter",
            "was badly explained", "is better than nothing", "deserves more funding", "has been delayed again", "looks like a good compromise",
            "keeps getting more expensive", "was handled well this time", "should have been done years ago", "is mostly spin",
            "affects far more people than the article suggests", "is a step in the right direction", "needs an independent review",
            "was never properly costed", "is popular round here", "is going to be contested in court", "misses the point",
            "will take a decade to pay off", "is the least bad option", "has cross-party support for once", "has me worried",
        ],
        ["topic"] =
        [
            "the new bus timetable", "the council budget", "the stadium plan", "the school merger", "the rent cap", "the tram extension",
            "the water company", "the new bike lanes", "the housing target", "the tax rebate", "the energy price cap", "the hospital car park charge",
            "the library closure", "the mayor's proposal", "the bridge repair", "the speed limit change", "the recycling scheme",
            "the pension reform", "the minimum wage rise", "the rail strike", "the airport expansion", "the new curriculum",
            "the flood defence project", "the interest rate decision", "the trade deal", "the planning application", "the ferry contract",
            "the festival", "the new coach", "the transfer window", "the referee decision", "the trial verdict", "the heatwave warning",
            "the vaccine rollout", "the GP shortage", "the childcare scheme", "the fuel duty freeze", "the election result", "the local plan",
            "the sewage report", "the police budget", "the youth centre", "the ban on e-scooters", "the parking permit scheme",
            "the wind farm", "the broadband rollout", "the four-day week trial", "the museum funding", "the night bus cut",
        ],
        ["problem"] =
        [
            "the lack of affordable housing", "staff shortages", "the state of the roads", "years of underinvestment", "rising rents",
            "poor communication from the council", "the cost of living", "short-term thinking", "the planning backlog", "the maintenance bill",
            "how slow the courts are", "the waiting lists", "a lack of public toilets", "overcrowded trains", "the potholes on every street",
            "the shortage of teachers", "energy bills", "insurance costs", "the pensions gap", "traffic on the ring road",
        ],
        ["report"] = ["report", "audit", "council papers", "impact assessment", "budget statement", "survey", "latest figures", "consultation"],
        ["promise"] = ["a new station", "lower bills", "more nurses", "faster trains", "cleaner rivers", "two new schools", "a balanced budget", "more police on the streets"],
        ["outcome"] = ["a consultation", "another delay", "a bigger bill", "a press release", "a smaller version", "nothing at all", "a rebrand"],
        ["people"] = ["pensioners", "renters", "small businesses", "commuters", "young families", "students", "carers", "people on night shifts", "farmers"],
        ["occupation"] = ["teacher", "nurse", "bus driver", "retired engineer", "shop owner", "parent of two", "landlord", "student", "paramedic", "farmer", "software developer", "local councillor", "cyclist", "pensioner"],
        ["news_reason"] =
        [
            "The last time they tried this it took three years.", "My street has waited months for a simple repair.",
            "Half my neighbours didn't even know there was a consultation.", "The figures only add up if nothing goes wrong.",
            "Other cities have done it for less money.", "Nobody asked the people who actually use it.",
            "It's been the same story since I moved here in {year}.", "The article leaves out who pays for it.",
            "You can't run a service on goodwill forever.", "At least they published the costs this time.",
            "The timing before an election is hardly a coincidence.", "It worked fine in {place} so why not here?",
            "I'd want to see the evidence first.", "Everyone I know is already struggling with bills.",
        ],
        ["news_closer"] =
        [
            "Let's see what happens.", "Time will tell.", "Not holding my breath.", "Good reporting, by the way.",
            "Would love a follow-up on this.", "Thanks for covering it.", "We'll find out at the next election.",
            "Rant over.", "Just my two cents.", "Happy to be proven wrong.", "Can the paper ask them directly?",
        ],
        ["news_question"] =
        [
            "Does anyone know when {topic} actually starts?", "Has anyone seen the full {report}?", "Why wasn't this in the {report}?",
            "Who is paying for {topic}?", "Is {topic} going to affect {people}?", "What happened to {promise}?",
            "Can someone explain how {topic} is different from last year?", "Will there be a public meeting about {topic}?",
            "Is there a petition about {topic} yet?", "Where can I read the original {report}?",
        ],
        ["news_followup"] =
        [
            "Sounds like we've heard this before.", "I'll believe it when I see it.", "Fine by me.", "Didn't see that coming.",
            "That's going to be an interesting meeting.", "About time.", "Not convinced.",
        ],
        ["agree"] = ["Agreed.", "Exactly this.", "Spot on.", "I agree with most of this.", "Couldn't agree more.", "Yes!", "This.", "Same here.", "Well said."],
        ["anecdote"] =
        [
            "My {relative} {anecdote_event}.", "When I lived in {place} {anecdote_event2}.", "I {anecdote_event3} last {period} and",
            "We {anecdote_event3} in {year}.", "Last week my {relative} {anecdote_event}.",
        ],
        ["relative"] = ["mum", "dad", "sister", "brother", "neighbour", "grandmother", "son", "daughter", "partner", "flatmate", "uncle", "colleague"],
        ["anecdote_event"] =
        [
            "waited four hours in A&E", "had her bus route cut", "lost his job at the depot", "finally got a GP appointment", "had to move out because of the rent",
            "volunteers at the food bank", "works at the hospital", "drives for the ambulance service", "retired last year", "started at the new school",
        ],
        ["anecdote_event2"] = ["we had the same debate", "the buses were actually reliable", "rents doubled in five years", "they built the tram and it was worth it", "the council tried something similar"],
        ["anecdote_event3"] = ["moved here", "tried the new service", "went to the consultation", "wrote to my MP", "switched suppliers", "sold the car", "signed the petition"],
        ["place"] = ["Leeds", "Glasgow", "Bristol", "Lyon", "Utrecht", "Cork", "Dundee", "Porto", "Leipzig", "Manchester", "Cardiff", "Denver", "Toronto", "Adelaide", "Bilbao", "Gdansk"],
        ["year"] = ["2009", "2012", "2015", "2018", "2020", "2021", "2023", "the nineties", "the eighties"],
        ["period"] = ["week", "month", "year", "summer", "winter", "spring"],

        // ---- replies to other readers, civil ----
        ["ham_reply"] =
        [
            "@{handle} {reply_body}", "{handle}, {reply_body}", "{reply_body}", "Replying to {handle}: {reply_body}",
            "{reply_body} {reply_tail?}", "@{handle} thanks, {reply_thanks}",
        ],
        ["handle"] = ["Mike_R", "jenny82", "OldTownRes", "sam", "Dave", "northernlass", "kevin_t", "Priya", "the_cyclist", "Tom H", "JoB", "Marek", "Anna", "RetiredTeacher", "Gordon", "Lucy", "Ahmed", "Sofia", "pete_w", "Chris"],
        ["reply_body"] =
        [
            "I see your point but {counterpoint}.", "that's not quite what the article says, {counterpoint}.", "you might be right about {topic}.",
            "good question, I think {topic} starts in {month}.", "I had the same experience with {topic}.", "where did you get that figure?",
            "fair enough, I hadn't thought of {people}.", "I don't think that follows, {counterpoint}.", "totally agree with you on {topic}.",
            "have you read the {report}? It covers that.", "that's a fair criticism of {topic}.", "we'll have to agree to disagree on {topic}.",
            "your numbers are from {year}, they've changed since.", "I used to think that too until {anecdote_event3_past}.",
        ],
        ["anecdote_event3_past"] = ["I moved here", "I read the report", "my rent went up", "the buses changed", "I went to the meeting", "my kids started school"],
        ["counterpoint"] =
        [
            "the costs fall on {people}", "the council only controls part of the budget", "the survey sample was tiny",
            "the same thing happened in {place}", "inflation explains most of the rise", "it was a national decision, not a local one",
            "the delay was caused by the contractor", "the old scheme cost more", "nobody is forcing anyone to use it",
        ],
        ["reply_tail"] = ["Just saying.", "No offence meant.", "Happy to discuss.", "Cheers.", "Anyway.", "Good debate though."],
        ["reply_thanks"] = ["that's useful.", "I didn't know that.", "good to know.", "I'll look it up.", "appreciate the link.", "that clears it up."],
        ["month"] = ["January", "March", "April", "June", "September", "October", "the spring", "the autumn", "the new year"],

        // ---- civil comments addressed to "you" (so "you are" alone is not an insult) ----
        ["ham_you"] =
        [
            "{you_civil}", "{address_civil} {you_civil}", "{you_civil} {reply_tail?}", "{agree} {you_civil}", "{you_civil} {you_civil}",
            "{address_civil} you {you_verb} {you_object}.", "You {you_verb} {you_object}. {reply_tail?}", "{address_civil} you're {you_adj} {you_about}.",
            "You're {you_adj} {you_about}, {handle}.", "You are {you_adj} {you_about}. {news_closer?}", "{opener} you are {you_adj} {you_about}.",
        ],
        ["you_verb"] = ["make", "raise", "have", "explain", "describe", "nailed", "missed", "summed up", "put", "understand"],
        ["you_object"] =
        [
            "a fair point about {topic}", "the problem with {topic} well", "{problem} better than the article", "a good argument", "the key issue",
            "it perfectly", "what most of us think", "a point I hadn't considered", "the history of {topic} nicely", "the numbers clearly",
        ],
        ["you_adj"] = ["right", "correct", "spot on", "quite right", "probably right", "partly right", "not wrong", "absolutely right", "dead right", "fair", "being generous", "too kind", "lucky"],
        ["you_about"] = ["about {topic}", "about {problem}", "on {topic}", "there", "on this one", "about {people}", "about the {report}", "to be worried", "to ask"],
        ["address_civil"] = ["@{handle}", "{handle},", "Thanks {handle},", "Hi {handle},", "Sorry {handle},"],
        ["you_civil"] =
        [
            "You are right about {topic}.", "You're absolutely right.", "You are correct, I misread the {report}.", "You're welcome!",
            "You make a good point about {problem}.", "You are not wrong there.", "You're going to love {place}.", "You are so kind, thank you.",
            "You're a great writer, {author}.", "You are brave to share this.", "You're spot on about {people}.", "You are one of the few sensible voices here.",
            "You're clearly an expert on {topic}, thanks for explaining.", "You are making this sound easy!", "You're too modest, the photos are great.",
            "You must be exhausted after that trip.", "You really are a lifesaver, the tip worked.", "You're not alone, my {relative} had the same problem.",
            "You are entitled to your opinion, but I see {topic} differently.", "You're being a bit unfair to the council, {counterpoint}.",
            "You sound like you've had a rough week, hope it gets better.", "You're the first person to explain {topic} properly.",
            "Are you sure? I thought {topic} was paused.", "Did you see the {report}? You might find it useful.", "You should write for the paper!",
            "You are a star for organising the clean-up.", "You're a legend, {handle}.", "Your point about {problem} is a good one.",
            "Your photos of {place} are beautiful.", "Your recipe saved my dinner party.", "You're a saint for dealing with the council.",
        ],

        // ---- blog comments: recipes, travel, DIY, tech, gardening ----
        ["ham_blog"] =
        [
            "{blog_react} {blog_detail}", "{blog_detail} {blog_question?}", "{blog_question}", "{blog_react} {blog_question}",
            "{blog_detail} {blog_react}", "{blog_react}",
        ],
        ["blog_react"] =
        [
            "Made this last night and it was lovely.", "We followed your route and it was stunning.", "This fixed my problem, thank you.",
            "Tried it with {ingredient} instead and it still worked.", "My kids loved it.", "Bookmarking this for the weekend.",
            "Great photos as always.", "I disagree with the ranking but fun read.", "Been reading this blog for years.",
            "The bit about {blog_thing} made me laugh.", "Really helpful write-up.", "Not my thing but well written.",
            "This brought back memories of {place}.", "The {blog_thing} tip is gold.", "Thanks for being honest about the downsides.",
        ],
        ["blog_detail"] =
        [
            "I added a bit more {ingredient} and cut the sugar.", "The train from {place} takes about two hours, not three.",
            "Mine took twice as long to set.", "I'd recommend going early before the crowds.", "The battery on mine lasts about a day.",
            "My tomatoes did the same thing last year.", "The hostel you mentioned has closed, sadly.", "We used a cheaper drill and it was fine.",
            "I had the older model and the screen was better.", "Soaking the beans overnight makes a big difference.",
            "The café near the station does a great breakfast.", "I found the update made it slower.", "Used oat milk and it worked perfectly.",
        ],
        ["blog_question"] =
        [
            "Can I freeze it?", "Would this work with {ingredient}?", "How long did the walk take?", "Is it suitable for kids?",
            "Did you have to book ahead?", "Which {blog_thing} did you use?", "Does it work on the older version?", "How much was the ferry?",
            "Any tips for a beginner?", "Is the road passable in winter?", "What size tin do you use?", "Could you do a post on {blog_thing}?",
        ],
        ["ingredient"] = ["chickpeas", "spinach", "butter", "almond flour", "leeks", "feta", "brown rice", "lentils", "honey", "oat milk", "paprika", "courgette"],
        ["blog_thing"] = ["the sourdough starter", "the hiking boots", "the router", "the compost bin", "the camera settings", "the packing list", "the budget spreadsheet", "the paint", "the sewing machine", "the laptop stand"],

        // ---- comments under an embedded video or song ----
        ["ham_video"] =
        [
            "{video_react}", "{video_react} {video_react2}", "{video_react2}", "Who else is watching this in {year2}?",
            "{video_react} {video_memory}", "{video_memory}",
        ],
        ["video_react"] =
        [
            "This song never gets old.", "Still gives me chills.", "The chorus is unreal.", "His voice on the second verse!", "Best live version by far.",
            "The drummer is carrying this whole performance.", "Underrated track.", "This was my anthem at uni.", "Can't believe this is {number} years old.",
            "The editing on this video is brilliant.", "That guitar solo though.", "Great interview, she explains it so clearly.",
            "The goal at the end is ridiculous.", "Such a calm explanation, thank you.", "I could listen to this on repeat.",
        ],
        ["video_react2"] = ["Legend.", "Pure nostalgia.", "Masterpiece.", "No skips.", "Goosebumps every time.", "What a talent.", "Love it.", "Timeless."],
        ["video_memory"] =
        [
            "Played this at my wedding.", "My dad used to blast this in the car.", "Reminds me of summer {year}.", "Heard this in a café and had to look it up.",
            "We sang this on the bus to every away game.", "My daughter is learning it on piano now.", "First concert I ever went to.",
        ],
        ["year2"] = ["2024", "2025", "2026", "this year"],
        ["number"] = ["ten", "fifteen", "twenty", "twelve", "thirty"],

        // ---- short personal and chatty comments: first person, "my", "you", numbers, plans (hard for spam) ----
        // Real comment sections are full of these; without them the spam model learnt that "my" and "call"
        // are spam words (a plain "I changed my mind, nice article." scored 0.96 spam).
        ["ham_personal"] =
        [
            "I changed my mind, {short_praise}", "{short_praise}", "{me_event} {short_reaction}", "{short_reaction} {me_event}",
            "My {relative} {relative_does}.", "My {relative} {relative_does}, {short_reaction}", "Same here, my {relative} {relative_does}.",
            "{me_plan}", "{me_plan} {short_reaction}", "@{handle} {me_plan}", "@{handle} {reply_short}", "{reply_short}",
            "{reply_short} {me_event}", "I was wrong about {topic}, {short_reaction}", "Just got home and read this. {short_reaction}",
            "Ha, my {relative} said exactly the same thing this morning.", "Can't believe it's been {number} years since {past_thing}.",
            "Sorry, I meant {number} not {number}.", "Edit: {edit_note}", "Update: {edit_note}", "{short_question}", "{me_event}",
            "Thanks {handle}, {short_praise}", "{short_praise} {me_plan}", "Not for me, but my {relative} will love it.",
        ],
        ["short_praise"] =
        [
            "nice article.", "good read.", "great piece.", "lovely photos.", "well said.", "good point.", "fair enough.", "this made my day.",
            "interesting read.", "thanks for sharing.", "very helpful, thanks.", "spot on.", "brilliant.", "love this.", "nice one.",
        ],
        ["short_reaction"] =
        [
            "lol", "haha", "wow.", "oh dear.", "what a week.", "fingers crossed.", "no way!", "so true.", "can't wait.", "typical.",
            "good luck to them.", "well done everyone.", "I'm not surprised.", "glad it's sorted.", "that's a relief.", "madness.",
        ],
        ["me_event"] =
        [
            "I got the same letter last week.", "I was there on Saturday.", "My train was cancelled again today.", "I tried this recipe last night.",
            "I moved here in {year}.", "I called the council about it twice.", "I missed the first half.", "I've had my phone since {year} and it's fine.",
            "I texted my {relative} as soon as I saw this.", "I watched it with my {relative}.", "We went on holiday there in {year}.",
            "I finally finished reading it.", "My bus was {number} minutes late.", "I booked tickets for Friday.", "I won the pub quiz with this fact.",
        ],
        ["relative_does"] =
        [
            "works there", "was at that match", "used to live on that street", "loves this band", "made this for dinner", "is a nurse",
            "called me about it", "sent me this link", "won't stop talking about it", "has the same car", "grew up there", "teaches maths",
        ],
        ["me_plan"] =
        [
            "Going to try this at the weekend.", "I'll call you later about Saturday.", "See you at the meeting tonight.", "Will send you the photos tomorrow.",
            "Let me know when you're free.", "Text me when you get there.", "We should meet up for a coffee next week.", "I'll bring the cake on Sunday.",
            "Can you pick me up at {number}?", "Going to watch the replay tonight.", "I'll ask my {relative} and get back to you.",
        ],
        ["reply_short"] =
        [
            "yes, that's the one.", "no, it was on Tuesday.", "thanks, sorted now.", "same!", "did you get my message?", "you're right, my mistake.",
            "I'll check and let you know.", "ok, see you there.", "good to know, thanks.", "where did you read that?", "agreed.", "happy birthday!",
        ],
        ["short_question"] =
        [
            "Does anyone know what time it starts?", "Is the car park open on Sundays?", "Which channel is it on?", "Who won in the end?",
            "Has anyone tried the new bakery?", "What was the name of the song at the end?", "Is this still on tomorrow?", "How do I get tickets?",
        ],
        ["past_thing"] = ["the flood", "the bridge opened", "they closed the library", "the last derby win", "that concert", "the old market burnt down"],
        ["edit_note"] = ["fixed the typo.", "it was the 14th, not the 12th.", "thanks for the replies.", "turns out I was wrong.", "found the link, never mind."],

        // ---- thanks and praise without a link (hard for spam) ----
        ["ham_praise"] =
        [
            "Great article, thank you for writing it.", "Thanks for this, really well researched.", "Brilliant piece of journalism.",
            "Very informative, I learned a lot about {topic}.", "Nice write-up on {topic}.", "This is the clearest explanation of {topic} I've read.",
            "Excellent reporting, please keep covering {topic}.", "Thank you {author}, balanced and fair.", "Good read. Shared it with my {relative}.",
            "Really appreciate the detail on {topic}.", "{author} always does the homework. Thanks.",
        ],
        ["author"] = ["Sarah", "James", "Ms Okafor", "Mr Patel", "Helen", "the author", "the reporter", "Daniel", "Ines"],

        // ---- comments with a legitimate link (hard for spam) ----
        ["ham_link"] =
        [
            "The full {report} is here: {good_url}", "Source: {good_url}", "For anyone interested, {good_url} has the original figures.",
            "{news_claim} The data is on {good_url}", "Here's the council page about {topic}: {good_url}", "Previous coverage: {good_url}",
            "@{handle} it's in the {report}, see {good_url}", "The consultation closes Friday, respond at {good_url}",
            "Same story from {place}: {good_url}", "There's a good explainer at {good_url} if you want the background.",
        ],
        ["good_url"] =
        [
            "https://www.ons.gov.uk/economy", "https://en.wikipedia.org/wiki/Congestion_pricing", "https://www.{city}.gov.uk/consultations",
            "https://www.bbc.co.uk/news/uk-politics", "https://github.com/{handle_plain}/transit-data", "https://www.who.int/news",
            "https://data.{city}.gov.uk/bus-punctuality", "www.parliament.uk/business", "https://www.theguardian.com/environment",
            "https://www.reuters.com/markets", "https://archive.org/details/council-minutes", "https://www.metoffice.gov.uk/weather",
            "https://www.legislation.gov.uk", "https://ourworldindata.org/energy", "https://www.eurostat.ec.europa.eu/data",
        ],
        ["city"] = ["leeds", "bristol", "york", "glasgow", "cardiff", "brighton", "norwich", "bath", "derby"],
        ["handle_plain"] = ["openmaps", "civicdata", "jdoe", "transit-watch", "localnews"],

        // ---- money, crypto and jobs discussed, not sold (hard for spam) ----
        ["ham_money"] =
        [
            "Bitcoin fell {percent} again this week, glad I never bought any.", "My pension lost {percent} this year, it's worrying.",
            "Anyone else's energy bill gone up by £{small_amount} a month?", "I earn £{small_amount} a week on the night shift and it's barely enough.",
            "Crypto is a casino, the article is right to warn people.", "The job ads promising ${small_amount} a day from home are all scams, be careful.",
            "Free school meals should be universal, it costs less than people think.", "My landlord just put the rent up by £{small_amount}.",
            "Win or lose, gambling adverts during kids' matches should be banned.", "Does anyone know if the council tax discount applies to students?",
            "The free bus pass for over 60s is a lifeline for my mum.", "I got a text saying my parcel was held, obviously a scam, reported it.",
            "Please don't click links in texts about bank accounts, my aunt lost £{small_amount} that way.",
        ],
        ["percent"] = ["5%", "8%", "10%", "12%", "20%", "a third", "a quarter"],
        ["small_amount"] = ["30", "45", "60", "120", "200", "350", "400", "80"],

        // ---- heated but civil disagreement ----
        ["hard_disagree"] =
        [
            "{disagree_open} {disagree_body}", "{disagree_body} {disagree_close?}", "{disagree_open} {disagree_body} {disagree_close}",
            "{strong_verdict} {disagree_body}", "{strong_verdict}",
        ],
        ["disagree_open"] =
        [
            "I completely disagree.", "This is just wrong.", "Sorry, but no.", "With respect, you've misread the figures.", "That's simply not true.",
            "I couldn't disagree more.", "This argument falls apart on the numbers.", "No, no and no.", "I think you're mistaken.",
        ],
        ["disagree_body"] =
        [
            "{topic} will cost far more than anyone admits.", "the evidence from {place} says the opposite.", "your argument ignores {problem}.",
            "the minister should resign over {topic}.", "this policy is a disaster for {people}.", "the council has wasted millions on {topic}.",
            "you're cherry-picking one year of data.", "this is the worst decision on {topic} in a decade.", "these plans are absurd and unaffordable.",
            "the editorial is biased and lazy on {topic}.", "the government's record on {problem} is shameful.", "that claim about {topic} is misleading.",
        ],
        ["disagree_close"] = ["Read the {report} before commenting.", "Vote them out.", "I'm furious about this.", "Absolutely ridiculous.", "Shameful.", "Utterly incompetent management.", "Check your facts."],
        ["strong_verdict"] =
        [
            "What a ridiculous waste of public money.", "This government is a shambles.", "The board should be sacked for {topic}.",
            "Terrible decision, and they know it.", "This article is one-sided nonsense.", "An absolute farce from start to finish.",
            "The referee was a disgrace today.", "Worst performance I've seen from this team.", "The policy is stupid, the people behind it aren't.",
        ],

        // ---- profanity not aimed at anyone ----
        ["hard_profanity"] =
        [
            "{expletive}, {untargeted}", "{untargeted} {expletive}.", "{expletive} {untargeted}", "{untargeted_swear}", "{expletive}! {video_react}",
        ],
        ["expletive"] = ["Holy shit", "Damn", "Bloody hell", "Fuck me", "Jesus Christ", "Shit", "Christ alive", "Oh hell", "Fucking hell", "Dammit", "Crap", "Sh1t", "F*ck"],
        ["untargeted"] =
        [
            "what a goal.", "that was close.", "the traffic this morning was insane.", "I forgot my umbrella again.", "prices at the pub are unreal now.",
            "my train was cancelled again.", "that storm last night.", "the queue at the tip was an hour.", "I missed the last ten minutes.",
            "this recipe actually worked.", "that view from the top.", "the energy bill arrived.", "what a comeback.",
        ],
        ["untargeted_swear"] =
        [
            "This weather is fucking miserable.", "The roadworks are a bloody nightmare.", "Those potholes are a pain in the arse.",
            "The new app is shit, it crashes every time.", "Damn good article.", "That's one hell of a bill.", "Shit happens, move on.",
            "I'm so fucking tired of strikes and delays.", "What a crap week for the club.", "The ending of that film was bloody brilliant.",
            "Ugh, the printer is a piece of shit.", "My commute is a total shitshow.", "The bus was late as hell again.",
            "The match was a damn disaster, we deserved to lose.", "Bloody brilliant performance.", "Another crappy summer.",
        ],

        // ---- quoting or reporting abuse ----
        ["hard_reported"] =
        [
            "{reporting}", "{reporting} {report_reaction}", "{report_reaction} {reporting}",
        ],
        ["reporting"] =
        [
            "Someone upthread called me an {insult_word} for asking a question.", "I got called a {insult_word} for pointing out the figures.",
            "The court heard he told her \"{quoted_threat}\".", "The article quotes the suspect saying \"{quoted_threat}\".",
            "Calling people {insult_word_plural} isn't an argument.", "Reported the comment that called her a {insult_word}.",
            "Mods, the user above just said \"{quoted_insult}\", please remove it.", "My son was called a {insult_word} at school and it really upset him.",
            "The player was banned for shouting \"{quoted_insult}\" at the referee.", "People online told the reporter to \"{quoted_threat}\", which is disgusting.",
            "The trial heard messages like \"{quoted_threat}\".", "Why is it ok for politicians to call voters {insult_word_plural}?",
            "He apologised for calling the nurse a {insult_word}.", "The study counted how often MPs are told \"{quoted_insult}\" on social media.",
            "My teacher used to call us {insult_word_plural}, it stuck with me.", "Is \"{insult_word}\" even allowed here? Genuine question.",
        ],
        ["report_reaction"] =
        [
            "Not cool.", "That's unacceptable.", "Please be kind, people.", "Awful behaviour.", "This is why I rarely comment.", "Glad he was charged.",
            "Can we keep it civil?", "Shocking.", "The moderators should step in.", "Disgraceful, whoever it was.",
        ],
        ["quoted_threat"] = ["I will kill you", "I know where you live", "you're dead", "watch your back", "I'll burn your house down", "I'll find you"],
        ["quoted_insult"] = ["you're an idiot", "shut up you moron", "go back where you came from", "you stupid cow", "you're worthless"],
        ["insult_word"] = ["idiot", "moron", "troll", "snowflake", "loser", "clown", "liar", "fool"],
        ["insult_word_plural"] = ["idiots", "morons", "trolls", "snowflakes", "losers", "clowns", "liars", "fools"],

        // ---- violent words in harmless idioms ----
        ["hard_idiom"] =
        [
            "{idiom}", "{idiom} {news_closer?}", "{opener?} {idiom}", "{idiom} {idiom_tail}",
        ],
        ["idiom"] =
        [
            "Kill the bill!", "We need to kill this bill before the vote.", "Write to your MP and kill the bill.", "That new album is killer.",
            "The traffic on the bypass is murder.", "I'd kill for a decent bus service.", "Their defence got destroyed in the second half.",
            "This joke killed me.", "The comedian absolutely slayed.", "Shoot me an email if you want the spreadsheet.",
            "The film bombed at the box office.", "The budget is an assault on common sense.", "The striker murdered that penalty.",
            "My feet are killing me after the march.", "The heat is killing my tomatoes.", "The new coach needs to kill off the long-ball habit.",
            "They absolutely crushed it tonight.", "She nailed the interview.", "Let's bury the hatchet and move on.", "That exam was brutal.",
            "The council shot itself in the foot with {topic}.", "Gas prices are killing small businesses.", "The band blew the roof off.",
            "The opposition will tear this plan apart.", "Just kill the project and spend the money on {topic}.", "The cliffhanger is going to kill me.",
            "We got slaughtered 5-0, embarrassing.", "That dessert is to die for.", "The kids are dying to go back.", "I nearly died laughing.",
            "Stab vest funding for police is in the budget.", "The headline is a hit job on {topic}.", "Time to fire the manager.",
        ],
        ["idiom_tail"] = ["Seriously.", "Honestly.", "lol", "Every single year.", "Great night.", "No contest.", "Happens every time."],

        // ---- harmless words that contain an abusive word's letters (the Scunthorpe problem, in character n-grams) ----
        ["hard_wordplay"] =
        [
            "{wordplay}", "{opener?} {wordplay}", "{wordplay} {news_closer?}", "{wordplay} {wordplay}",
        ],
        ["wordplay"] =
        [
            "The brass band played in the park all afternoon.", "Our compass broke halfway up the hill.", "The embassy was closed for the holiday.",
            "She is passionate about the local history society.", "That was a massive turnout for a Tuesday.", "The passage about the war made me cry.",
            "Molasses makes the cake darker and richer.", "The bassoon solo in the second movement was lovely.", "The classroom windows still leak.",
            "I left my glasses on the bus again.", "House prices in Essex and Sussex keep climbing.", "The old kingdom of Wessex is a great read.",
            "A string sextet played at the wedding.", "The sexton rang the bell at noon.", "Emily Dickinson is my favourite poet.",
            "A peacock wandered into the garden this morning.", "Hitchcock films still hold up remarkably well.", "The shuttlecock got stuck in the gutter.",
            "Cockroaches were found in the school kitchen.", "My grandad was a proper cockney.", "The cockerel wakes the whole street at five.",
            "Canal Street is busy on a Friday night.", "The analysis in the appendix is thorough.", "It was a banal speech, nothing new in it.",
            "The manuscript is on show at the library.", "Uranus is the coldest planet, apparently.", "The basement flooded after the storm.",
            "The amusement arcade on the pier has closed.", "Mustard and custard should never share a plate.", "The fire retardant foam arrived late.",
            "Montenegro has beautiful coastline.", "My jewellery box was a present from my aunt.", "The Nazareth pilgrimage route reopened.",
            "The ballot papers were printed with a typo.", "We had meatballs and snowballs in the same week.", "The ballroom needs a new floor.",
            "Oilseed rape fields turn the valley yellow in May.", "Rapeseed oil is cheaper than olive oil round here.", "The drapes in the town hall are ancient.",
            "The honeysuckle has taken over the fence.", "Suckling pig was on the menu at the fair.", "I need a new screwdriver for the shelves.",
            "My shoelace snapped on the way to work.", "Sparse crowds at the match, what a shame.", "Hoarse from singing at the final.",
            "Camille Pissarro's paintings are at the gallery until June.", "The Mississippi floods were on the news again.", "Crackers and cheese for lunch.",
            "A raccoon got into the bins last night.", "The tycoon bought another newspaper.", "The title of the competition changed again.",
            "The petition to save the institution has ten thousand names.", "My appetite came back after the flu.", "Twitter has changed its name, I keep forgetting.",
            "The buttress on the church needs repair.", "Her rebuttal in the debate was superb.", "Pussy willows are out early this spring.",
            "The doorknob came off in my hand.", "Prickly pears grow wild near the coast.", "Parsing the council minutes takes all evening.",
            "Marseille was lovely, if very hot.", "The shampoo aisle is always empty.", "The spicy soup at the market stall is excellent.",
            "A homophone is a word that sounds like another.", "The sample was homogeneous, according to the lab.", "Japanese gardens are so calm.",
            "The bitcoin price crashed again.", "Cumin and coriander go in first.", "Cucumber sandwiches for the village fete.",
            "The dyke along the river held during the flood.", "Scrapping the night bus was a mistake.", "Cocoon-like sleeping pods are the new trend.",
        ],

        // ---- identity mentioned neutrally or supportively ----
        ["hard_identity"] =
        [
            "As {identity_self}, I found the article fair.", "{group_cap} deserve the same {right} as everyone else.", "{group_cap} built this city.",
            "My {relative} is {identity_other} and {identity_story}.", "The report shows {group} face more {hardship}.",
            "It's good to see {group} represented on the council.", "Speaking as {identity_self}, {topic} matters a lot to us.",
            "Hate against {group} has risen, the figures are worrying.", "Our street has families from everywhere and it's great.",
            "The {festival} celebrations in the park were lovely this year.", "{group_cap} are our neighbours, colleagues and friends.",
        ],
        ["identity_self"] = ["a Muslim woman", "a gay man", "a Jewish parent", "an immigrant", "a Black nurse", "a disabled person", "a trans woman", "a Polish builder", "a refugee", "an older woman", "a Sikh taxi driver"],
        ["identity_other"] = ["deaf", "gay", "Muslim", "a refugee", "disabled", "Jewish", "Catholic", "autistic", "from Nigeria", "from Romania"],
        ["identity_story"] = ["works harder than anyone I know", "got married last year", "runs the local youth club", "struggled to find work", "loves this column"],
        ["group"] = ["immigrants", "Muslims", "Jewish families", "gay couples", "disabled people", "women", "refugees", "trans people", "Black students", "older workers", "migrants"],
        ["group_cap"] = ["Immigrants", "Muslims", "Jewish families", "Gay couples", "Disabled people", "Women", "Refugees", "Trans people", "Black students", "Older workers", "Migrants"],
        ["right"] = ["pension rights", "protection", "respect", "access to housing", "chances", "pay"],
        ["hardship"] = ["discrimination at work", "barriers to housing", "online abuse", "delays in healthcare"],
        ["festival"] = ["Eid", "Diwali", "Hanukkah", "Pride", "Lunar New Year", "Christmas", "Vaisakhi"],
    };
}
