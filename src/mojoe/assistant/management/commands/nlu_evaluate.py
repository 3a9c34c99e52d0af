from pathlib import Path

from django.core.management.base import BaseCommand

from mojoe.assistant.nlu.evaluate import evaluate, render_markdown


class Command(BaseCommand):
    help = "Evaluate the local understanding engine on the corpus's held-out split."

    def add_arguments(self, parser):
        parser.add_argument("--write", help="Also write the report to this Markdown file.")

    def handle(self, *args, write=None, **options):
        report = render_markdown(evaluate("test"), train=evaluate("train"))
        self.stdout.write(report)
        if write:
            Path(write).write_text(report, encoding="utf-8")
