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

CHECK_SET = CORPUS.with_name("safety_check.jsonl")

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


def safety_check() -> dict:
    """The emergency screen on `safety_check.jsonl`, a blind set written after the rules were last tuned: what
    the rules alone catch and what the rules or the learned net (a possible-emergency reply) catch."""
    from mojoe.assistant.nlu.emergency_net import emergency_suspected

    rows = [json.loads(line) for line in CHECK_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts = {"emergencies": 0, "others": 0, "rules": 0, "either": 0, "rules_alarms": 0, "either_alarms": 0}
    for row in rows:
        rules = screen(row["text"]).urgency == "emergency"
        either = rules or emergency_suspected(row["text"])
        if row["urgency"] == "emergency":
            counts["emergencies"] += 1
            counts["rules"] += rules
            counts["either"] += either
        else:
            counts["others"] += 1
            counts["rules_alarms"] += rules
            counts["either_alarms"] += either
    return counts


def _safety_check_lines() -> list[str]:
    c = safety_check()
    e, o = c["emergencies"], c["others"]
    return [
        "",
        "## Blind safety check",
        "",
        "The emergency rules were extended after a corpus batch showed emergencies they missed, three of them",
        "in the test split, so the test split's 100% no longer measures new wording. `safety_check.jsonl` was",
        f"written afterwards and never tuned on: {e} emergencies and {o} hard negatives.",
        "",
        "| screen | emergencies caught | false alarms |",
        "| --- | --- | --- |",
        f"| rules alone (the 911 answer) | {c['rules'] / e:.1%} ({c['rules']}/{e}) "
        f"| {c['rules_alarms'] / o:.1%} ({c['rules_alarms']}/{o}) |",
        f"| rules or the learned net (911 answer, or a possible-emergency reply and an ASAP nurse task) "
        f"| {c['either'] / e:.1%} ({c['either']}/{e}) | {c['either_alarms'] / o:.1%} ({c['either_alarms']}/{o}) |",
        "",
        "Neither meets the bar of every emergency caught on new wording: this is the assistant's most important",
        "open problem. Clinical messages still reach a person whatever the screen says: the nurses as a task",
        "once the patient is identified, the front desk otherwise.",
    ]


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
    lines += _safety_check_lines()
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
