"""`mojoe demo`: create the demo practice, or print its login and a fresh API token."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from mojoe.practices.demo import DemoError, seed_demo


class Command(BaseCommand):
    help = "Create the Riverside Family Medicine demo practice (idempotent) and print its login and an API token."

    def add_arguments(self, parser):
        parser.add_argument(
            "--credentials-only",
            action="store_true",
            help="Only print the login of an existing demo practice; change nothing, issue no token.",
        )

    def handle(self, *args, credentials_only: bool = False, **options):
        # `mojoe demo` is often the first command run on a new install: set up the tables it needs.
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Setting up the database…")
            call_command("migrate", interactive=False, verbosity=0)
        try:
            seed_demo(stdout=self.stdout, credentials_only=credentials_only)
        except DemoError as error:
            raise CommandError(str(error)) from None
