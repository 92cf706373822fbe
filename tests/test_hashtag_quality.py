"""Tags an editor would choose, on varied news written for these tests.

``tests/fixtures/news/*.txt``: UK, US, Australian and Indian politics, business,
markets, sport (football, cricket, tennis, rugby), science, courts and inquests,
local councils, foreign affairs, culture, wire copy, live blogs, opinion,
headline-only items and texts or headlines in capitals or lower case. Each test names tags an editor would
want (must have) and tags no editor would choose (must not have), rather than an
exact list; the properties at the end hold for every article.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tagwire.enrich import default_topics, enrich_article
from tagwire.enrich._furniture import strip_furniture
from tagwire.enrich._lexicon import WEEKDAYS_MONTHS
from tagwire.enrich.hashtags import MAX_PHRASE_WORDS, MAX_TAG_CHARS, automatic_tags, singular

NEWS = Path(__file__).parent / "fixtures" / "news"
ARTICLES = sorted(p.stem for p in NEWS.glob("*.txt"))


@cache
def article(name: str) -> tuple[str, str]:
    title, _, text = (NEWS / f"{name}.txt").read_text("utf-8").partition("\n\n")
    return title.strip(), text.strip()


@cache
def tags(name: str) -> tuple[str, ...]:
    """The tags a reader sees: curated topics first, then automatic ones, as ingest makes them."""
    title, text = article(name)
    return tuple(t.tag for t in enrich_article(title=title, text=text, topics=default_topics()).tags)


# name: (must have, must not have)
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "uk_politics": (
        {"keirstarmer", "nhs", "labour"},
        {"starmer", "helencarter", "politicalcorrespondent", "dailyledger", "newideas", "tuesday"},
    ),
    "us_politics": (
        {"senate", "governmentshutdown", "chuckschumer", "johnthune"},
        {"thesenate", "senatemajority", "senatedemocratic", "washington", "ap", "lisamascaro",
         "securedfunding", "associatedpress"},
    ),
    "australia_politics": (
        {"newsouthwales", "chrisminns", "koalahabitat"},
        {"wales", "newsouth", "minns", "nswpremierchrisminns", "chiefscientist", "delaytactics"},
    ),
    "india_politics": (
        {"bihar", "tejashwiyadav", "electioncommission"},
        {"newdelhi", "november", "october"},
    ),
    "business": (
        {"bankofengland", "interestrates", "andrewbailey"},
        {"bank", "september", "february"},
    ),
    "sport_football": (
        {"mohamedsalah", "liverpool", "arsenal"},
        {"salah", "saturday"},
    ),
    "sport_cricket": (
        {"jaspritbumrah", "bordergavaskartrophy"},
        {"bumrah", "jasprit", "friday"},
    ),
    "science": (
        {"watervapour", "exoplanet", "jameswebbspacetelescope"},
        {"excitingresult", "madhusudhan"},
    ),
    "courts": (
        {"danielwhitcombe", "leedscrowncourt", "sarahmitchell"},
        {"richardmansellkc", "whitcombe", "march", "august", "recklessdisregard"},
    ),
    "local_news": (
        {"villagelibrary", "littleharwood", "lancashirecountycouncil"},
        {"councillormarkhendry", "campaignorganiser", "november"},
    ),
    "wire_copy": (
        {"oilprices", "opec", "outputcuts"},
        {"reuters", "london", "nataliegrover", "janharvey", "gmt", "dec"},
    ),
    "live_blog": (
        {"stormdarragh", "metoffice"},
        {"gmt", "keyevents", "gmtredweather", "gmttrains", "live"},
    ),
    "opinion": (
        {"fourdayweek"},
        {"sarahlindqvist", "bettersleep", "opinion", "officeswaste"},
    ),
    "headline_only": (
        {"wildfires", "heatwave"},
        {"wildfiresforceevacuation", "greek"},
    ),
    "headline_only2": ({"ford"}, {"4000jobs", "cut"}),
    "all_caps": (
        {"cyclonealfred", "queensland", "newsouthwales", "davidcrisafulli"},
        {"thisisnotthetimetogosightseeing", "saturday", "sunday"},
    ),
    "lowercase": (
        {"apple", "iphone", "timcook"},
        {"newiphone", "chiefexecutivetimcook", "tim", "tuesday"},
    ),
    "tech": (
        {"meta", "facebookmarketplace", "europeancommission"},
        {"commission", "competitioncommissioner"},
    ),
    "health": (
        {"measles", "mmrvaccine"},
        {"consultantepidemiologist", "mildillness", "july"},
    ),
    "us_local": (
        {"chicagoteachersunion", "chicagopublicschools", "brandonjohnson"},
        {"thechicagoteachersunion", "union", "fouryeardeal", "newsconference", "chicago"},
    ),
    "long_name_sport": (
        {"grahampotter", "brighton", "premierleague"},
        {"albioncupwinningmanager", "facupwinningmanager", "hovealbion", "threeyearcontract",
         "brightonchairman", "outstandingcandidate", "league", "potter"},
    ),
    # written after the ones above, to check the rules on text they were not made from
    "wire_business": (
        {"elonmusk", "tesla"},
        {"priyanatarajan", "technologyreporter", "sanfrancisco", "reuters", "lastquarter", "musk"},
    ),
    "uk_courts": (
        {"supremecourt", "rwanda", "courtofappeal"},
        {"majorblow", "enversolomonoftherefugeecouncil", "primeminister", "substantialgrounds"},
    ),
    "india_weather": (
        {"mumbai", "heavyrain", "indiameteorologicaldepartment"},
        {"forcedschools", "maharashtrachiefminister", "tuesday"},
    ),
    "australia_sport": ({"matildas", "samkerr", "worldcup"}, {"australiacoach", "kerr", "saturday"}),
    "lowercase_local": ({"cyclelanes", "sarahfielding"}, {"newcyclelanes", "councilleader"}),
    # fourth round, written to develop the rules on (verb fragments, time expressions, lone nouns)
    "inquest_police": (
        {"cumbriapolice", "rachelainsworth", "iopc"},
        {"latethirties", "handledallegations", "future", "answers", "officers"},
    ),
    "tennis_liveblog": (
        {"wimbledon", "emmaraducanu", "arynasabalenka"},
        {"point", "bst", "keyevents", "looseforehand", "live"},
    ),
    "markets_wire": (
        {"federalreserve", "interestrates"},
        {"reuters", "newyork", "tomelkins", "federalreserveofficials", "chiefstrategist", "midday"},
    ),
    "science_flooding": (
        {"flashflooding", "seatemperatures"},
        {"flash", "causeflash", "warmerwater", "warmerseas", "future", "leadauthor"},
    ),
    "council_bins": (
        {"wrexfordboroughcouncil", "paulinehaig"},
        {"households", "nobody", "fortnightly", "councilleader"},
    ),
    "foreign_ceasefire": (
        {"sudan", "rsf", "jeddah"},
        {"gaza", "jointstatement", "army", "deeplydisappointed"},
    ),
    "culture_exhibition": (
        {"fridakahlo", "tatemodern"},
        {"lateselfportrait", "eyebrows", "flowers"},
    ),
    "caps_headline_energy": (
        {"fuelduty", "rachelreeves"},
        {"plannedrise", "wholesalecostsfall", "sureretailers", "chancellorscraps", "pumppriceshit", "twoyearhigh"},
    ),
    "headline_verbs": (
        {"ofgem", "standingcharges"},
        {"ofgemconsults", "railworkersvote", "workersvote", "charges"},
    ),    # fourth round, written after the rules above, as a check on text they were not made from
    "us_fraud_trial": (
        {"danielvoss", "keystonelending"},
        {"ap", "newyork", "jennaruiz", "associatedpress", "closingarguments", "thursday", "riskybets"},
    ),
    "rugby_report": (
        {"ireland", "france", "sixnations", "jackcrowley", "andyfarrell"},
        {"latepenalty", "thirdquarter", "nextweekend", "unbeatenhomerun", "half", "scored"},
    ),
    "profit_warning": (
        {"haldenfoods", "profitwarning", "fionamarr"},
        {"chiefexecutive", "analysts", "monday", "september", "lowestlevel", "keychristmasperiod"},
    ),
    "asteroid_science": (
        {"bennu", "osirisrex", "nasa"},
        {"scientists", "wednesday", "futuremissions", "twostudies", "leadauthor"},
    ),
    "planning_council": (
        {"greenbelt", "stokeley", "calderwoodhomes"},
        {"residents", "tuesday", "lastyear", "localcouncil", "planningchair"},
    ),
    "chile_election": (
        {"chile", "joseantoniokast"},
        {"santiago", "sunday", "clearvictory", "hardrightcandidate", "lastweek"},
    ),
    "budget_liveblog": (
        {"rachelreeves", "incometaxthresholds"},
        {"keyevents", "goodafternoon", "live", "onherfeet", "furthertwoyears"},
    ),
    "caps_brief": (
        {"japan", "earthquake", "tsunamiwarning"},
        {"breaking", "tokyo", "reuters", "kiyoshitakenaka", "chrisreese", "highground", "higherground"},
    ),
    "headline_only3": (
        {"haldenfoods"},
        {"bossquits", "haldenfoodsboss", "sharesslump", "lendersdemand", "answers"},
    ),    # fifth batch, written after every rule of this round, run once (first sight reported)
    "wildfire_us": (
        {"canyonfire", "losangeles", "gavinnewsom"},
        {"ap", "tomreyes", "associatedpress", "tuesday", "gusts", "homes", "fastmovingwildfire"},
    ),
    "cricket_live": (
        {"joeroot", "jaspritbumrah", "england", "india"},
        {"keyevents", "morning", "wicket", "newball", "finetouch", "live"},
    ),
    "ecb_rates": (
        {"europeancentralbank", "interestrates", "christinelagarde"},
        {"thursday", "goodplace", "thirdquarter", "furthercut"},
    ),
    "museum_repatriation": (
        {"britishmuseum", "beninbronzes", "nigeria"},
        {"firststep", "nextyear", "longtermloan", "campaigners"},
    ),
    "council_potholes": (
        {"potholes", "northbridgecountycouncil"},
        {"terriblestate", "nextwinter", "lastyear", "drivers", "recordnumber"},
    ),
    # fifth round: ten articles written before running the tagger on them; the tags
    # expected were written down first (first sight is reported in docs/benchmarks.md)
    "us_fed_rates": (
        {"federalreserve", "jeromepowell", "tariffs"},
        {"fed", "powell", "ap", "washington", "wednesday", "reporters", "fourthmeeting", "firsttime", "chair"},
    ),
    "uk_supreme_court": (
        {"supremecourt", "lordreed", "servicecharges", "meridianestates"},
        {"reed", "lord", "lady", "court", "leadjudgment", "thousands", "rahman", "shortconcurringjudgment"},
    ),
    "local_library": (
        {"northbrook", "libraries", "sarahquinlan"},
        {"echo", "councilleader", "tuesdaynight", "nobody", "fifthyear", "threedays"},
    ),
    "tech_eu_apple": (
        {"apple", "europeancommission", "digitalmarketsact", "appstore"},
        {"commission", "competitionchief", "firstpenalty", "clearmessage", "inferiorservice", "sameday"},
    ),
    "health_junior_doctors": (
        {"residentdoctors", "bma", "wesstreeting"},
        {"doctors", "healthsecretary", "fivedays", "friday", "otheroption", "britishmedicalassociation"},
    ),
    "world_kenya_protests": (
        {"kenya", "nairobi", "williamruto"},
        {"ruto", "tuesday", "seniorofficer", "rightsgroups", "businessdistrict", "socialmediapost"},
    ),
    "sport_premier_league": (
        {"arsenal", "chelsea", "premierleague", "bukayosaka"},
        {"saka", "latewinner", "firsthalf", "halftime", "onemoment", "topcorner", "sunday"},
    ),
    "us_court_ruling": (
        {"texas", "tencommandments", "fredbiery"},
        {"biery", "districtjudge", "federaljudge", "us", "wednesday", "foundationaldocument", "lastyear"},
    ),
    "business_retail": (
        {"marksspencer", "cyberattack", "stuartmachin", "scatteredspider"},
        {"ms", "chiefexecutive", "sixmonths", "earlytrading", "spencer"},
    ),
    "science_space": (
        {"jameswebbspacetelescope", "watervapour"},
        {"firsttime", "strongestevidence", "smallworlds", "team", "ourown", "webb"},
    ),
    # fifth round, a second batch written after this round's rules and run once as a check
    "sport_f1": (
        {"landonorris", "monacograndprix", "maxverstappen", "mclaren"},
        {"norris", "verstappen", "sunday", "pole", "secondvictory", "perfectjob", "lap"},
    ),
    "business_airline": (
        {"ryanair", "boeing", "michaeloleary"},
        {"oleary", "chiefexecutive", "lastyear", "summer", "fewerseats", "threemonths", "lastmonth"},
    ),
    "court_old_bailey": (
        {"oldbailey", "kylemensah", "jadencole"},
        {"mensah", "jaden", "mrjustice", "justice", "jury", "nextmonth", "tomlittle", "lifesentence"},
    ),
    "us_school_board": (
        {"fairfaxcounty", "phones", "schoolboard"},
        {"thursday", "wholeschoolday", "firstbell", "secondtime", "students", "parents", "superintendent"},
    ),
    "health_aspirin": (
        {"aspirin", "bowelcancer", "karolinskainstitute"},
        {"researchers", "dailydose", "threeyears", "difference", "everycountry", "study"},
    ),
    "world_germany_election": (
        {"friedrichmerz", "afd", "cdu", "germany"},
        {"merz", "chancellor", "bestresult", "firsttime", "nextmonth", "christiandemocraticunion"},
    ),
    # fifth round, a third batch written after every rule of this round, run once
    "tech_ai_funding": (
        {"mistralai", "asml", "arthurmensch"},
        {"mistral", "mensch", "chiefexecutive", "largestshareholder", "fundinground", "ownrules"},
    ),
    "us_snowstorm": (
        {"minnesota", "nationalweatherservice", "timwalz"},
        {"walz", "tuesday", "inches", "foot", "roads", "afternoon", "reporters", "weekend"},
    ),
    "tennis_upset": (
        {"emmaraducanu", "arynasabalenka", "miamiopen"},
        {"raducanu", "sabalenka", "worldnumberone", "bestwins", "secondmatchpoint", "nextweek"},
    ),
    "uk_byelection": (
        {"reformuk", "nigelfarage", "labour"},
        {"reform", "farage", "uk", "sixvotes", "realopposition", "narrowestresults"},
    ),
    # sixth round, written before the first run: topics met once in passing (NHS in a
    # biography, Ukraine and central banks' inflation in an oil story) and once in the lead
    "culture_play_tour": (
        {"harboursideplayers", "dockersdaughters", "morwennatallis"},
        {"nhs", "tallis", "pascoe", "friday", "january"},
    ),
    "markets_oil": (
        {"opec", "brentcrude"},
        {"ukraine", "costofliving", "monday"},
    ),
    "council_night_shelter": (
        {"housingcrisis", "nightshelter", "opendoorwestmarch"},
        {"december", "march", "nandra", "stopgap"},
    ),
    "science_bird_survey": (
        # written "puffins"; the tag is the form used most ("puffin colonies", "Puffin numbers")
        {"skomerisland", "puffin", "ffiondaniels"},
        {"daniels", "spring", "thirdyear"},
    ),
    # seventh round, written before the first run: idioms and match events (#turningpoint,
    # #yellowcard, #humancost, #fundinground), a German text, a brief, a company a topic names
    "politics_new_towns": (
        {"angelarayner", "newtowns", "localgovernmentassociation", "greenbelt"},
        {"rayner", "turningpoint", "wakeupcall", "deputyprimeminister", "nextgeneralelection", "firstresidents",
         "badenoch"},
    ),
    "business_luxury_turnaround": (
        {"burberry", "joshuaschulman"},
        {"schulman", "bottomline", "thursday", "december", "firsthalf", "lastsummer", "threemonths",
         "chiefexecutive"},
    ),
    "tech_chip_startup": (
        {"lumora", "nvidia", "sequoiacapital", "priyaraman"},
        {"fundinground", "seriesb", "voteofconfidence", "raman", "nextyear", "chips"},
    ),
    "sport_football_report": (
        {"wrexham", "sunderland", "ollierathbone"},
        {"yellowcard", "turningpoint", "secondhalf", "redcard", "stoppagetime", "wrongway", "tenmen", "rathbone",
         "saturday"},
    ),
    "courts_sewage_fine": (
        # written #sewage; "sewage" is a phrase of the curated #waterpollution, which carries it
        {"thameswater", "environmentagency", "riverwindrush", "waterpollution"},
        {"humancost", "judgeianpringle", "pringle", "august", "deadfish", "earlierhearing"},
    ),
    "de_heizung_foerderung": (
        {"bundestag", "klarageywitz", "kfw"},
        {"forderungfurhausbesitzer", "furhausbesitzer", "donnerstag", "marz", "union", "die", "der",
         "prozentderkosten"},
    ),
    "brief_quake": (
        {"crete", "earthquake"},
        {"magnitude", "earthquakeofmagnitude", "tuesday", "injuries", "southerncoast", "greecesinstituteofgeodynamics"},
    ),
    "world_canada_election": (
        {"markcarney", "canada", "pierrepoilievre", "tariffs"},
        {"carney", "humancost", "april", "sunday", "snap"},
    ),
    # seventh round, a check batch written after every rule above, expected tags written first
    "rugby_red_card": (
        {"ireland", "france", "sixnations", "emmanuelmeafou"},
        {"redcard", "gamechanger", "secondhalf", "halftime", "closingminutes", "saturday", "nextweek", "galthie",
         "fifteenmen"},
    ),
    "tech_phone_launch": (
        {"apple", "iphoneair", "china", "huawei", "timcook"},
        {"litmustest", "cook", "lastquarter", "nextfriday", "chiefexecutive", "thinnestiphone"},
    ),
    "court_tariff_ruling": (
        {"tariffs", "donaldtrump", "supremecourt", "howardlutnick"},
        {"trump", "lutnick", "socialmedia", "midoctober", "sevenvotes", "blow"},
    ),
    "fr_greve_brief": (
        {"sncf", "philippetabarot"},
        {"jeudi", "fevrier", "letrafic", "tresperturbe", "grevealasncf"},
    ),
    # seventh round, a last batch written after every rule, expected tags written first
    "uk_welfare_vote": (
        # written #disabilitybenefits; the tag is the form used most (the headline's singular)
        {"keirstarmer", "labour", "disabilitybenefit", "lizkendall"},
        {"starmer", "rebellion", "tuesday", "kendall", "biggestrebellion"},
    ),
    "business_retail_results": (
        {"tesco", "kenmurphy"},
        {"murphy", "nextweek", "earlytrading", "biggestsupermarket", "chiefexecutive", "august"},
    ),
    "courts_extradition": (
        {"marcushale", "extradition", "highcourt", "harcourtcapital"},
        {"hale", "march", "formerbankboss", "heartcondition"},
    ),
}


def test_every_article_has_expectations():
    assert sorted(EXPECTED) == ARTICLES


#: Still wrong, kept visible: a strict xfail fails once the gap is closed.
KNOWN_GAPS = {
    # "Nasa's Osiris-Rex spacecraft", each name once: #osirisrexspacecraft is shown, not
    # #osirisrex, and #nasa does not rank (dropping such phrases lost #mmrvaccine elsewhere)
    "asteroid_science": "a name seen once, inside a longer phrase, is not tagged alone",
    # fifth round, first sight kept: "unpaid service charges" (headline and text) hides the
    # "service charges" it holds; merging a describing word into its tail cost DUC-2001 before
    "uk_supreme_court": "a describing word in front keeps the longer phrase (#unpaidservicecharges)",
    # "the capital's business district" (one mention, after a possessive) still ranks
    "world_kenya_protests": "a place phrase owned by a noun in passing is still a tag (#businessdistrict)",
    # "Webb telescope finds water vapour": "finds" read as a plural noun makes "water" its verb
    "science_space": "a headline verb in -s after a noun is read as a plural (#vapour, not #watervapour)",
    # second batch, first sight kept: "The McLaren driver" once does not rank; "from pole" in
    # the headline makes #pole, a word of "pole position"
    "sport_f1": "a team named once is not tagged; #pole from the headline",
    # "Fairfax County school board": a name-led phrase of four words is too long to show, and
    # a phrase never starts right after a name, so #schoolboard is never a candidate
    "us_school_board": "a phrase after a name of two words is not a candidate (#schoolboard)",
    # sixth round, first sight kept: a title of plural possessives is cut at the apostrophe
    "culture_play_tour": "\"Dockers' Daughters\" gives #dockers and #daughters, not #dockersdaughters",
    # a season leading a phrase is kept ("winter fuel payment" is a subject)
    "council_night_shelter": "#winternightshelter, not #nightshelter",
    # seventh round, first sight kept: "new" is a judging word ("new ideas"), so "new towns"
    # is no phrase; "green belt land" once hides #greenbelt; the Local Government Association,
    # met once after the lead, ranks below one-mention phrases of the lead
    "politics_new_towns": "#newtowns, #greenbelt, #localgovernmentassociation missed",
    # "Environment Agency" once, in the third paragraph, ranks below one-mention phrases
    "courts_sewage_fine": "an organisation met once after the lead is not among the ten",
    # "said Dr Priya Raman" and "led by Sequoia Capital", once each, rank below "electricity" and
    # "processors"; the headline's "chip" lets "chips" through the everyday-word rule
    "tech_chip_startup": "names met once after the lead are not among the ten; #chips",
    # last batch, first sight kept: "Labour" is an English word, and a one-word name of a
    # common word is dropped ("Last Year"); here it is only ever before a noun ("Labour MPs")
    "uk_welfare_vote": "a party named by a common word, only before nouns, is not a tag (#labour)",
}


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[n])) if n in KNOWN_GAPS else n
    for n in ARTICLES
])
def test_editor_tags(name):
    must, never = EXPECTED[name]
    got = tags(name)
    assert must <= set(got), (sorted(must - set(got)), got)
    assert not never & set(got), (sorted(never & set(got)), got)


@pytest.mark.parametrize("name", ARTICLES)
def test_tags_are_short_readable_and_distinct(name):
    title, text = article(name)
    auto = automatic_tags(title, text)
    for t in auto:
        assert len(t.tag) <= MAX_TAG_CHARS, t
        if t.kind == "keyphrase":
            assert len(t.label.split()) <= MAX_PHRASE_WORDS, t
        assert not re.search(r"\d", t.label) or re.search(r"[a-z]\d|\d[a-z]", t.tag), t  # "K2-18b" only
        assert t.tag not in WEEKDAYS_MONTHS, t
    got = tags(name)
    assert len(got) == len(set(got))
    folded = [singular(t) for t in got]
    assert len(folded) == len(set(folded)), got  # no plural/singular pair
    persons = [t for t in auto if t.kind == "person" and " " in t.label]
    for p in persons:  # the full name wins, the surname folds into it
        surname = p.label.split()[-1].lower()
        assert surname not in got, (p.label, got)


def test_the_surname_folds_into_the_full_name_even_in_the_headline():
    got = tags("uk_politics")
    assert "keirstarmer" in got and "starmer" not in got


def test_furniture_is_not_news():
    text = strip_furniture(article("wire_copy")[1])
    assert not text.startswith("LONDON") and "Reuters" not in text and "Editing by" not in text
    prose = "By Tuesday, the council had agreed to sell."
    assert strip_furniture(prose) == prose
    assert strip_furniture("By Helen Carter, Political Correspondent\n\nThe vote.") == "The vote."
    assert strip_furniture("10:42 GMT\nThe Met Office warned.\n09:15 GMT Trains stopped.") == (
        "The Met Office warned.\n\nTrains stopped."
    )
    bio = "A long argument.\n\nSarah Lindqvist is a writer on work and technology."
    assert strip_furniture(bio) == "A long argument."
    # only the last line is an author's note; the same sentence in the body is news
    assert "Jo Bloggs is a reporter" in strip_furniture("Jo Bloggs is a reporter at the Ledger.\n\nShe was arrested.")


def test_furniture_costs_linear_time_on_hostile_lines():
    import time

    hostile = ("By " + "Aa " * 5000 + "\n") * 20 + "WASHINGTON " * 5000 + "(" * 5000
    start = time.perf_counter()
    strip_furniture(hostile)
    automatic_tags("x", hostile)
    assert time.perf_counter() - start < 5.0  # about 0.7 s on a quiet machine


def test_shouted_and_whispered_texts_are_recased_only_when_whole():
    # a normal text with one shouted lead-in keeps its own casing rules
    got = [t.tag for t in automatic_tags(
        "Insurers face floods bill",
        "US INSURERS face a record bill after floods in Queensland. Insurers said claims had doubled. "
        "The Insurance Council of Australia said more than 40,000 claims were lodged.",
    )]
    assert "insurancecouncilofaustralia" in got and "usinsurers" not in got, got


def test_a_named_storm_at_a_sentence_start_stays_one_name():
    text = ("Storm Kester brought gusts of 80mph to western coasts on Sunday. The storm closed roads "
            "and ferries were cancelled. Storm Kester is the second named storm of the season.")
    got = [t.tag for t in automatic_tags("Storm Kester: gusts close roads", text)]
    assert "stormkester" in got and "kester" not in got, got


def test_a_title_case_headline_keeps_a_name_the_body_writes_only_at_sentence_starts():
    text = ("Harbour Rovers won the cup for the first time since 1976. The harbour was full of boats. "
            "Harbour Rovers scored late. Rovers manager Callum Forde praised his players.")
    got = [t.tag for t in automatic_tags("Cup Final: Harbour Rovers 2-1 Millbrook United", text)]
    assert "harbourrovers" in got and "harbour" not in got and "rovers" not in got, got


def test_a_verb_after_a_name_ends_the_phrase():
    text = ("The River Lenn burst its banks on Tuesday. A late header beat Millbrook. "
            "The River Lenn is expected to fall.")
    got = [t.tag for t in automatic_tags("River Lenn bursts its banks", text)]
    assert "riverlenn" in got and not [t for t in got if t.startswith(("riverlennburst", "lateheaderbeat"))], got


def test_a_topic_mentioned_once_in_passing_does_not_lead_the_tags():
    title, text = article("tech")
    text += "\n\nThe Commission is also examining how platforms handle adverts about immigration."
    got = tags_of(title, text)
    assert got[0] in ("facebookmarketplace", "meta"), got
    assert "immigration" not in got[:5], got
    # in the headline, or twice, it is the article's subject and leads as before
    assert tags_of("Meta adverts and immigration", text)[0] == "immigration"


def tags_of(title: str, text: str) -> list[str]:
    return [t.tag for t in enrich_article(title=title, text=text, topics=default_topics()).tags]


def test_an_outlet_a_quote_appeared_in_is_not_a_tag_unless_the_headline_names_it():
    text = ("The minister told Sky News that she had not leaked the report to journalists. Speaking to "
            "Sky News on Sunday, she said the leak claims were false and that the leak inquiry would "
            "clear her. Bloomberg reported that the leak inquiry would report in June.")
    got = [t.tag for t in automatic_tags("Minister denies leak claims", text)]
    assert "skynews" not in got and "bloomberg" not in got and "leakinquiry" in got, got
    got = [t.tag for t in automatic_tags("Sky News to cut 100 jobs", "Sky News is to cut 100 jobs. Sky News said the "
                                         "cuts would fall on its London newsroom.")]
    assert "skynews" in got, got


def test_describing_compounds_are_no_part_of_a_tag():
    text = ("The well-known nineties group will headline on Saturday. The so-called super group "
            "sold out. Self-driving cars will bring fans from the station; self-driving cars are new here.")
    got = [t.tag for t in automatic_tags("Well-known nineties group to headline festival", text)]
    assert not [t for t in got if t.startswith(("wellknown", "socalled"))], got
    assert "selfdrivingcars" in got, got


def test_a_phrase_only_a_speaker_used_is_not_a_tag():
    text = ('The judge said the defendant had shown "a reckless disregard for human life". '
            "The warehouse fire killed a firefighter. The warehouse fire started in boxes.\n\n"
            '"It was a reckless disregard, nothing less," said the chief fire officer.')
    got = [t.tag for t in automatic_tags("Man jailed over warehouse fire", text)]
    assert "warehousefire" in got and "recklessdisregard" not in got, got
    # the same words outside quotes are the writer's, and may be a tag
    plain = text.replace('"', "")
    assert "recklessdisregard" in [t.tag for t in automatic_tags("Man jailed over warehouse fire", plain)]
