"""Measuring the local engine on the held-out split of the corpus (never trained or tuned on).

`mojoe manage nlu_evaluate` prints the report; `--write docs/assistant.md` keeps it in the documentation.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from mojoe.assistant.nlu.classifier import CORPUS, load_corpus
from mojoe.assistant.nlu.engine import understand
from mojoe.assistant.nlu.schema import INTENTS
from mojoe.assistant.safety import screen

# The moment the corpus's date labels were resolved against (a Wednesday morning in the demo's zone).
REFERENCE_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))

# The corpus's first version is its first 1,632 lines (rows are only ever appended); its 425 test rows are the
# held-out set every figure before the third batch was measured on, reported apart so that figures compare.
FIRST_VERSION_ROWS = 1632


@dataclass
class Report:
    messages: int = 0
    intent_correct: int = 0
    emergencies: int = 0
    emergencies_caught: int = 0
    non_emergencies: int = 0
    false_alarms: int = 0
    dated: int = 0
    dates_correct: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, predicted) -> count
    missed_emergencies: list[str] = field(default_factory=list)
    false_alarm_texts: list[str] = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)
    first_version_messages: int = 0
    first_version_correct: int = 0

    @property
    def intent_accuracy(self) -> float:
        return self.intent_correct / self.messages if self.messages else 0.0

    @property
    def first_version_accuracy(self) -> float:
        return (
            self.first_version_correct / self.first_version_messages if self.first_version_messages else 0.0
        )

    @property
    def emergency_recall(self) -> float:
        return self.emergencies_caught / self.emergencies if self.emergencies else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.non_emergencies if self.non_emergencies else 0.0

    @property
    def date_accuracy(self) -> float:
        return self.dates_correct / self.dated if self.dated else 1.0

    def per_intent(self) -> list[tuple[str, int, float, float]]:
        rows = []
        for intent in INTENTS:
            true_positive = self.confusion[(intent, intent)]
            predicted = sum(n for (_, got), n in self.confusion.items() if got == intent)
            actual = sum(n for (want, _), n in self.confusion.items() if want == intent)
            precision = true_positive / predicted if predicted else 0.0
            recall = true_positive / actual if actual else 0.0
            rows.append((intent, actual, precision, recall))
        return rows


def evaluate(split: str = "test") -> Report:
    report = Report()
    for index, row in enumerate(load_corpus()):
        if row.get("split") != split:
            continue
        result = understand(row["text"], now=REFERENCE_NOW, language=row.get("lang"))
        report.messages += 1
        report.languages[row.get("lang", "en")] += 1
        report.confusion[(row["intent"], result.intent)] += 1
        report.intent_correct += result.intent == row["intent"]
        if index < FIRST_VERSION_ROWS:
            report.first_version_messages += 1
            report.first_version_correct += result.intent == row["intent"]
        if row["urgency"] == "emergency":
            report.emergencies += 1
            if result.urgency == "emergency":
                report.emergencies_caught += 1
            else:
                report.missed_emergencies.append(row["text"])
        else:
            report.non_emergencies += 1
            if result.urgency == "emergency":
                report.false_alarms += 1
                report.false_alarm_texts.append(row["text"])
        if row.get("when"):
            report.dated += 1
            report.dates_correct += result.when.as_json() == _expected_when(row["when"])
    return report


def _expected_when(label: dict) -> dict:
    return {"date": label.get("date"), "time": label.get("time"), "part_of_day": label.get("part_of_day")}


@dataclass(frozen=True)
class FirstRun:
    """A check set's first run, blind: emergencies caught and false alarms, layer by layer."""

    emergencies: int
    others: int
    rules: int
    rule_alarms: int
    screen: int  # the 911 answer: the rules, or the rules and red flags once they were part of the screen
    screen_alarms: int
    either: int  # the 911 answer or a "possible emergency" one
    either_alarms: int
    commit: str


@dataclass(frozen=True)
class CheckSet:
    """Messages written after the screen was tuned, to measure it on wording it was never shown: run once
    blind (`first_run`), then used to improve the screen and train the learned net."""

    file: str
    written: str
    first_run: FirstRun


CHECK_SETS = (
    CheckSet(
        "safety_check.jsonl",
        "by the rules' author, after the rules were tuned",
        FirstRun(
            87,
            124,
            rules=41,
            rule_alarms=9,
            screen=41,
            screen_alarms=9,
            either=76,
            either_alarms=21,
            commit="the rules, then the learned net trained on the train split",
        ),
    ),
    CheckSet(
        "safety_check_2.jsonl",
        "by a writer who never saw the screen or the corpus",
        FirstRun(
            145,
            190,
            rules=81,
            rule_alarms=11,
            screen=81,
            screen_alarms=11,
            either=135,
            either_alarms=17,
            commit="b9b1ac3: red flags then only a suspicion",
        ),
    ),
    CheckSet(
        "safety_check_3.jsonl",
        "by a writer who never saw the screen, the corpus or the other sets",
        FirstRun(
            171,
            212,
            rules=75,
            rule_alarms=16,
            screen=115,
            screen_alarms=17,
            either=146,
            either_alarms=22,
            commit="1d6544e: red flags in the screen",
        ),
    ),
    CheckSet(
        "safety_check_4.jsonl",
        "by a fourth writer, told to avoid textbook phrasings",
        FirstRun(
            203,
            220,
            rules=83,
            rule_alarms=18,
            screen=129,
            screen_alarms=20,
            either=190,
            either_alarms=26,
            commit="e90ae51: the net trained on the first three sets",
        ),
    ),
    CheckSet(
        "safety_check_5.jsonl",
        "by a fifth writer, as a nurse recalling real inbox messages",
        FirstRun(
            228,
            249,
            rules=122,
            rule_alarms=14,
            screen=171,
            screen_alarms=16,
            either=222,
            either_alarms=24,
            commit="cb0af60: the net trained on the first four sets",
        ),
    ),
    CheckSet(
        "safety_check_6.jsonl",
        "by a sixth writer, in the words of a practice's own patients and carers",
        FirstRun(
            199,
            235,
            rules=108,
            rule_alarms=5,
            screen=162,
            screen_alarms=6,
            either=195,
            either_alarms=8,
            commit="29b268e: the net trained on the first five sets",
        ),
    ),
)


@dataclass
class SafetyFigures:
    emergencies: int = 0
    by_rules: int = 0
    by_screen: int = 0
    by_either: int = 0
    others: int = 0
    rule_alarms: int = 0
    screen_alarms: int = 0
    either_alarms: int = 0
    routine: int = 0
    routine_alarms: int = 0


def safety_figures(rows: list[dict]) -> SafetyFigures:
    """The screen on labelled rows, layer by layer: the rules alone, the rules or the red flags (the screen:
    the 911 answer), and the screen or the learned net (either answer: 911, or "possible emergency")."""
    from mojoe.assistant.red_flags import suspected_emergency

    figures = SafetyFigures()
    for row in rows:
        result = screen(row["text"], language=row.get("lang"))
        rules = result.is_emergency and result.layer == "rules"
        either = result.is_emergency or suspected_emergency(row["text"]) is not None
        if row["urgency"] == "emergency":
            figures.emergencies += 1
            figures.by_rules += rules
            figures.by_screen += result.is_emergency
            figures.by_either += either
        else:
            figures.others += 1
            figures.rule_alarms += rules
            figures.screen_alarms += result.is_emergency
            figures.either_alarms += either
            if row["urgency"] == "routine":
                figures.routine += 1
                figures.routine_alarms += either
    return figures


def load_check_set(name: str) -> list[dict]:
    path = CORPUS.with_name(name)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "-"


def _safety_lines() -> list[str]:
    test = safety_figures([row for row in load_corpus() if row.get("split") == "test"])
    lines = [
        "",
        "## The emergency screen",
        "",
        "Three layers read every message before anything else (see `docs/conversations.md`). The screen is the",
        "rules (`safety.py`) and, when no rule matches, the red flags (`red_flags.py`): its emergency gets the 911",
        "or 988 answer and a STAT nurse task. Below it the learned net (`nlu/emergency_net.py`) may suspect one:",
        'the answer "if this is an emergency, call 911 now (988)" and an ASAP nurse task.',
        "",
        "| test split | emergencies caught | false alarms: routine messages | all other messages |",
        "| --- | --- | --- | --- |",
        f"| rules alone | {_share(test.by_rules, test.emergencies)} | | {_share(test.rule_alarms, test.others)} |",
        f"| the 911 answer (rules or red flags) | {_share(test.by_screen, test.emergencies)} | "
        f"| {_share(test.screen_alarms, test.others)} |",
        f"| either answer (the net too) | {_share(test.by_either, test.emergencies)} "
        f"| {_share(test.routine_alarms, test.routine)} | {_share(test.either_alarms, test.others)} |",
        "",
        "The corpus's figures say little about new wording: the rules were written from it. Each check set below was",
        "written afterwards, run once blind (the first run), and only then used to improve the screen; the next set",
        'measures the improvement. Their "other" messages are hard negatives and same-day clinical questions.',
        "The learned net is trained on the sets once their first run is recorded, so its figures on them today are",
        "figures on its own training data; the first runs are the measure.",
        "",
        "| set | written | screen | emergencies caught | false alarms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for check in CHECK_SETS:
        now, first = safety_figures(load_check_set(check.file)), check.first_run
        e, o = first.emergencies, first.others
        lines += [
            f"| `{check.file}` | {check.written} | first run ({first.commit}): rules alone | {_share(first.rules, e)} "
            f"| {_share(first.rule_alarms, o)} |",
            f"| | | first run: the 911 answer | {_share(first.screen, e)} | {_share(first.screen_alarms, o)} |",
            f"| | | first run: either answer | {_share(first.either, e)} | {_share(first.either_alarms, o)} |",
            f"| | | today: rules alone | {_share(now.by_rules, e)} | {_share(now.rule_alarms, o)} |",
            f"| | | today: the 911 answer (rules or red flags) | {_share(now.by_screen, e)} "
            f"| {_share(now.screen_alarms, o)} |",
            f"| | | today: either answer (the net too) | {_share(now.by_either, e)} | {_share(now.either_alarms, o)} |",
        ]
    return lines


def render_markdown(report: Report, train: Report | None = None) -> str:
    lines = [
        "# The assistant's understanding: evaluation",
        "",
        "Generated by `mojoe manage nlu_evaluate --write docs/assistant.md` from the held-out (test) split of",
        "`src/mojoe/assistant/nlu/corpus/messages.jsonl`, which the model is never trained on. Dates",
        f"are resolved against {REFERENCE_NOW.isoformat()} ({REFERENCE_NOW:%A}).",
        "",
        f"Test messages: {report.messages} "
        f"({', '.join(f'{n} {lang}' for lang, n in sorted(report.languages.items()))}).",
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
        f"| intent accuracy | {report.intent_accuracy:.1%} | ≥ 92% |",
        f"| emergency recall | {report.emergency_recall:.1%} ({report.emergencies_caught}/{report.emergencies}) | 100% |",
        f"| false emergency alarms | {report.false_alarm_rate:.1%} ({report.false_alarms}/{report.non_emergencies}) "
        "| ≤ 2% |",
        f"| date resolution | {report.date_accuracy:.1%} ({report.dates_correct}/{report.dated}) | ≥ 95% |",
    ]
    if report.first_version_messages and report.first_version_messages < report.messages:
        lines += [
            "",
            f"On the {report.first_version_messages} test messages of the corpus's first version (the held-out set of "
            f"earlier figures), intent accuracy is {report.first_version_accuracy:.1%}.",
        ]
    if train is not None:
        lines += [
            "",
            f"On the training split, for comparison: intent accuracy {train.intent_accuracy:.1%}, "
            f"emergency recall {train.emergency_recall:.1%}, false alarms {train.false_alarm_rate:.1%}.",
        ]
    lines += _safety_lines()
    lines += [
        "",
        "## Per intent (test split)",
        "",
        "| intent | messages | precision | recall |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {intent} | {n} | {p:.0%} | {r:.0%} |" for intent, n, p, r in report.per_intent()]
    confusions = [(want, got, n) for (want, got), n in report.confusion.items() if want != got]
    if confusions:
        lines += [
            "",
            "## Most frequent confusions",
            "",
            "| expected | understood | messages |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {w} | {g} | {n} |" for w, g, n in sorted(confusions, key=lambda c: -c[2])[:12]]
    if report.missed_emergencies:
        lines += ["", "## Missed emergencies", ""] + [f"- {t}" for t in report.missed_emergencies]
    if report.false_alarm_texts:
        lines += ["", "## False emergency alarms", ""] + [f"- {t}" for t in report.false_alarm_texts]
    return "\n".join(lines) + "\n"
