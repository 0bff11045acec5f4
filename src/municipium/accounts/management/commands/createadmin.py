from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandParser
from django.core.validators import validate_email
from django.db import transaction

from municipium.accounts.models import User
from municipium.audit.services import audit_record
from municipium.cli_support import Command as BaseCommand
from municipium.cli_support import usage_error


class Command(BaseCommand):
    help = (
        "Create a platform administrator. The password is asked for, or read from "
        "MUNICIPIUM_ADMIN_PASSWORD when --no-input is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="full name")
        parser.add_argument("--no-input", action="store_true", dest="no_input")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise usage_error(f"not an e-mail address: {options['email']!r}") from None
        if User.objects.filter(email=email).exists():
            raise usage_error(f"an account with {email} exists already")
        if options["no_input"]:
            password = os.environ.get("MUNICIPIUM_ADMIN_PASSWORD", "")
            if not password:
                raise usage_error("with --no-input, set MUNICIPIUM_ADMIN_PASSWORD")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise usage_error("the passwords differ")
        probe = User(email=email, full_name=options["name"])
        try:
            validate_password(password, probe)
        except ValidationError as error:
            raise usage_error("password: " + " ".join(error.messages)) from None
        with transaction.atomic():
            user = User.objects.create_superuser(email, password, full_name=options["name"])
            audit_record(
                organisation=None,
                actor=None,
                action="account.createadmin",
                obj=user,
                changes={"email": email},
            )
        self.stdout.write(f"platform administrator {email} created")
