"""The emergency screen, measured on the labelled corpus and checked sentence by sentence.

The corpus figures are the contract: every emergency in the held-out (test) split must be caught, and at
most 2% of the other test messages may raise a false alarm. The rules were written from the train split.
The check sets (`safety_check*.jsonl`) were written after the screen was tuned and each was run once blind
before it was used to improve it (see the corpus README): on them every emergency must get the 911 answer
or the possible-emergency answer (the red flags and the learned net, `red_flags.py`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import re2

from mojoe.assistant.nlu.evaluate import CHECK_SETS, load_check_set, safety_figures
from mojoe.assistant.nlu.schema import INTENTS, PARTS_OF_DAY, URGENCIES
from mojoe.assistant.red_flags import suspected_emergency
from mojoe.assistant.safety import SafetyResult, detect_language, normalize, screen
from mojoe.assistant.safety_context import FirstLook, sentences, without_lookarounds

CORPUS = Path(__file__).resolve().parents[1] / "nlu" / "corpus" / "messages.jsonl"


def load_corpus() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return load_corpus()


def figures(rows: list[dict]) -> tuple[int, int, int, int]:
    """(emergencies, emergencies caught, non-emergencies, false alarms) with the labelled language."""
    emergencies = caught = others = false_alarms = 0
    for row in rows:
        flagged = screen(row["text"], language=row["lang"]).is_emergency
        if row["urgency"] == "emergency":
            emergencies += 1
            caught += flagged
        else:
            others += 1
            false_alarms += flagged
    return emergencies, caught, others, false_alarms


# --- The corpus itself -------------------------------------------------------------------------------------


def test_corpus_rows_are_well_formed(corpus):
    texts = set()
    for row in corpus:
        assert set(row) <= {"text", "lang", "intent", "urgency", "split", "when"}, row
        assert row["text"].strip() and row["text"] not in texts, row
        texts.add(row["text"])
        assert row["lang"] in ("en", "es")
        assert row["intent"] in INTENTS
        assert row["urgency"] in URGENCIES
        if "when" in row:
            when = row["when"]
            assert set(when) == {"date", "time", "part_of_day"}
            assert any(when.values()), row
            assert when["part_of_day"] in (None, *PARTS_OF_DAY)
            if when["date"]:
                assert len(when["date"]) == 10 and when["date"][4] == "-"
            if when["time"]:
                hours, minutes = when["time"].split(":")
                assert 0 <= int(hours) < 24 and 0 <= int(minutes) < 60


def test_corpus_split_follows_the_hash_rule(corpus):
    for row in corpus:
        bucket = int(hashlib.sha256(row["text"].encode("utf-8")).hexdigest()[:8], 16) % 4
        assert row["split"] == ("test" if bucket == 0 else "train"), row["text"]


def test_corpus_has_enough_of_everything(corpus):
    assert len(corpus) >= 1600
    intents = Counter(row["intent"] for row in corpus)
    assert all(intents[intent] >= 50 for intent in INTENTS), intents
    urgencies = Counter(row["urgency"] for row in corpus)
    assert urgencies["emergency"] >= 150
    spanish = sum(row["lang"] == "es" for row in corpus)
    assert 0.15 <= spanish / len(corpus) <= 0.35
    test_share = sum(row["split"] == "test" for row in corpus) / len(corpus)
    assert 0.2 <= test_share <= 0.3


# --- Figures on the corpus ---------------------------------------------------------------------------------


@pytest.mark.parametrize("split", ["train", "test"])
def test_every_emergency_is_caught(corpus, split):
    rows = [row for row in corpus if row["split"] == split]
    missed = [
        row["text"]
        for row in rows
        if row["urgency"] == "emergency" and not screen(row["text"], language=row["lang"]).is_emergency
    ]
    assert missed == []


@pytest.mark.parametrize("split", ["train", "test"])
def test_false_alarms_stay_under_two_percent(corpus, split):
    _, _, others, false_alarms = figures([row for row in corpus if row["split"] == split])
    assert false_alarms / others <= 0.02


def test_every_test_emergency_is_caught_without_the_language_hint(corpus):
    rows = [row for row in corpus if row["split"] == "test" and row["urgency"] == "emergency"]
    assert all(screen(row["text"]).is_emergency for row in rows)


def test_urgent_detection_on_the_test_split(corpus):
    """Urgency below 911 is best effort: most same-day cases found, few routine messages raised."""
    rows = [row for row in corpus if row["split"] == "test"]
    urgent = [row for row in rows if row["urgency"] == "urgent"]
    routine = [row for row in rows if row["urgency"] == "routine"]
    found = sum(screen(row["text"], language=row["lang"]).urgency == "urgent" for row in urgent)
    raised = sum(screen(row["text"], language=row["lang"]).urgency != "routine" for row in routine)
    assert found / len(urgent) >= 0.7
    assert raised / len(routine) <= 0.05


def test_language_detection_on_the_corpus(corpus):
    wrong = [row["text"] for row in corpus if detect_language(row["text"]) != row["lang"]]
    assert len(wrong) / len(corpus) <= 0.02, wrong


# --- The check sets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("check", CHECK_SETS, ids=lambda check: check.file)
def test_the_rules_alone_never_do_worse_than_on_the_first_run(check):
    """The rules stay the precise layer (the 911 answer): on new wording they catch about half of the
    emergencies, and the suspicion layers below them catch the rest. This holds their first-run figures."""
    figures, first = safety_figures(load_check_set(check.file)), check.first_run
    assert (figures.emergencies, figures.others) == (first.emergencies, first.others)  # the set is frozen
    assert figures.by_rules >= first.rules
    assert figures.rule_alarms <= first.rule_alarms


# --- Rules or a suspicion (red flags, learned net) on every check set -------------------------------------

# Today's figures, after each set was run once blind and then used to improve the red flags (see the corpus
# README): every emergency gets the 911 answer or the possible-emergency answer, and the screen alone (the 911
# answer) catches (first figure) at least as many as today. False alarms (second figure) are counted over the
# sets' hard negatives and same-day clinical questions; they may fall, never rise.
CHECK_SETS_TODAY = {
    "safety_check.jsonl": (86, 3),
    "safety_check_2.jsonl": (127, 2),
    "safety_check_3.jsonl": (146, 0),
    "safety_check_4.jsonl": (145, 1),
    "safety_check_5.jsonl": (177, 3),
    "safety_check_6.jsonl": (166, 0),
}


@pytest.mark.parametrize("check", CHECK_SETS, ids=lambda check: check.file)
def test_rules_or_a_suspicion_catch_every_emergency_of_the_check_sets(check):
    rows = load_check_set(check.file)
    missed = [
        row["text"]
        for row in rows
        if row["urgency"] == "emergency"
        and not screen(row["text"], language=row["lang"]).is_emergency
        and suspected_emergency(row["text"]) is None
    ]
    assert missed == []
    figures = safety_figures(rows)
    screen_caught, alarms = CHECK_SETS_TODAY[check.file]
    assert figures.by_screen >= screen_caught
    assert figures.either_alarms <= alarms
    assert (figures.emergencies, figures.others) == (check.first_run.emergencies, check.first_run.others)


@pytest.mark.parametrize("check", CHECK_SETS, ids=lambda check: check.file)
def test_check_sets_are_new_messages(check, corpus):
    seen = {row["text"] for row in corpus}
    for other in CHECK_SETS:
        if other.file != check.file:
            seen |= {row["text"] for row in load_check_set(other.file)}
    for row in load_check_set(check.file):
        assert set(row) == {"text", "lang", "urgency"}, row
        assert row["lang"] in ("en", "es") and row["urgency"] in URGENCIES, row
        assert row["text"].strip() and row["text"] not in seen, row
        seen.add(row["text"])


def test_suspicions_stay_rare_on_routine_messages(corpus):
    """Either answer on at most 2% of the held-out routine messages (the everyday traffic of a practice)."""
    figures = safety_figures([row for row in corpus if row["split"] == "test"])
    assert figures.by_either == figures.emergencies
    assert figures.routine_alarms / figures.routine <= 0.02


# --- Each category, in English and in Spanish --------------------------------------------------------------

EMERGENCIES = [
    ("cardiac", "en", "my chest has been hurting for an hour and I'm sweating buckets"),
    ("cardiac", "en", "dad says there is a heavy pressure on his chest and he looks gray"),
    ("cardiac", "es", "tengo dolor de pecho desde hace una hora y me falta fuerza en el brazo"),
    ("cardiac", "es", "creo que a mi suegro le está dando un infarto"),
    ("stroke", "en", "her face is drooping and she can't lift her arm"),
    ("stroke", "en", "he suddenly can't speak and his right side is weak"),
    ("stroke", "es", "mi mamá tiene la cara caída y no puede hablar bien"),
    ("stroke", "es", "creo que a mi papá le está dando una embolia"),
    ("breathing", "en", "my son can't breathe, his lips are blue"),
    ("breathing", "en", "i cnt breathe"),
    ("breathing", "es", "mi hija no puede respirar"),
    ("breathing", "es", "el niño se atragantó con una uva"),
    ("bleeding", "en", "there's blood everywhere and it won't stop"),
    ("bleeding", "en", "he is throwing up blood"),
    ("bleeding", "es", "mi esposo se cortó con la sierra y sangra mucho"),
    ("anaphylaxis", "en", "my throat is closing up after eating walnuts"),
    ("anaphylaxis", "es", "se me está cerrando la garganta después de comer nueces"),
    ("overdose", "en", "I swallowed a whole bottle of pills"),
    ("overdose", "en", "my toddler swallowed some of grandma's heart pills"),
    ("overdose", "es", "mi hijo se tomó muchas pastillas de su abuela"),
    ("suicide", "en", "I'm thinking of ending my life"),
    ("suicide", "en", "kms"),
    ("suicide", "es", "quiero quitarme la vida"),
    ("suicide", "es", "no le veo sentido a seguir viviendo"),
    ("unresponsive", "en", "my wife won't wake up"),
    ("unresponsive", "en", "I'm at your office and my husband is unresponsive"),
    ("unresponsive", "es", "mi papá está inconsciente en el piso"),
    ("seizure", "en", "he's having a seizure"),
    ("seizure", "es", "mi hija está convulsionando"),
    ("burn", "en", "my daughter pulled a pot of boiling water onto herself"),
    ("burn", "es", "me quemé con aceite hirviendo y se me cayó la piel"),
    ("pregnancy", "en", "I'm 20 weeks pregnant and bleeding a lot"),
    ("pregnancy", "es", "estoy embarazada de 5 meses y estoy sangrando"),
    ("meningitis", "en", "he has a fever of 103 and his neck is so stiff he can't look down"),
    ("meningitis", "en", "fever plus a rash, I did the glass test and the spots are still there"),
    ("meningitis", "es", "mi niña tiene calentura y el cuello bien tieso"),
    ("overdose", "en", "my 4 year old swallowed a button battery from the remote"),
    ("overdose", "en", "she took a handful of xanax with a bottle of wine"),
    ("overdose", "es", "mi bebé se comió una pastilla de detergente"),
    ("overdose", "es", "mi nieto se tomó varias pastillas de mi esposo"),
    ("trauma", "en", "My husband fell off the ladder onto his head. He keeps asking the same questions."),
    ("trauma", "en", "was in a car wreck, my neck is killing me and my arms are tingling"),
    ("trauma", "es", "se cayó de la cama y se pegó en la cabeza, ya vomitó dos veces"),
    ("stroke", "en", "dad's face went lopsided at dinner and his speech is slurred"),
    ("stroke", "en", "headache came on all at once and now I'm seeing double"),
    ("stroke", "es", "a mi esposo se le torció la boca y no puede levantar el brazo"),
    ("breathing", "en", "he's gulping for air"),
    ("breathing", "es", "no le entra el aire a mi bebé"),
]


@pytest.mark.parametrize(("category", "lang", "text"), EMERGENCIES)
def test_emergency_categories(category, lang, text):
    result = screen(text)
    assert (result.urgency, result.category, result.language) == ("emergency", category, lang)
    assert result.matched and result.reply


def test_present_trouble_outweighs_an_old_history():
    assert screen("I had a heart attack in 2019 and I'm having the same chest pain right now").is_emergency
    assert screen("my dad had a stroke 3 years ago and now his face is drooping again").is_emergency


def test_findings_told_in_separate_sentences_are_put_together():
    result = screen(
        "My son fell off his bike. He hit his head on the curb. Now he keeps falling asleep on the couch"
    )
    assert (result.urgency, result.category) == ("emergency", "trauma")
    assert screen("my 3yo got into my purse. I think she ate some of my pills").category == "overdose"
    # An injury months or years old, told with today's complaint, is history.
    assert not screen(
        "I was in a car accident in 2018 and now my neck hurts with tingling, need a refill"
    ).is_emergency


def test_an_acute_state_is_not_silenced_by_an_administrative_context():
    assert screen("need a refill on my inhaler, I can't breathe").is_emergency
    assert screen("I can't pay this bill, I want to kill myself").category == "suicide"


# --- Hard negatives: red-flag words in routine messages ----------------------------------------------------

HARD_NEGATIVES = [
    "the EKG results from my checkup",
    "a letter about my heart surgery last year for my employer",
    "traffic was murder, sorry I'm late",
    "my mom had a stroke 5 years ago, need to update family history",
    "is chest x-ray covered by my insurance",
    "killing time in the waiting room lol",
    "I'm dying to know my cholesterol numbers",
    "refill for my seizure medication",
    "can't breathe a word of this to my wife but I need a vasectomy consult",
    "the bleeding from my blood draw stopped, thanks",
    "I nearly had a heart attack when I saw the price lol",
    "can you send my cardiology records from the heart attack to Dr. Jones",
    "my son's seizure action plan for school",
    "the billing office is unresponsive",
    "I passed out flyers at the health fair",
    "I am not having any chest pain",
    "history of heart attack, need a physical",
    "what are the symptoms of anaphylaxis?",
    "my kid choked on his words at the school play lol",
    "is it normal to have chest pain when I cough with a cold?",
    "my husband snores and stops breathing at night, can he get a sleep study?",
    "can't breathe through my nose since the cold",
    "I overdid it at the gym, sore all over",
    "I'm drowning in paperwork, can I bring the forms in person?",
    "I'd die for an earlier appointment",
    "I hurt myself lifting boxes, can I get a PT referral?",
    "do I have a plan with this insurance?",
    "it's pouring rain, running a bit late",
    "I had food poisoning last weekend, better now",
    "mi papá tuvo un infarto hace 10 años, ¿lo pongo en mis antecedentes?",
    "me muero por saber mis resultados",
    "¿el seguro cubre el electrocardiograma?",
    "necesito la receta de mi medicina para las convulsiones",
    "me quiero morir de la vergüenza, olvidé mi cita",
    "no tengo dolor en el pecho, solo tos",
    "no puedo respirar por la nariz por la gripa",
    "el portal no responde",
    "my son bumped his head at recess, no vomiting, acting normal, should he be seen?",
    "stiff neck from sleeping on the couch, any stretches you recommend?",
    "the dog ate my blood pressure pills, can I get an early refill?",
    "my son won't swallow his pills, can he get liquid instead?",
    "I took my pills with a beer last night, is that bad?",
    "I slipped a disc last year and my leg goes numb sometimes",
    "my face is numb on one side after the dentist, is that normal?",
    "can't lift my arm above my shoulder since I hurt it at the gym",
    "se pegó en la cabeza pero está bien, no ha vomitado",
    "mi hijo se comió unas pastillas de menta",
    "me ahogo de calor en esta casa",
    "mi abuela tuvo una embolia hace años y tiene la boca chueca desde entonces",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_raise_no_alarm(text):
    result = screen(text)
    assert result.urgency != "emergency", result
    assert result.reply is None


# --- Replies -----------------------------------------------------------------------------------------------


def test_emergency_reply_is_in_the_patients_language():
    english = screen("my husband is having chest pain")
    spanish = screen("mi esposo tiene dolor de pecho")
    assert "911" in english.reply and "Please call" in english.reply
    assert "911" in spanish.reply and "Llame" in spanish.reply
    assert english.language == "en" and spanish.language == "es"


def test_the_conversation_language_wins_over_detection():
    result = screen("chest pain!!", language="es-MX")
    assert result.language == "es" and "Llame al 911" in result.reply


@pytest.mark.parametrize(
    ("text", "lang"),
    [("I want to end it all", "en"), ("ya no quiero vivir", "es"), ("kill myself tonight", "en")],
)
def test_suicide_gets_the_988_reply(text, lang):
    result = screen(text)
    assert result.category == "suicide" and result.language == lang
    assert "988" in result.reply
    assert ("Suicide & Crisis Lifeline" in result.reply) if lang == "en" else ("Línea" in result.reply)


def test_other_emergencies_point_to_911_not_988():
    result = screen("my son is having a seizure right now")
    assert "911" in result.reply and "988" not in result.reply


def test_replies_give_no_medical_advice():
    for text, _ in [(t, c) for c, _, t in EMERGENCIES]:
        reply = screen(text).reply.lower()
        assert not any(word in reply for word in ("aspirin", "aspirina", "take ", "tome ", "dose", "dosis"))


def test_non_emergencies_have_no_reply():
    urgent = screen("burning when I pee since yesterday")
    routine = screen("what are your hours on saturday?")
    assert (urgent.urgency, urgent.category, urgent.reply) == ("urgent", "urinary", None)
    assert routine == SafetyResult("routine", None, None, "en", None)


# --- Urgent, normalization, language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my 5 month old has a fever", "fever"),  # under three months it is an emergency (red flags)
        ("tengo fiebre de 39.5", "fever"),
        ("burning when I pee", "urinary"),
        ("me arde al orinar", "urinary"),
        ("I think I broke my arm", "injury"),
        ("vomiting since yesterday, can't keep water down", "vomiting"),
        ("this headache is killing me", "pain"),
        ("rash spreading fast but breathing is fine", "allergy"),
    ],
)
def test_urgent_findings(text, category):
    result = screen(text)
    assert (result.urgency, result.category) == ("urgent", category)


def test_normalize_handles_typos_accents_and_sms():
    assert normalize("I CAN'T BREATH") == "i cant breathe"
    assert normalize("chestpain") == "chest pain"
    assert normalize("Tengo dolor de pexo, ¡ayúdenme!") == "tengo dolor de pecho ayudenme"
    assert "kill myself" in normalize("kms")
    assert "overdosed" in normalize("he OD'd")


def test_detect_language():
    assert detect_language("kiero una cita para el martes") == "es"
    assert detect_language("cn i get appt tmrw am") == "en"
    assert detect_language("¿A qué hora abren?") == "es"
    assert detect_language("") == "en"


def test_empty_message_is_routine():
    assert screen("").urgency == "routine"
    assert screen("   ").reply is None


# --- the first look over all the rules at once (safety_context.FirstLook) -------------------------------


def _tables():
    from mojoe.assistant import red_flags
    from mojoe.assistant import safety_patterns as P

    yield from (
        rule.pattern for rules in (P.EMERGENCY_RULES, P.URGENT_RULES, P.PREGNANCY_RULES) for rule in rules
    )
    yield from red_flags._COMPILED_STATES.values()
    yield from (pattern for _, pattern in red_flags._READINGS)
    yield from (first for first, _ in red_flags._COMPILED_PAIRS.values())


def test_the_tables_can_be_joined_into_one_pattern():
    """FirstLook is exact only for patterns without backreferences, named groups or inline flags."""
    for pattern in _tables():
        assert pattern.groupindex == {}, pattern.pattern
        assert pattern.flags == re.UNICODE, pattern.pattern
        assert not re.search(r"(?<!\\)\\[1-9]", pattern.pattern), pattern.pattern


def test_the_first_look_matches_exactly_where_some_rule_does(corpus):
    patterns = list(_tables())
    joined = FirstLook(patterns)
    for row in corpus:
        for sentence in sentences(row["text"]):
            assert bool(joined.search(sentence)) == any(p.search(sentence) for p in patterns), sentence


def test_each_rule_without_its_lookarounds_still_matches_wherever_the_rule_does(corpus):
    """What RE2 is given for the first look: each pattern must match at least where Python's does."""
    texts = [sentence for row in corpus for sentence in sentences(row["text"])]
    assert all(text.isascii() for text in texts)  # what RE2's first look is asked about
    for pattern in _tables():
        quick = re2.compile(without_lookarounds(pattern.pattern))
        for text in texts:
            if pattern.search(text):
                assert quick.search(text), (pattern.pattern[:80], text)


def test_taking_out_lookarounds_leaves_the_rest_as_written():
    assert without_lookarounds(r"\bfell(?! asleep| back)\b") == r"\bfell\b"
    assert without_lookarounds(r"(?<!no )pain(?=\s)") == "pain"
    # Parentheses inside a class or escaped are characters, not groups.
    assert without_lookarounds(r"a(?![)(]|\))b[(?!x)]c\(?!d") == r"ab[(?!x)]c\(?!d"
    assert without_lookarounds(r"x(?!a(?=b)c)y") == "xy"
    with pytest.raises(ValueError, match="quantified"):
        without_lookarounds(r"a(?!b)*")


def test_the_first_look_reads_text_that_is_not_plain_ascii_exactly():
    look = FirstLook([r"\bdolor\b", r"(?<!no )pain"])
    assert look.search("dolor de pecho ñ")  # not ASCII: Python's engine, RE2's \b aside
    assert look.search("chest pain") and not look.search("no pain")
    assert not FirstLook([]).search("anything")
