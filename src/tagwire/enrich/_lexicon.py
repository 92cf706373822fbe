"""Word lists the enrichers share: stopwords, generic words, titles, places.

Plain frozensets of lowercase words, written for English news. They are data,
not logic: extend them when a tag an editor would never choose keeps coming
back.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Function words: never a tag, never at the edge of a key phrase.
STOPWORDS = _words(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand
    behind being below beside besides between beyond both but by can cannot could did do does
    doing done down during each either else elsewhere enough etc even ever every everyone
    everything everywhere except few for former formerly from further furthermore had has have
    having he hence her here hereafter hereby herein hers herself him himself his how however
    i if in indeed into is it its itself just latter latterly least less many may me meanwhile
    might mine more moreover most mostly much must my myself namely neither never nevertheless
    next no nobody none noone nor not nothing now nowhere of off often on once one only onto or
    other others otherwise our ours ourselves out over own per perhaps please quite rather re
    same seem seemed seeming seems several she should since so some somehow someone something
    sometime sometimes somewhere still such than that the their theirs them themselves then
    thence there thereafter thereby therefore therein thereupon these they this those though
    through throughout thru thus to together too toward towards under until up upon us very via
    was we well were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with
    within without would yet you your yours yourself yourselves
    isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't
    shan't shouldn't can't couldn't mustn't it's that's there's here's what's who's let's
    i'm you're we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd
    i'll you'll he'll she'll we'll they'll isnt arent wasnt dont doesnt didnt wont cant
    yes oh ok okay mr mrs ms &
    """
)

#: Common verbs, adverbs and time words that make a phrase look like a sentence
#: fragment ("said on", "told reporters"): they break key phrases like stopwords.
WEAK = _words(
    """
    say said says saying tell told tells telling add added adds ask asked asks asking
    make made makes making take took taken takes taking get got gets getting give gave given
    gives go goes going went gone come came comes coming see saw seen sees know knew known
    think thought want wanted wants need needed needs use used uses using find found finds
    put puts keep kept let lets seem seems show showed shown shows try tried tries call called
    calls look looked looks become became help helped helps set sets mean means meant
    include includes included including continue continued continues believe believed expect
    expected expects hope hoped allow allowed appear appeared remain remained remains leave
    follow followed following bring brought begin began begun run ran held hold holds
    according really actually simply instead ago yesterday tonight today tomorrow
    despite amid ahead shall lot lots thing things way ways
    hundreds thousands millions dozens scores couple
    """
)

#: Adjectives and vague nouns: may start a phrase ("small boats", "new homes")
#: but never end one or stand alone.
EDGE_ADJ = _words(
    """
    new old big small large great good bad best worst better worse high higher highest
    low lower lowest long longer short last first second third next early earlier later
    latest recent current former previous major main key full real clear little whole
    certain sure possible important different various additional particular likely
    unlikely able top end part parts kind sort side number numbers amount level levels
    week weeks month months year years day days time times hour hours minute minutes
    total further own local national regional international global political public
    social economic financial general digital historic historical senior junior final
    official special serious potential significant similar wider entire common recent
    huge massive growing rising key vital central fresh open free individual personal
    private direct extra average typical
    """
)

#: Words that are never a tag on their own (they may sit inside a longer phrase).
#: Groups of people a story is about or hears from ("households", "commuters",
#: "survivors"): never a tag alone, nor after a name ("Federal Reserve officials").
PARTICIPANTS = _words(
    """
    people residents customers users patients pupils students parents workers officers crews
    fans supporters researchers experts critics campaigners victims officials leaders members
    ministers mps staff households passengers commuters survivors witnesses suppliers consumers
    shoppers motorists tenants homeowners villagers visitors tourists travellers employees
    volunteers protesters activists analysts investors traders spectators viewers relatives
    neighbours locals citizens taxpayers bosses executives players scientists doctors nurses
    teachers farmers police voters drivers developers buyers sellers owners
    """
)

GENERIC = (
    _words(
        """
        news said says say uk u.k us u.s usa britain british people person persons man men woman women
        year years time times government governments week weeks today yesterday tomorrow
        report reports reported reporting story stories article articles update updates
        updated live latest breaking exclusive watch video videos photo photos picture
        pictures image images gallery analysis explainer comment comments opinion column
        editorial interview podcast newsletter read more click subscribe sign share follow
        country countries world nation national state states public official officials
        issue issues problem problems case cases plan plans move moves decision decisions
        statement statements spokesman spokeswoman spokesperson source sources claim claims
        question questions change changes deal deals support group groups member members
        action actions concern concerns level levels rate rates figure figures data number offer offers
        numbers percent cent million billion trillion thousand hundred pounds pound dollars
        mp mps minister ministers secretary leader leaders party parties chief chiefs
        home family families child children life lives work place area areas city town
        service services system systems way ways part side end day days month months
        hour hours minute minutes morning afternoon evening night weekend season
        company companies business firm firms thing things lot lots kind type
        mr mrs ms dr sir dame lord lady prof id ok
        review reviews council councils victim victims call calls warning warnings row bid
        talks findings announcement measure measures rise rises fall falls cut cuts risk
        risks help response evidence details detail result results record records file
        files power powers rule rules law laws team staff move plan plans funding
        money cost costs price prices pay job jobs market markets sector industry figures
        study research survey poll polls experts expert critics campaigners residents
        customers users patients pupils students parents workers officers court
        hearing trial vote votes attack attacks agreement agreements campaign campaigns
        conference conferences crews club clubs fans supporters researchers
        incident incidents crisis scheme schemes project projects programme programmes
        process policy policies proposal proposals changes increase decrease growth
        demand supply impact effect effects view views chance chances access
        lead leads focus basis terms role roles position need needs way ways
        monday tuesday wednesday thursday friday saturday sunday
        january february march april may june july august september october november december
        jan feb mar apr jun jul aug sep sept oct nov dec
        bbc guardian reuters ap afp pa
        """
    )
    | PARTICIPANTS
    | _words(
        # institutions by their kind, and words for how things stand: "the army",
        # "the regulator", "the future" are never the subject on their own
        """
        army armies military regulator regulators watchdog watchdogs charity charities jury juries
        authority authorities agency agencies committee committees board boards ministry
        ministries department departments future futures past answer answers approval
        approvals direction directions condition conditions event events stage stages point
        points reason reasons aim aims hope hopes fear fears situation situations progress
        effort efforts success successes failure failures victory victories defeat defeats
        act acts
        """
    )
)

WEEKDAYS_MONTHS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    """
)

#: Time zones of live blogs and wire copy ("10:42 GMT"): never a name or a key phrase.
TIME_ZONES = _words(
    """
    gmt bst utc cet cest est edt cst cdt pst pdt aest aedt awst acst acdt nzst nzdt ist
    """
)

#: News outlets and agencies: "told Sky News", "according to Bloomberg" say where a quote
#: appeared, not what the story is about; one is a tag only when the headline names it.
MEDIA = frozenset(
    (
        "associated press", "press association", "pa media", "agence france-presse", "bloomberg",
        "sky news", "cnn", "fox news", "msnbc", "nbc news", "cbs news", "abc news", "npr",
        "new york times", "washington post", "wall street journal", "financial times",
        "the times", "times", "sunday times", "telegraph", "daily telegraph", "independent",
        "daily mail", "mail on sunday", "the sun", "mirror", "daily mirror", "observer",
        "economist", "politico", "axios", "times of india", "hindustan times", "ndtv",
        "the hindu", "indian express", "press trust of india", "pti", "ani", "ians",
        "sydney morning herald", "the age", "australian associated press", "aap",
        "abc", "itv news", "channel 4 news", "lbc", "times radio", "dpa", "efe", "ansa",
        "al jazeera", "upi", "usa today", "los angeles times", "the atlantic", "newsweek",
        # a paper's one-word name, as it calls itself ("the Herald understands", "told the Echo")
        "herald", "echo", "gazette", "chronicle", "courier", "guardian", "express", "journal",
        "tribune", "argus", "advertiser", "examiner", "inquirer", "sentinel", "post", "standard",
        "record", "star", "bulletin", "dispatch", "globe",
    )
)

#: Where something was said, as a key phrase: "said on social media", "told a news
#: conference". Like an outlet a quote appeared in, a tag only when the headline names it.
CHANNELS = frozenset((
    ("social", "media"), ("press", "conference"), ("news", "conference"), ("press", "release"),
    ("radio", "interview"), ("television", "interview"), ("tv", "interview"),
))

#: Titles and honorifics dropped at the start of a name.
HONORIFICS = _words(
    """
    sir dame dr mr mrs ms miss mx lord lady prof professor rev reverend revd fr father
    hon rt right honourable baroness baron earl viscount countess duke duchess
    sen rep gov col maj gen lt sgt capt adm cmdr cpl pvt supt insp
    """
)

#: Peerage titles that are part of how a peer is known when one word follows them
#: ("Lord Reed", "Baroness Hale", "Lady Simler"): #lordreed, never #reed. Before a first
#: name and a surname ("Lady Helen Carrow") the title is dropped like any other.
PEERAGE = _words("lord lady baroness baron earl viscount countess duke duchess")

#: Role nouns: "Home Secretary Yvette Cooper" → role, then the person.
ROLE_NOUNS = _words(
    """
    minister secretary chancellor president mayor leader chair chairman
    chairwoman chairperson senator governor judge justice constable commissioner
    mp mps msp msps mla mlas ministers peers councillors officials sources
    ambassador spokesman spokeswoman spokesperson director fellow
    ceo cfo coach manager captain archbishop bishop
    colonel commander officer sergeant inspector detective superintendent
    chief head founder boss striker midfielder defender goalkeeper
    premier whip speaker treasurer prosecutor adviser advisor correspondent editor
    reporter analyst economist scientist epidemiologist organiser organizer councillor
    councilor cllr candidate attorney
    """
)

#: Words that may precede a role noun inside a role ("Shadow Home Secretary").
ROLE_MODIFIERS = _words(
    """
    prime deputy shadow home foreign health justice education business culture defence
    transport environment energy work pensions treasury first vice acting interim former
    chief executive managing labour conservative tory reform green lib dem liberal
    democrat republican snp plaid us uk eu french german american british police fire
    assistant detective chief superintendent lord high crown state general attorney
    solicitor party opposition cabinet junior senior former ex
    majority minority democratic senate house political competition consultant
    """
)

#: Last words that make a capitalised name an organisation.
ORG_SUFFIXES = _words(
    """
    office department ministry party council committee commission authority agency
    service services police force army navy corps bank trust foundation institute
    institution university college school academy hospital association union
    federation league club group ltd plc inc corp corporation company co limited
    partners holdings industries airways airlines network news times post telegraph
    guardian herald mail express mirror journal court parliament assembly senate
    congress cabinet government executive board society charity fund church
    commons lords nations centre center unit taskforce inquiry review tribunal
    """
)

#: Connectors allowed inside a capitalised name ("Bank of England").
NAME_CONNECTORS = _words("of for de van von der den da di du le la al bin ibn y & für")

#: Verbs of speech after a name suggest a person.
SPEECH_VERBS = _words(
    """
    said says told added wrote explained insisted warned claimed argued admitted
    announced urged stressed confirmed denied replied tweeted posted
    """
)

#: Common first names (a person hint, not a requirement).
FIRST_NAMES = _words(
    """
    adam alan alex alexander alice alison amanda amy andrew angela ann anna anne anthony
    ben benjamin bill bob boris brian caroline catherine charles charlie charlotte chris
    christopher claire daniel david deborah donald ed edward elizabeth emily emma emmanuel
    eric fiona frank gary george gordon grace hannah harry helen henry ian jack james jane
    jeremy jessica jim joe john jonathan joseph julia justin kate katherine keir kemi kevin
    kier laura liz lucy margaret maria mark martin mary matt matthew michael michelle nick
    nicola nigel olivia oliver patrick paul peter philip rachel rebecca richard rishi robert
    rosie ruth sadiq sam samuel sarah simon sophie stephen steve steven susan theresa thomas
    tom tony victoria vladimir wes william yvette angela olaf xi narendra volodymyr
    """
)

#: Countries, nations, regions and cities common in UK news, as lowercase keys.
PLACES = _words(
    """
    afghanistan africa albania algeria america argentina asia australia austria bangladesh
    belarus belgium brazil britain bulgaria canada chile china colombia croatia cuba cyprus
    czechia denmark egypt england estonia ethiopia europe finland france gaza germany
    greece hungary iceland india indonesia iran iraq ireland israel italy japan jordan kenya
    korea kosovo kuwait latvia lebanon libya lithuania luxembourg malaysia mali mexico
    moldova morocco myanmar nepal netherlands nigeria norway pakistan palestine peru
    philippines poland portugal qatar romania russia rwanda scotland serbia singapore
    slovakia slovenia somalia spain sudan sweden switzerland syria taiwan thailand tunisia
    turkey uganda ukraine venezuela vietnam wales yemen zimbabwe
    london manchester birmingham liverpool leeds sheffield bristol newcastle nottingham
    leicester coventry bradford cardiff swansea edinburgh glasgow aberdeen dundee belfast
    derry oxford cambridge brighton southampton portsmouth plymouth norwich york hull
    sunderland middlesbrough stoke wolverhampton reading luton rotherham
    rochdale oldham telford doncaster barnsley wakefield huddersfield bolton wigan
    blackpool blackburn preston carlisle exeter bath dover calais kent essex surrey sussex
    yorkshire lancashire cornwall devon cumbria merseyside midlands
    paris berlin madrid rome brussels amsterdam dublin lisbon vienna warsaw kyiv kiev
    moscow beijing tokyo delhi mumbai washington tehran jerusalem ankara istanbul cairo
    dubai sydney toronto ottawa chicago texas florida california
    queensland tasmania canberra melbourne brisbane adelaide hobart auckland wellington
    bihar kerala punjab gujarat maharashtra karnataka rajasthan assam odisha jharkhand
    kolkata chennai hyderabad bengaluru bangalore lucknow patna
    arizona nevada georgia ohio michigan pennsylvania virginia oregon colorado alaska hawaii
    alabama arkansas connecticut delaware idaho illinois indiana iowa kansas kentucky louisiana
    maine maryland massachusetts minnesota mississippi missouri montana nebraska oklahoma
    tennessee utah vermont wisconsin wyoming
    boston seattle atlanta houston dallas detroit philadelphia miami minneapolis denver phoenix
    nairobi lagos johannesburg bavaria
    """
) | frozenset(
    (
        "northern ireland", "new york", "los angeles", "san francisco", "hong kong",
        "south africa", "north korea", "south korea", "saudi arabia", "united states",
        "new jersey", "new mexico", "north carolina", "south carolina", "north dakota",
        "south dakota", "west virginia", "rhode island", "new hampshire",
        "united kingdom", "new zealand", "sri lanka", "west bank", "middle east",
        "great britain", "milton keynes", "west midlands", "east midlands",
        "new south wales", "western australia", "south australia", "northern territory",
        "gold coast", "new delhi", "uttar pradesh", "tamil nadu", "west bengal",
        "madhya pradesh", "andhra pradesh", "new jersey", "new mexico", "new hampshire",
        "north carolina", "south carolina", "north dakota", "south dakota", "west virginia",
        "rhode island", "washington dc", "new orleans", "las vegas", "san diego",
    )
)

#: Common verbs (base forms) that are rarely nouns: their forms never end a
#: key phrase ("officials urged", "plans announced"). Inflections are derived
#: by ``_phrase_words.verb_forms``; irregular past forms are listed in IRREGULAR_VERBS.
VERBS = _words(
    """
    accept achieve admit adopt advise affect afford agree allow announce appear apply
    approve argue arrange arrive assume attend avoid become believe belong blame borrow
    bring build cancel carry choose collect combine commit complain conclude
    confirm consider consist contain continue contribute convince create decide declare
    decline defend deliver deny depend describe deserve destroy determine develop die
    disappear discover discuss dismiss distribute earn eat emerge enable encourage enjoy
    ensure enter establish examine exist expand expect explain extend fail feel fill
    finish forget forgive gather grow happen hear hide hire hold identify ignore imagine
    improve include indicate insist intend introduce invest invite involve join kill know
    learn leave lend lose maintain manage meet miss notice obtain occur operate oppose
    participate pass perform persuade predict prefer prepare prevent produce
    propose protect prove provide publish pull pursue push raise reach read realise realize
    receive recognise recognize recommend reduce refer refuse reject relate rely remain
    remember remove replace represent require resign resolve respond reveal say seek seem
    sell send serve settle sit speak stand steal succeed suffer suggest suppose survive take
    teach tend thank throw threaten treat understand urge want warn wear wonder worry write
    """
)

IRREGULAR_VERBS = _words(
    """
    was were been being is are am has had having does did done said says told knew known
    became become began begun broke broken brought built bought caught chose chosen came
    dealt drew drawn drove driven ate eaten fell fallen felt fought found flew flown forgot
    forgotten got gotten gave given went gone grew grown heard held hid hidden kept knew
    laid led left lent lost made meant met paid ran rose risen saw seen sold sent set shot
    shown sat slept spoke spoken spent stood stole stolen struck taken taught thought threw
    thrown took understood woke won wore worn wrote written would could should might must
    swept sought fled spread upheld withdrew withdrawn overturned burst beat hit shut hurt quit
    """
)

#: Number words: quantities, never key phrases ("predicted seven").
NUMBER_WORDS = _words(
    """
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand million billion trillion half dozen
    """
)

#: Comparatives and superlatives that make a phrase a description, not a
#: subject ("largest fire", "fewer fires"); see ``_phrase_words.edge_ok``.
DEGREE_ADJ = _words(
    """
    fewer larger bigger smaller largest biggest smallest highest lowest greatest worst best
    most least oldest newest longest strongest worst-hit hardest latest earliest
    """
)

#: Describing and judging adjectives: "exciting result", "outstanding candidate",
#: "new ideas" say how the writer sees a thing, not what the story is about; such a
#: word never starts a key phrase (the noun after it still may be one).
EVALUATIVE_ADJ = _words(
    """
    new exciting outstanding mild weak strong stronger weaker better worse good bad great
    excellent terrible huge massive tough difficult easy tense wonderful amazing incredible
    remarkable shocking dramatic brilliant impressive disappointing poor nice lovely perfect
    decent modest tentative extra unprecedented crucial critical urgent major main obvious
    impossible steady swift towering expensive quick different quiet unsentimental
    last next past previous recent coming late mid sure loose right wrong risky top separate
    whole entire sheer overall typical frantic comparable powerful tight wicked lucky unlucky fortunate
    significant resulting
    """
)

#: Words ending in "-est" that are not superlatives.
EST_NOUNS = _words(
    """
    forest interest protest request arrest contest harvest conquest inquest manifest
    honest modest digest suggest invest test west east rest pest nest quest guest chest
    unrest midwest southwest northwest southeast northeast
    """
)


#: Decades of a life or a century: "in her late thirties", "the nineties" are
#: time expressions, never part of a key phrase.
DECADES = _words("teens twenties thirties forties fifties sixties seventies eighties nineties")


#: Phrases that narrate or judge instead of naming a subject: idioms ("a turning point",
#: "the human cost", "a wake-up call") and the routine events of a match or a deal ("a
#: second yellow card", "stoppage time", "a Series B funding round"). Every story can hold
#: them; a reader following #turningpoint or #fundinground gets every story. Never a tag,
#: nor the end of one. Keys as the tagger counts them: lower case, last word singular.
FIGURES_OF_SPEECH = frozenset(
    tuple(p.split())
    for p in """
    turning point; tipping point; sticking point; starting point; focal point; pressure point;
    human cost; wake-up call; bottom line; vote of confidence; game changer; silver lining;
    level playing field; uphill battle; uphill struggle; perfect storm; double-edged sword;
    big picture; long run; knock-on effect; common ground; middle ground; fresh start;
    clean slate; lion share; rubber stamp; quantum leap; watershed moment; defining moment;
    golden opportunity; hot potato; gold standard; rallying cry; red line; litmus test; acid test;
    yellow card; red card; second yellow; stoppage time; injury time; extra time; added time;
    free kick; corner kick; penalty area; penalty spot; half time; full time; match point;
    set point; break point; championship point; opening goal; winning goal; own goal;
    final whistle; opening stage; closing stage; closing minute; opening minute; bottom corner;
    top corner; far post; near post;
    funding round; investment round; series a; series b; series c; series d; seed round
    """.replace("\n", " ").split(";")
    if p.strip()
)


#: Measures after "of": "an earthquake of magnitude 5.9" is an earthquake, "a storm of
#: category 4" a storm; the phrase counts for its head.
OF_MEASURES = _words("magnitude strength intensity category")
