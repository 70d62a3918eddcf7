"""Save the directory settings and apply a preset of the mapping."""

from __future__ import annotations

from datetime import datetime

from directory.mapping import PRESETS
from directory.models import DirectorySettings
from portal.extensions import db

FIELDS = ("url", "start_tls", "bind_dn", "base_dn", "user_filter", "page_size", "attr_id",
          "attr_email", "attr_first_name", "attr_last_name", "attr_phone", "attr_title",
          "attr_entity", "attr_manager", "attr_groups", "disabled_attribute", "disabled_value",
          "role_groups", "entity_parent_id", "sync_interval_minutes")


def save_settings(settings: DirectorySettings | None, values: dict,
                  now: datetime) -> DirectorySettings:
    """Create or update the one directory configuration."""
    settings = settings or DirectorySettings()
    for name in FIELDS:
        if name in values:
            value = values[name]
            setattr(settings, name, value.strip() if isinstance(value, str) else value)
    settings.entity_parent_id = settings.entity_parent_id or None
    settings.updated_at = now
    db.session.add(settings)
    db.session.flush()
    return settings


def apply_preset(settings: DirectorySettings | None, name: str,
                 now: datetime) -> DirectorySettings:
    """Fill the filter and the attribute mapping from a preset; the connection stays."""
    return save_settings(settings, PRESETS[name], now)


def blank_settings() -> DirectorySettings:
    """Unsaved settings for the first visit: the OpenLDAP preset, no server."""
    return DirectorySettings(url="", start_tls=False, bind_dn="", base_dn="", page_size=500,
                             role_groups="", sync_interval_minutes=0, **PRESETS["openldap"])
