"""Command-line interface: ``flask --app portal <command>``."""

import itertools

import click
from flask import Flask

from portal.extensions import db
from portal.timeutil import utcnow

DEMO_REFUSED = ("Refus : les données de démonstration créent des comptes au mot de passe public ; "
                "elles ne se chargent pas en production (PORTAL_ENV=production).\n"
                "Refused: demo data creates accounts with a public password and is never loaded "
                "in production (PORTAL_ENV=production).")


def refuse_demo_in_production(app: Flask) -> None:
    """Stop a demo command on a production instance, with a non-zero exit status."""
    if app.config["PORTAL_ENV"] == "production":
        raise click.ClickException(DEMO_REFUSED)


def register(app: Flask) -> None:
    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Load the demo data of every feature; safe to run again."""
        from portal import demo

        refuse_demo_in_production(app)

        counts, now = demo.SeedCounts(), utcnow()
        seeders = [demo.SEEDER, *app.extensions.get("demo_seeders", [])]
        items = itertools.chain.from_iterable(seeder.run(now, counts) for seeder in seeders)
        total = sum(seeder.total() for seeder in seeders)
        with click.progressbar(items, length=total,
                               label="Données de démonstration", show_pos=True,
                               item_show_func=lambda item: item or "") as bar:
            for _label in bar:
                pass
        db.session.commit()
        click.echo(f"Données de démonstration : {counts.created} créés, {counts.updated} mis à "
                   f"jour, {counts.unchanged} inchangés.")

    @app.cli.command("demo-accounts")
    def demo_accounts_command():
        """List the demo accounts and their password."""
        from portal import demo, demo_data

        refuse_demo_in_production(app)

        click.echo(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD})")
        for account in demo_data.DEMO_ACCOUNTS:
            click.echo(f"  {account['label']:<34} {account['email']}")

    @app.cli.command("send-outbox")
    def send_outbox_command():
        """Send the due messages of the outbox now."""
        from portal.tasks import send_outbox

        click.echo(f"{send_outbox()} message(s) envoyé(s).")
