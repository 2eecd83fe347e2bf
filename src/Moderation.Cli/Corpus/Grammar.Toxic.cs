namespace Moderation.Cli.Corpus;

/// <summary>Toxicity in its forms: insults, threats, identity attacks, obscenity aimed at a person, harassment; often obfuscated.</summary>
internal static partial class Grammar
{
    private static readonly Dictionary<string, string[]> ToxicRules = new()
    {
        ["tox_insult"] =
        [
            "{you_are} {a_insult}.", "{you_are} {a_insult}. {insult_tail}", "{address?} {you_are} such {a_insult}.", "{insult_open} {you_are} {a_insult}.",
            "Only {a_insult} would {dumb_act}.", "{address}, {insult_q}", "{insult_q} {insult_tail?}", "Shut up, you {insult_adj} {insult_noun}.",
            "{disagree_open} And {you_are} {a_insult}.", "{you_are} too {insult_adj} to {understand}.", "What {a_insult}. {insult_tail}",
            "Your {your_thing} is as {insult_adj} as you are.", "{handle} is {a_insult}, ignore {pronoun}.", "Nobody cares what {a_insult} like you thinks.",
            "Go away, {insult_noun}.", "Another {insult_adj} comment from the resident {insult_noun}.", "You {insult_adj} {insult_noun}.",
            "You {insult_adj} {insult_adj} {insult_noun}.", "{address} you {insult_noun}", "Typical {insult_noun}. {insult_tail}", "{you_are} pathetic. {insult_tail?}",
            "{insult_open} you are the dumbest person on this site.", "{third_party} is {a_insult}.", "What {a_insult} {third_party} is.",
            "{third_party} is {a_insult} and everyone knows it.", "{insult_open} {third_party} is {a_insult}.", "Whoever wrote this is {a_insult}.",
            "Only {a_insult} like {third_party} would {dumb_act}.", "{third_party}? {insult_adj_cap} {insult_noun}.", "Your mum must be so ashamed of you, {insult_noun}.", "Did your {insult_noun} brain come up with that all by itself?",
        ],
        ["you_are"] = ["You are", "You're", "Ur", "You really are", "You sound like", "You're clearly", "U r", "Youre", "You must be", "You're just"],
        ["a_insult"] = ["a {insult_adj} {insult_noun}", "an absolute {insult_noun}", "a complete {insult_noun}", "a {insult_noun}", "the biggest {insult_noun} here", "a total {insult_noun}", "a {insult_adj} little {insult_noun}"],
        ["insult_adj"] =
        [
            "stupid", "stoopid", "st*pid", "stupd", "st00pid", "dumb", "brainless", "pathetic", "ignorant", "clueless", "worthless", "useless", "thick",
            "braindead", "moronic", "disgusting", "ugly", "fat", "gutless", "spineless", "delusional", "idiotic", "retarded", "r3tarded", "s t u p i d", "stuuupid", "dim", "vile", "sad",
        ],
        ["insult_noun"] =
        [
            "idiot", "id1ot", "idi0t", "1d10t", "moron", "m0ron", "m0r0n", "imbecile", "cretin", "loser", "l0ser", "clown", "fool", "troll", "dumbass", "dumba$$",
            "jackass", "jerk", "halfwit", "numpty", "muppet", "tosser", "wanker", "w@nker", "prat", "twit", "nitwit", "buffoon", "donkey", "snowflake", "libtard",
            "retard", "scumbag", "lowlife", "degenerate", "waste of space", "sheep", "bootlicker", "parasite", "i d i o t", "idiiiot", "m o r o n", "ignoramus",
        ],
        ["third_party"] = ["The author", "This writer", "The mayor", "That councillor", "The minister", "This reporter", "The ref", "Their manager", "{handle}", "The editor", "The guy above"],
        ["insult_adj_cap"] = ["Stupid", "Brainless", "Pathetic", "Useless", "Clueless", "Thick", "Worthless", "Dumb"],
        ["insult_open"] = ["Wow.", "Lol.", "Seriously?", "Oh look,", "Honestly,", "Mate,", "Sorry but", "Newsflash:", "Jesus,", "Yikes."],
        ["insult_tail"] =
        [
            "Get a life.", "Grow up.", "Go back to school.", "Get a brain.", "Learn to read.", "Crawl back under your rock.", "Do us all a favour and log off.",
            "Embarrassing.", "Pathetic.", "What a joke you are.", "Nobody asked you.", "Keep your mouth shut next time.", "lmao", "Clown.",
        ],
        ["insult_q"] =
        [
            "are you really this stupid?", "can you even read?", "how are you this dumb?", "did you drop out of primary school?", "were you dropped on your head as a baby?",
            "is there anything between your ears?", "do you ever think before you type, moron?", "how does someone get this thick?", "who let you near a keyboard?",
        ],
        ["address"] = ["@{handle}", "{handle}", "Hey {handle}", "Listen {handle}", "Oi {handle}", "@{handle} mate", "Dear {handle}"],
        ["dumb_act"] = ["write something this stupid", "believe that", "vote for them", "defend this", "post that nonsense", "think that makes sense"],
        ["understand"] = ["understand the article", "read a graph", "tie your own shoes", "follow a simple argument", "get the point", "form a sentence"],
        ["your_thing"] = ["argument", "opinion", "comment", "face", "brain", "logic", "article", "take"],
        ["pronoun"] = ["him", "her", "them"],

        ["tox_threat"] =
        [
            "{threat}", "{address} {threat}", "{threat} {threat_tail}", "{insult_open} {threat}", "{you_are} {a_insult} and {threat_lower}",
        ],
        ["threat"] =
        [
            "I will find you and {harm} you.", "Someone should {harm} you.", "I'm going to {harm} you.", "You'd better watch your back.",
            "I know where you live.", "Say that to my face and see what happens.", "People like you deserve to be {harmed}.", "I hope someone {harmed_past} you.",
            "You're dead if I see you.", "Keep talking and I'll {harm} you.", "I'll make sure you regret this.", "Wait till I catch you outside.",
            "I will burn your house down.", "Your family isn't safe.", "I'd love to {harm} you myself.", "You won't be so brave when I turn up at your door.",
            "I'll k1ll you.", "Gonna smash your face in.", "Hope you get what's coming to you, and soon.", "Someone needs to put a bullet in you.",
        ],
        ["threat_lower"] = ["someone should {harm} you.", "I will {harm} you.", "you'd better watch your back.", "I know where you work."],
        ["harm"] = ["kill", "k1ll", "hurt", "beat", "stab", "shoot", "strangle", "punch", "smash", "end", "break"],
        ["harmed"] = ["shot", "beaten", "hanged", "stabbed", "locked up and beaten", "put down"],
        ["harmed_past"] = ["shoots", "stabs", "beats", "runs over", "hurts"],
        ["threat_tail"] = ["I mean it.", "Not a joke.", "Count on it.", "Sleep well.", "See you soon.", "Watch yourself."],

        ["tox_identity"] =
        [
            "{hate_group} are {dehuman}.", "All {hate_group} should {go_back}.", "{hate_group} are ruining this country.", "Typical {hate_group_sg}, always {stereotype}.",
            "{hate_group} shouldn't be allowed to {civic}.", "{hate_group} are {dehuman} and should {go_back}.", "Get these {hate_group} out of our country.",
            "Another {hate_group_sg} {stereotype}. Send them all back.", "{hate_group} breed like {vermin}.", "You people are {dehuman}. {go_back_cap}.",
            "No wonder, {pronoun2}'s a {hate_group_sg}.", "{hate_group} don't belong here.", "{hate_group} are a disease on this country.",
            "I'd never hire {hate_group}, they're {dehuman}.", "Women are too {insult_adj} to {civic}.", "Ban all {hate_group} from {place_type}.",
        ],
        ["hate_group"] = ["immigrants", "Muslims", "muzzies", "Jews", "gays", "f*gs", "trannies", "blacks", "Mexicans", "Pakis", "gypsies", "refugees", "foreigners", "feminists", "Arabs", "Chinese", "Poles"],
        ["hate_group_sg"] = ["immigrant", "Muslim", "Jew", "gay", "foreigner", "woman", "feminist", "Mexican", "refugee", "tranny"],
        ["dehuman"] = ["vermin", "animals", "parasites", "subhuman", "filth", "cockroaches", "savages", "a plague", "scum", "trash", "rats", "less than human"],
        ["vermin"] = ["rats", "rabbits", "cockroaches", "vermin"],
        ["go_back"] = ["go back where they came from", "be deported", "be kicked out", "be locked up", "be sterilised", "be wiped out", "go home"],
        ["go_back_cap"] = ["Go back where you came from", "Go home", "Get out", "Leave our country"],
        ["stereotype"] = ["stealing jobs", "on benefits", "causing trouble", "playing the victim", "lying", "begging for handouts", "committing crimes"],
        ["civic"] = ["vote", "work here", "teach children", "hold office", "drive", "have rights", "live here"],
        ["place_type"] = ["our schools", "the country", "this street", "the NHS", "public office"],
        ["pronoun2"] = ["he", "she"],

        ["tox_obscene"] =
        [
            "{fu} {address?}", "{fu}, you {insult_noun}.", "{address} {fu}", "{obscene_direct}", "{obscene_direct} {insult_tail?}", "{insult_open} {obscene_direct}",
            "{fu}. {obscene_direct}", "{you_are} a {obscene_noun}.", "What a {obscene_noun}.", "Shut the {f_word} up, you {obscene_noun}.", "{handle} is a {obscene_noun}.",
        ],
        ["fu"] = ["F*ck you", "Fuck you", "F u", "Fck you", "Phuck you", "Fuk u", "F**k off", "Fuck off", "Piss off", "Go f*** yourself", "F off", "FU", "Screw you", "Eff off", "F.U.C.K. you"],
        ["f_word"] = ["fuck", "f*ck", "fck", "f**k", "hell", "f", "phuck"],
        ["obscene_direct"] =
        [
            "Eat shit, {insult_noun}.", "You piece of shit.", "You piece of sh1t.", "Suck my d*ck.", "Kiss my ass, {insult_noun}.", "Go to hell, you {obscene_noun}.",
            "Shove your opinion up your arse.", "You're full of shit.", "Stick it where the sun doesn't shine, {insult_noun}.", "Go f yourself.",
            "STFU {insult_noun}.", "Shut your f*cking mouth.", "You dumb b!tch.", "Up yours, {obscene_noun}.", "You can go f*ck yourself.", "Lick my boots, {insult_noun}.",
        ],
        ["obscene_noun"] =
        [
            "asshole", "a$$hole", "@sshole", "arsehole", "dickhead", "d1ckhead", "prick", "bitch", "b1tch", "b!tch", "c*nt", "cunt", "twat", "douchebag", "shithead", "sh!thead",
            "motherf*cker", "bastard", "dick", "slut", "whore", "piece of sh*t", "fucking idiot", "f*cking moron",
        ],

        ["tox_harass"] =
        [
            "{harass}", "{address} {harass}", "{harass} {harass_tail}", "{harass} {insult_tail}",
        ],
        ["harass"] =
        [
            "Nobody wants you here. Leave.", "Everyone go report {handle}'s account.", "I know where you work, {handle}.", "Kill yourself.", "kys",
            "k y s", "Go kill yourself.", "Do the world a favour and disappear.", "You should be ashamed to show your ugly face.",
            "I've screenshotted everything you post, I'll send it to your boss.", "Why don't you just die already.", "Log off forever, nobody likes you.",
            "You're so ugly no wonder you're alone.", "Everybody here hates you.", "Fat {insult_noun}, put the fork down.", "Go cry to your mummy, {insult_noun}.",
            "I'll keep posting your address until you quit.", "Delete your account, loser.", "We're all laughing at you.", "Crawl into a hole and die.",
            "Not you again. Get lost, {insult_noun}.", "You'll never be anything, you're a joke.", "Hope your kids see what a {insult_noun} you are.",
        ],
        ["harass_tail"] = ["Seriously.", "Bye.", "Loser.", "Everyone agrees.", "😂😂", "Pathetic."],
    };

    public static readonly IReadOnlyDictionary<string, string[]> Rules =
        CleanRules.Concat(SpamRules).Concat(ToxicRules).ToDictionary(kv => kv.Key, kv => kv.Value);
}
