"""A profile as a crawl's arguments: how it reaches a crawl on another machine.

A Scrapyd node cannot read the scheduler's files, so a profile travels as
the spider's arguments: a built-in one by name, a file as its TOML text.
"""

from __future__ import annotations

from pathlib import Path

from crawler.profile import Profile, ProfileError, load_profile, parse_profile_text


def profile_from_arguments(profile: str | Profile | None, profile_toml: str | None) -> Profile:
    """The spider's profile from its arguments: a name or path, or the text
    :func:`profile_arguments` sent (a crawl on a Scrapyd node cannot read the scheduler's files)."""
    if profile_toml is not None:
        return parse_profile_text(profile_toml, "profile_toml")
    if profile is None:
        raise ProfileError("no profile: give profile=NAME|PATH or profile_toml=TEXT")
    return profile if isinstance(profile, Profile) else load_profile(profile)


def profile_arguments(name_or_path: str) -> dict[str, str]:
    """The spider arguments that carry a profile to a crawl on another machine: a built-in
    one by name, a file as its text; validated here, before it travels."""
    profile = load_profile(name_or_path)
    if profile.path == f"profiles/{name_or_path}.toml":  # built in: every node has it
        return {"profile": name_or_path}
    text = Path(profile.path).read_text(encoding="utf-8")
    parse_profile_text(text, profile.path)  # what travels is what was validated
    return {"profile_toml": text}
