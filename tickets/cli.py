"""Command line of the mailbox: ``flask --app portal mailbox import|poll|replay``."""

from __future__ import annotations

import json
from collections import Counter

import click
from flask import Flask
from flask.cli import AppGroup

from portal.extensions import db
from portal.timeutil import utcnow

mailbox_cli = AppGroup("mailbox", help="Boîte fonctionnelle : import, relève, retraitement, purge.")


def _describe(row) -> dict:
    return {"outcome": row.outcome.value, "reason": row.reason,
            "request": row.ticket.number if row.ticket else None, "inbound_id": row.id,
            "error": row.error or None}


@mailbox_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Une ligne JSON par message.")
@click.option("--mailbox", "mailbox_name", default=None, help="Boîte à laquelle rattacher.")
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Essai à blanc : donne les résultats sans rien enregistrer ni envoyer.")
def import_command(paths, as_json, mailbox_name, dry_run):
    """Import .eml files, Maildirs and mbox files; a second import changes nothing."""
    if not dry_run:
        return _import(paths, as_json, mailbox_name, "")
    from tickets.mailbox.dryrun import rolled_back

    with rolled_back():
        _import(paths, as_json, mailbox_name, " (essai à blanc : rien n'a été enregistré)")


def _import(paths, as_json: bool, mailbox_name: str | None, note: str) -> None:
    from tickets.mailbox.collect import ingest_each
    from tickets.mailbox.fetch import FileSource
    from tickets.mailbox.services import ensure_default_mailbox, get_mailbox_by_name

    mailbox = get_mailbox_by_name(mailbox_name) if mailbox_name else ensure_default_mailbox()
    if mailbox is None:
        raise click.BadParameter(f"aucune boîte nommée {mailbox_name!r}", param_hint="--mailbox")
    db.session.commit()
    source = FileSource(list(paths))
    counts: Counter = Counter()
    steps = ingest_each(mailbox, source, utcnow)
    if as_json:
        for item, row, new in steps:
            line = {"file": item.source, "new": new} | (
                _describe(row) if row else {"outcome": "failed", "error": "not stored"})
            counts[line["outcome"]] += 1
            click.echo(json.dumps(line, ensure_ascii=False))
        return
    with click.progressbar(steps, length=source.count(), label="Import des courriels",
                           show_pos=True) as bar:
        for _item, row, new in bar:
            counts[_outcome_label(row, new)] += 1
    summary = ", ".join(f"{value} × {key}" for key, value in counts.most_common())
    click.echo(f"{sum(counts.values())} message(s) lus : {summary or 'aucun'}{note}.")


def _outcome_label(row, new: bool) -> str:
    """The outcome of one message in words, with its reason: what an administrator reads."""
    from tickets.enums import Outcome, reason_label

    if row is None:
        return str(Outcome.FAILED.label)
    if not new:
        return "déjà reçu"
    reason = reason_label(row.reason) if row.reason else ""
    return f"{row.outcome.label} ({reason})" if reason else str(row.outcome.label)


@mailbox_cli.command("poll")
def poll_command():
    """Collect every active mailbox now."""
    from tickets.tasks import poll_mailboxes

    click.echo(f"{poll_mailboxes()} nouveau(x) message(s).")


@mailbox_cli.command("replay")
@click.argument("inbound_id", type=int)
def replay_command(inbound_id):
    """Process a message in error or quarantine again."""
    from tickets.mailbox.models import InboundMessage
    from tickets.mailbox.services import replay

    row = db.session.get(InboundMessage, inbound_id)
    if row is None:
        raise click.BadParameter(f"aucun message n° {inbound_id}")
    replay(row, utcnow())
    db.session.commit()
    click.echo(json.dumps(_describe(row), ensure_ascii=False))


@mailbox_cli.command("purge-raw")
def purge_raw_command():
    """Delete the raw mail past its retention period (PORTAL_RAW_MAIL_RETENTION_DAYS)."""
    from tickets.tasks import purge_raw_mail

    click.echo(f"{purge_raw_mail()} courriel(s) brut(s) supprimé(s).")


def register(app: Flask) -> None:
    app.cli.add_command(mailbox_cli)
