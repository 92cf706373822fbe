"""Phrase shapes that are not tags: verbs read from their neighbours, time
expressions, lone generic nouns, topic phrases that name more than their topic.

Each text is written for the test; each assertion names the fragment a reader
saw before the rule (#handledallegations, #latethirties, #causeflash...).
"""

from __future__ import annotations

from tagwire.enrich import default_topics, enrich_article
from tagwire.enrich._verb_cues import can_be_verb, us_spelling
from tagwire.enrich.hashtags import automatic_tags, normalise_tag


def tags(title: str, text: str) -> list[str]:
    return [t.tag for t in automatic_tags(title, text)]


def topic_tags(title: str, text: str) -> list[str]:
    """The curated topics matched (automatic tags aside)."""
    return [t.tag for t in enrich_article(title=title, text=text, topics=default_topics()).tags if t.kind == "topic"]


def test_a_subject_then_a_past_form_is_no_phrase():
    text = ("An inquiry found that officers handled allegations of abuse badly. The inquiry "
            "into abuse allegations will report in May. Officers handled allegations from three "
            "families. The abuse allegations were first made in 2019.")
    got = tags("Inquiry criticises police over abuse allegations", text)
    assert "abuseallegations" in got and "handledallegations" not in got, got


def test_an_adverb_then_a_past_form_is_a_verb():
    text = ("At the launch of the chip, she barely mentioned speed. The chip uses less power "
            "than its rivals. She barely mentioned speed again; power use was the theme.")
    assert "mentionedspeed" not in tags("Chip maker bets on power use", text)


def test_a_relative_then_a_verb_is_no_phrase():
    text = ("Autumn rain is heavier now. Extreme bursts of the kind that cause flash flooding "
            "are 20% more likely. Flash flooding hit three towns last year, and the risk of "
            "flash flooding is rising.")
    got = tags("Climate change makes autumn rain heavier", text)
    assert "flashflooding" in got and "causeflash" not in got and "flash" not in got, got


def test_a_plural_then_a_word_that_can_be_a_verb_is_subject_and_verb():
    text = ("Rail workers vote on strikes this week. The union says rail workers vote by post. "
            "Wholesale costs fall when demand drops, and fans criticise ticket prices.")
    got = tags("Rail workers vote on strikes", text)
    assert "railworkers" in got, got
    assert not {"railworkersvote", "workersvote", "wholesalecostsfall", "fanscriticise"} & set(got), got


def test_a_plural_english_puts_before_nouns_keeps_its_noun():
    text = ("The sales tax rises in April. Shops say the sales tax will hurt trade. The sales "
            "tax was last raised in 2011.")
    assert "salestax" in tags("Sales tax to rise in April", text)


def test_a_name_then_a_verb_in_s_before_an_object_is_no_phrase():
    got = tags("Ofgem consults on cutting standing charges as rail workers vote to strike", "")
    assert "ofgem" in got and "standingcharges" in got, got
    assert not {"ofgemconsults", "railworkersvote"} & set(got), got
    got = tags("Callum Forde signs new deal at Harbour Rovers", "")
    assert "callumforde" in got and "callumfordesigns" not in got, got
    assert "ministerslobbyingintensifies" not in tags("Ministers delay bill as industry lobbying intensifies", "")
    assert "industrylobbyingintensifies" not in tags("Ministers delay bill as industry lobbying intensifies", "")


def test_a_plural_then_an_ing_word_is_subject_and_verb():
    text = ("Storm Kester left homes losing power across the west. Power cuts lasted two days. "
            "Engineers said power cuts would end on Friday, with homes losing power again at night.")
    assert "homeslosingpower" not in tags("Storm Kester: power cuts in the west", text)


def test_life_decades_and_late_are_time_expressions():
    text = ("Rachel Ainsworth, who was in her late thirties, had reported the stalking six times before "
            "she was killed, a police watchdog has found. Officers treated each stalking report on its own "
            "and never recorded the pattern, the Independent Office for Police Conduct said on Wednesday. "
            "Two officers will face misconduct hearings. Her sister said the family had waited years for "
            "the stalking report. Cumbria Police apologised and said a stalking unit had been set up. "
            "In a separate case, a late self-portrait by Frida Kahlo went on show in London.")
    got = tags("Police failed stalking victim, watchdog finds", text)
    assert "rachelainsworth" in got and "cumbriapolice" in got, got
    assert not {"latethirties", "thirties", "lateselfportrait", "separatecase"} & set(got), got


def test_comparatives_start_no_phrase_except_a_sector():
    text = ("Warmer seas feed heavier storms. Warmer seas were recorded off Cornwall, and warmer "
            "seas are forecast again. Residents were told to move to higher ground. Higher "
            "education funding was cut; higher education colleges will merge.")
    got = tags("Warmer seas feed storms", text)
    assert not {"warmerseas", "higherground"} & set(got), got
    assert "highereducation" in got, got


def test_lone_participants_and_institutions_are_not_tags():
    text = ("Households will pay more from April, the regulator said. Households on prepayment "
            "meters pay most. The regulator said households could switch. The army and the "
            "regulator were not named. Prepayment meters cost households £50 more.")
    got = tags("Households to pay more, regulator says", text)
    assert "prepaymentmeters" in got, got
    assert not {"households", "regulator", "army"} & set(got), got


def test_a_name_with_only_a_group_of_people_after_it_is_no_tag():
    text = ("Federal Reserve officials signalled fewer rate cuts. Federal Reserve officials met "
            "on Tuesday. The Federal Reserve left rates unchanged.")
    got = tags("Federal Reserve signals fewer cuts", text)
    assert "federalreserve" in got and "federalreserveofficials" not in got, got


def test_a_participle_or_an_adjective_with_a_generic_noun_says_nothing():
    text = ("The chancellor scrapped a planned rise in fuel duty. The planned rise would have "
            "added 5p. Saudi Arabia and the US issued a joint statement on the talks. Fuel duty "
            "has been frozen since 2011.")
    got = tags("Chancellor scraps fuel duty rise", text)
    assert "fuelduty" in got and not {"plannedrise", "jointstatement"} & set(got), got


def test_noun_ing_compounds_are_phrases_but_not_a_running_count():
    text = ("Halden Foods issued its second profit warning since September. The profit warning "
            "sent shares down. Bills have risen for the third month running; they rose for the "
            "second year running.")
    got = tags("Halden Foods issues second profit warning", text)
    assert "profitwarning" in got, got
    assert not {"secondprofitwarning", "monthrunning", "yearrunning"} & set(got), got


def test_vague_of_phrases_are_not_tags_but_the_cost_of_living_is():
    text = ("After years of complaints, the regulator acted. Fines of up to 6 per cent of "
            "turnover apply. The cost of living rose again; the cost of living is the main "
            "worry. Years of complaints preceded it.")
    got = tags("Regulator acts on the cost of living", text)
    assert "costofliving" in got, got
    assert not {"yearsofcomplaints", "centofturnover"} & set(got), got


def test_right_is_an_honorific_only_before_hon():
    assert normalise_tag("Rt Hon Keir Starmer") == "keirstarmer"
    assert normalise_tag("Right Honourable Jane Smith") == "janesmith"
    assert normalise_tag("right direction") == "rightdirection"
    assert normalise_tag("Right to Buy") == "righttobuy"


def test_british_spellings_are_read_as_verbs():
    assert us_spelling("criticise") == "criticize" and us_spelling("organisation") == "organization"
    assert can_be_verb("criticize") and can_be_verb("vote") and can_be_verb("fall")
    assert not can_be_verb("scientist")


def test_ceasefire_talks_are_not_only_about_gaza():
    text = ("Ceasefire talks in Jeddah between Sudan's army and the RSF collapsed. Sudan's "
            "army blamed the RSF. The ceasefire talks had run since October.")
    assert "gaza" not in topic_tags("Sudan ceasefire talks collapse", text)
    assert "gaza" in topic_tags("Gaza ceasefire talks resume", "Talks on Gaza resumed in Cairo.")


def test_small_boats_need_a_migration_word():
    fishing = ("The island's fleet has shrunk as small boats gave way to trawlers. The film "
               "follows the small boats of one harbour.")
    assert "smallboats" not in topic_tags("Film about an island's small boats wins prize", fishing)
    crossing = ("More than 800 people crossed the Channel in small boats on Monday, the Home "
                "Office said. Small boats crossings are up this year.")
    assert "smallboats" in topic_tags("Record small boats crossings", crossing)


def test_an_everyday_word_alone_is_a_tag_only_when_the_headline_uses_it():
    text = ("Residents pumped water out of their homes as the River Lenn burst its banks. Water "
            "rose above the doors on Bridge Street, and water covered the leisure centre floor. "
            "The Environment Agency issued flood warnings for the River Lenn. Flood warnings "
            "remain in place, and trees fell on two roads. Trees blocked the bypass.")
    got = tags("River Lenn bursts its banks in Wenlow", text)
    assert "riverlenn" in got and "floodwarnings" in got, got
    assert not {"water", "trees"} & set(got), got
    got = tags("Hosepipe ban as water runs short", text + " Water use must fall, the company said.")
    assert "water" in got, got


def test_an_ing_word_after_a_comma_opens_a_clause():
    text = ("The discount will go to 2.7 million more households this winter, meaning eligible "
            "families will get £150 off their bills. The warm home discount is paid by suppliers. "
            "The warm home discount was widened in 2022.")
    got = tags("Warm home discount widened", text)
    assert "warmhomediscount" in got and "meaningeligiblefamilies" not in got, got


def test_a_part_of_something_is_no_tag():
    text = ("Engineering works in the middle of winter raise the prospect of disruption for "
            "commuters. The rail regulator approved the engineering works. Engineering works "
            "will close the line for nine days, raising the prospect of disruption again.")
    got = tags("Engineering works to close rail line", text)
    assert "engineeringworks" in got, got
    assert not {"middleofwinter", "prospectofdisruption"} & set(got), got


def test_that_before_an_adjective_is_a_determiner_not_a_relative():
    text = ("The review challenges the idea that moderate drinking protects the heart. Earlier "
            "studies of moderate drinking counted former heavy drinkers among non-drinkers. "
            "The authors said moderate drinking had no benefit.")
    assert "moderatedrinking" in tags("Moderate drinking brings no benefit, review finds", text)


def test_and_inside_an_organisation_or_a_law_is_one_name():
    text = ("Cumbria Fire and Rescue Service said crews helped passengers from the train. The "
            "government published the AI Safety and Standards Bill on Monday. Keir Starmer and "
            "Rachel Reeves backed the AI Safety and Standards Bill. Cumbria Fire and Rescue "
            "Service later reopened the road.")
    got = tags("Bill published as crews clear line", text)
    assert "cumbriafireandrescueservice" in got and "aisafetyandstandardsbill" in got, got
    assert not {"cumbriafire", "rescueservice", "standardsbill", "aisafety"} & set(got), got
    assert "keirstarmer" in got and "rachelreeves" in got, got


def test_for_joins_a_name_only_after_an_organisation_or_a_role():
    text = ("Chelsea have agreed a fee of £60m with Napoli for Victor Osimhen. Victor Osimhen "
            "scored 26 goals last season. The Institute for Fiscal Studies said the fee was "
            "large. Osimhen will sign a five-year contract.")
    got = tags("Chelsea agree deal for Osimhen", text)
    assert "victorosimhen" in got and "instituteforfiscalstudies" in got, got
    assert "napoliforvictorosimhen" not in got, got


def test_attorney_general_is_a_role_and_us_alone_is_no_tag():
    text = ("Texas Attorney General Ken Paxton said he would appeal to the 5th U.S. Circuit. "
            "The U.S. Supreme Court may hear it. Paxton said the Ten Commandments law was "
            "lawful. The Ten Commandments law was blocked on Wednesday.")
    got = tags("Judge blocks Ten Commandments law", text)
    assert "kenpaxton" in got and "texasattorneygeneralkenpaxton" not in got, got
    assert "us" not in got, got


def test_speed_and_length_compounds_and_counted_periods_are_no_tags():
    text = ("A fast-moving wildfire forced 30,000 people to flee. The fast-moving wildfire grew "
            "in the third quarter of the day. The museum agreed a long-term loan; the long-term "
            "loan starts in the third quarter. Firefighters said the wildfire was 5% contained.")
    got = tags("Wildfire forces thousands to flee", text)
    assert "wildfire" in got, got
    assert not {"fastmovingwildfire", "thirdquarter", "longtermloan"} & set(got), got


def test_a_past_form_after_be_or_have_is_a_verb_not_a_describing_word():
    text = ("Regulated rail fares in England will rise by 3.1% in March, the Department for Transport said. "
            "The rise applies to season tickets on most commuter routes. Passenger groups said commuters "
            "faced another year of higher fares, and that trains were often late and crowded.\n\n"
            "The RMT union said it was unfair to ask passengers to pay more while staff were offered "
            "below-inflation pay rises. Customers in arrears have been offered affordable repayment plans.\n\n"
            "The minister said the rise was the lowest in four years and that the money would be spent on "
            "new trains, better stations and more reliable services across the network. Operators said "
            "ticket offices would stay open and that fares for young people would be frozen for a year.")
    got = tags("Regulated rail fares to rise by 3.1% in March", text)
    assert not [t for t in got if t.startswith("offered")], got
    assert {"belowinflationpay", "affordablerepaymentplans"} <= set(got), got


def test_a_place_that_ends_an_organisations_name_is_not_a_tag_beside_it():
    text = ("NHS England said the waiting list fell to 7.4 million in September. Hospitals in "
            "England treated more patients than ever, NHS England said, but waits in England "
            "for cancer care grew.")
    got = tags("Hospital waiting list falls for third month", text)
    assert "nhsengland" in got and "england" not in got, got
    # the headline's place stays, and a place leading a name is where it is
    assert "england" in tags("Waiting list falls in England", text)
    text = ("Leeds Crown Court heard the fire began at night. Leeds firefighters were called. "
            "The court in Leeds was told the man admitted arson.")
    assert {"leedscrowncourt", "leeds"} <= set(tags("Man jailed over warehouse fire", text))


def test_capitals_before_a_number_are_a_code_not_a_name():
    text = ("Astronomers have found signs of an atmosphere on a rocky planet. The planet, known as "
            "TOI 270 d, orbits a small star about 73 light years from Earth.\n\nThe rocky planet takes "
            "11 days to orbit its star, and the atmosphere may hold water, the team said. The team "
            "will look at the rocky planet again next year with a larger telescope to check the result.\n\n"
            "Other planets of its kind have turned out to be bare rock, scorched by the radiation of "
            "their stars. If the finding holds, it would be the smallest world known to keep an "
            "atmosphere so close to its star, and a target for the next generation of instruments.")
    got = tags("Telescope spots atmosphere on rocky planet", text)
    assert "toi" not in got and {"rockyplanet", "smallstar"} <= set(got), got
    # written alone once as well, the name is a name
    got = tags("Telescope spots atmosphere on rocky planet", text + " TOI data are public.")
    assert "toi" in got, got


def test_a_word_after_police_in_a_headline_is_its_verb():
    text = ("Police fired tear gas at protesters in the capital on Tuesday. Protesters set fire to "
            "tyres and blocked roads in the business district. The police force said 40 people were "
            "arrested.\n\nThe protests began a year ago over the cost of living, and organisers said "
            "they would march again next week. Rights groups said the police response was brutal, "
            "and the interior ministry promised an inquiry into the deaths of two protesters.")
    got = tags("Police fire tear gas as thousands march in the capital", text)
    assert "fire" not in got and got, got
    assert "fire" in tags("Protesters set fire to tyres: police fire tear gas", text)  # the noun stays
    assert "policeforce" in tags("Police force fined over data breach",
                                 "The police force was fined. The police force said it would pay.")


def test_idioms_and_routine_match_or_deal_events_are_no_tags():
    """#turningpoint, #yellowcard, #humancost, #fundinground were shown: every story has them."""
    match = ("Harbour Rovers beat Millbrook 2-1 on Saturday. Dan Ballard was shown a second yellow card "
             "after 50 minutes, and manager Phil Parkinson called it the turning point. Harbour Rovers "
             "scored twice in stoppage time. Millbrook said the yellow card was harsh.")
    got = tags("Harbour Rovers beat Millbrook", match)
    assert "harbourrovers" in got and not {"yellowcard", "secondyellowcard", "turningpoint", "stoppagetime"} & set(got)
    deal = ("Lumora, a Cambridge start-up, has raised $140m in a Series B funding round led by Sequoia "
            "Capital. Campaigners said the human cost of the chip shortage was high. Lumora makes "
            "photonic processors; Lumora will hire 150 engineers with the funding round.")
    got = tags("Lumora raises $140m", deal)
    assert "lumora" in got and not {"seriesb", "fundinground", "seriesbfundinground", "humancost"} & set(got)


def test_a_season_opening_a_quote_is_no_name():
    text = ("Record numbers of patients waited more than 12 hours in corridors last month, figures "
            "published on Thursday show. Hospitals said flu cases had risen sharply and that planned "
            "operations were being cancelled to free beds. Campaigners said the figures hid the true "
            "scale of long waits. The Patients First Alliance said it had received hundreds of reports "
            "from people who had spent a night or more in corridors, and called for every hospital to "
            "publish its own figures on corridor care. Dr Omar Siddiqui, of the Healthcare Futures "
            "Institute, warned: \u201cWinter is about to put the whole system under pressure.\u201d")
    assert "winter" not in tags("Hospitals full as patients wait", text)


def test_an_earthquake_of_magnitude_is_the_earthquake():
    text = ("An earthquake of magnitude 5.9 struck off Crete early on Tuesday, shaking buildings in "
            "Heraklion, Greece's Institute of Geodynamics said. The quake was felt in Athens.")
    got = tags("Earthquake of magnitude 5.9 strikes off Crete", text)
    assert "earthquake" in got and not {"earthquakeofmagnitude", "magnitude"} & set(got), got
    # a country owns the institute; it is not part of its name ("King's College" still is)
    assert "greecesinstituteofgeodynamics" not in got and "instituteofgeodynamics" in got, got


def test_a_word_used_alone_before_a_longer_name_is_a_name_of_its_own():
    """"Apple" in four paragraphs, then "Apple Intelligence" once: #appleintelligence took
    every "Apple" and #apple was lost. "Redhill Rovers" first, then "Redhill", still folds."""
    text = ("Apple has unveiled its thinnest phone yet as it tries to revive sales in China. Apple said "
            "the phone would go on sale next Friday. Analysts said the launch was important for Apple. "
            "Apple also said its Apple Intelligence features would arrive in Chinese later this year. "
            "Shares in Apple fell 1.5% in New York after the event, and analysts at Counterpoint said "
            "sales in China had fallen for a third quarter.")
    got = tags("Apple unveils thinner phone as sales in China slide", text)
    assert "apple" in got, got
    club = ("Redhill Rovers won the Albion Cup on Saturday. Redhill scored twice in the second half, and "
            "Redhill fans celebrated on the pitch. The manager said Redhill had deserved the win after a "
            "long season, and the club will parade the cup through the town on Sunday.")
    got = tags("Redhill win Albion Cup", club)
    assert "redhillrovers" in got and "redhill" not in got, got


def test_where_something_was_said_is_no_tag():
    text = ("A federal appeals court has ruled that most of the tariffs imposed on trading partners were "
            "illegal. The president said on social media that the ruling would destroy the economy. The "
            "commerce secretary told a news conference the government would appeal to the Supreme Court. "
            "The tariffs stay in place until October while the appeal is heard. Importers that "
            "brought the case, including a wine merchant in New York, said they had paid millions of "
            "dollars in duties, and the ruling does not cover the tariffs on steel and aluminium.")
    got = tags("Tariffs were illegal, appeals court says", text)
    assert "tariffs" in got and not {"socialmedia", "newsconference"} & set(got), got


def test_a_phrase_met_once_after_his_or_its_is_a_detail():
    text = ("Marcus Hale, a former bank chief executive, has lost his High Court challenge against "
            "extradition to the United States, where he faces fraud charges. US prosecutors say Marcus "
            "Hale hid losses of $400m from investors at Harcourt Capital. The judges rejected the "
            "argument that extradition would breach his rights because of his heart condition, and "
            "said American prisons could provide the care he needed. His lawyers said they would "
            "consider an appeal to the Supreme Court; the Home Secretary approved the extradition.")
    got = tags("Former bank boss loses fight against extradition", text)
    assert "extradition" in got and "marcushale" in got and "heartcondition" not in got, got
