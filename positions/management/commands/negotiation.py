"""`manage.py negotiation import FILE.json [--update]` and `manage.py negotiation export SLUG [-o FILE]`."""
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from positions import services
from positions.codebook import CodebookError, codebook_export
from positions.models import Negotiation


class Command(BaseCommand):
    help = "Set up a negotiation from a codebook file, or write one out (see docs/codebook.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="create what is missing; change existing rows only with --update")
        imp.add_argument("file", help="a codebook JSON file ('-' for standard input)")
        imp.add_argument("--update", action="store_true", help="also bring existing rows up to the file")
        exp = sub.add_parser("export", help="write a negotiation as a codebook")
        exp.add_argument("slug")
        exp.add_argument("-o", "--output", help="a file to write (default: standard output)")
        sub.add_parser("list", help="the negotiations' slugs, one a line")

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(options["file"], update=options["update"])
        elif action == "export":
            self._export(options["slug"], options.get("output"))
        else:
            for slug in Negotiation.objects.order_by("slug").values_list("slug", flat=True):
                self.stdout.write(slug)

    def _import(self, path: str, *, update: bool) -> None:
        try:
            raw = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
            data = json.loads(raw)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path} is not JSON: {exc}") from None
        try:
            report = services.negotiation_import(data=data, update=update)
        except CodebookError as exc:
            raise CommandError(f"{path}: {exc}") from None
        self.stdout.write(report.summary())

    def _export(self, slug: str, output: str | None) -> None:
        negotiation = Negotiation.objects.filter(slug=slug).first()
        if negotiation is None:
            raise CommandError(f"no negotiation '{slug}'")
        text = json.dumps(codebook_export(negotiation), ensure_ascii=False, indent=1) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            self.stdout.write(text, ending="")
