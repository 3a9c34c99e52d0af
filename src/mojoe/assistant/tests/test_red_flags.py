"""Red flags (the screen's second layer): concepts that meet, states alarming alone, dangerous readings, and
what keeps them quiet; and the learned net below them.

Every message here was written for these tests, apart from the corpus and the check sets.
"""

from __future__ import annotations

import pytest

from mojoe.assistant.red_flags import red_flag, suspected_emergency
from mojoe.assistant.safety import screen

RED_FLAGS = [
    # Two findings that meet, in one sentence or in two.
    ("chest", "my chest feels like it's in a vice and I'm dripping sweat"),
    ("chest", "Pressure in the middle of my chest. It goes up into my jaw."),
    ("chest", "me aprieta el pecho y estoy sudando"),
    ("bleeding", "the blood is soaking through three dish towels"),
    ("bleeding", "le sale sangre a chorros de la pierna"),
    ("child poisoning", "my 2 yo got into grandma's purse and chewed some of her pills"),
    ("child poisoning", "mi niña se tomó medio frasco de jarabe de su abuelo"),
    ("allergy", "got stung by a hornet and my throat is getting scratchy and tight"),
    ("meningitis", "fever of 103 and he can't touch his chin to his chest"),
    ("pregnancy", "I'm 30 weeks and there's blood everywhere in the bathroom"),
    ("head injury", "he banged his head on the ice and keeps repeating the same question"),
    ("head injury", "my baby rolled off the changing table and keeps vomiting"),
    ("diabetes", "my diabetic brother is confused and won't eat anything"),
    ("infant fever", "my 3 week old has a fever of 100.6"),
    ("burn", "hot oil splashed on her face and the skin is peeling"),
    # Alarming on their own.
    ("breathing", "every breath I take is a fight right now"),
    ("breathing", "his lips are kind of dusky"),
    ("unresponsive", "my roommate won't wake up and there are bottles everywhere"),
    ("unresponsive", "mi abuelito no despierta"),
    ("stroke", "the left side of his face is drooping and his words come out garbled"),
    ("stroke", "se le cayó la boca de un lado y arrastra las palabras"),
    ("seizure", "she's jerking on the floor and her eyes rolled back"),
    ("suicide", "I've been stockpiling my meds for a while now"),
    ("suicide", "ya escribí una carta para mis papás, ya no quiero despertar"),
    ("overdose", "he took a handful of his oxycodone and won't talk to me"),
    ("bleeding", "I'm spitting up bright red blood"),
    ("pregnancy", "36 weeks and I haven't felt the baby move since last night"),
    ("severe pain", "this is the worst pain of my life, in my lower belly"),
    ("farewell", "thanks for everything over the years, I won't be needing my refill anymore"),
    ("means", "the pills are lined up on my nightstand"),
    ("after surgery or birth", "had my c-section 5 days ago and now I'm soaking a pad every half hour"),
    ("eye", "drain cleaner splashed up and got in my son's eyes"),
    ("cardiac", "my jaw and left arm ache and I'm breaking out in a sweat"),
    ("violence", "he's hearing voices telling him to hurt us and he has a knife"),
    ("labour", "contractions are on top of each other and I have the urge to push"),
    ("heart device", "my ICD just fired twice"),
    ("unresponsive", "grandma doesn't recognize me this morning, she was fine last night"),
    # Readings off a meter.
    ("blood sugar", "sugar is 41 and I'm shaking"),
    ("blood sugar", "glucose reading 612"),
    ("oxygen level", "the pulse ox says 84"),
    ("blood pressure", "bp 214/118 and my head is pounding"),
    ("blood pressure", "bp 72/44 and I'm dizzy"),
    ("heart rate", "my pulse is 190 and won't come down"),
]

QUIET = [
    # Reassured, over, a joke, a question about what to watch for, history, a pet, a denial.
    "she swallowed a penny earlier but she's breathing and talking fine",
    "had some chest pressure this morning, it went away, can I see the doctor this week?",
    "this paperwork is choking me lol",
    "what are the signs of a stroke in a woman?",
    "my dad's sugar was 40 once years ago, he wants a new meter",
    "the dog ate half a bottle of my ibuprofen, which vet do you recommend?",
    "no chest pain, no shortness of breath, just a cough",
    "is it normal that my arm is numb where they gave me the shot",
    # Everyday messages with alarming words in them.
    "passed out flyers at the health fair today, can I get a flu shot?",
    "the portal is unresponsive again",
    "can't breathe through my nose, allergies again",
    "book my baby's 2 month checkup please",
    "my blood sugar has been 120 in the mornings, is that ok?",
    "I'd like a copy of my EKG from the chest pain visit in March",
    "bp was 128/82 at the pharmacy",
    "my cuff says 230/160 but it's clearly broken, it says that for everyone",
    "I burned the pancakes so badly the smoke alarm went off",
    "my heart rate was 150 on the treadmill, is that a good workout?",
]


@pytest.mark.parametrize(("category", "text"), RED_FLAGS)
def test_red_flags_are_found(category, text):
    flag = red_flag(text)
    assert flag is not None and flag.category == category, flag


@pytest.mark.parametrize("text", QUIET)
def test_quiet_messages_raise_no_red_flag(text):
    assert red_flag(text) is None
    assert suspected_emergency(text) is None


def test_playing_it_down_does_not_silence_two_findings_that_meet():
    text = "my chest is heavy and I'm sweating a lot lol probably nothing"
    assert red_flag(text).category == "chest"
    # A single finding laughed off stays quiet.
    assert red_flag("i am drowning in paperwork lol") is None


def test_a_reading_is_not_silenced_by_a_laugh():
    assert red_flag("lol my heart is going 210 haha").category == "heart rate"


def test_figures_of_speech_and_fiction_raise_no_alarm_in_either_layer():
    for text in (
        "my boss gave me a heart attack with that memo",
        "I overdosed on chocolate over the holidays, time for a checkup",
        "writing a novel where the hero is poisoned, what would the symptoms be?",
        "I attempted suicide when I was 19, I'm doing well now and need my records",
        "casi me da un infarto con la factura",
    ):
        assert not screen(text).is_emergency, text


def test_a_negation_silences_only_the_finding_it_is_in_front_of():
    assert red_flag("no fever but he can't touch his chin to his chest and has a fever now") is not None
    assert red_flag("not bleeding a lot, just a scrape") is None


def test_readings_are_judged_by_their_value():
    assert red_flag("sugar 54") is not None and red_flag("sugar 55") is None
    assert red_flag("sugar 451") is not None and red_flag("sugar 450") is None
    assert red_flag("o2 89") is not None and red_flag("o2 90") is None
    assert red_flag("bp 199/119") is None
    assert red_flag("bp 200/90") is not None and red_flag("bp 150/120") is not None


def test_the_learned_net_is_not_asked_about_calm_or_denied_messages(monkeypatch):
    import mojoe.assistant.nlu.emergency_net as net

    asked = []
    monkeypatch.setattr(net, "emergency_suspected", lambda text: asked.append(text) or True)
    assert suspected_emergency("something feels very wrong with my husband") == "learned net"
    assert asked == ["something feels very wrong with my husband"]
    assert suspected_emergency("no chest pain at all, just checking my appointment") is None
    assert suspected_emergency("what are the symptoms of a heart attack?") is None
    assert suspected_emergency("my nose is so stuffy I can't breathe through it") is None
    assert len(asked) == 1


def test_a_red_flag_is_an_emergency_of_the_screen():
    result = screen("the pulse ox says 84 and she's struggling")
    assert result.is_emergency and result.layer == "red flags" and result.category == "oxygen level"
    assert "911" in result.reply
    assert screen("I've been stockpiling my meds for a while now").reply.count("988") == 1
    assert screen("my 2 yo got into grandma's purse and chewed some of her pills").reply.startswith(
        "This may be an emergency. Please call 911 now. You can also reach Poison Control"
    )
    # A phrase the rules know stays theirs.
    assert screen("my son can't breathe, his lips are blue").layer == "rules"


def test_a_red_flag_gets_the_911_answer_and_a_stat_nurse_task(chat):
    from mojoe.inbox.models import Task

    text = "the pulse ox says 84 and she's struggling"
    reply = chat.send(text)
    assert "Please call 911 now" in reply
    task = Task.objects.get(team="nurse")
    assert (
        task.priority == "stat" and task.summary == "Emergency reported (oxygen level): call the patient now"
    )
    assert task.details == text and task.conversation == chat.conversation
    assert chat.conversation.flagged
