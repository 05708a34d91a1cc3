#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the Ringdesk Flatpak manifest pins every source.

Usage: check-flatpak-manifest.py MANIFEST.json

Exits non-zero with a message on the first problem; prints
"ok: N modules pinned" on success. Python 3 standard library only.
"""
import json
import re
import sys

APP_ID = "io.github.ringdesk.Ringdesk"
SELF_MODULE = "ringdesk"
REQUIRED_FINISH_ARGS = (
    "--share=network",
    "--socket=pulseaudio",
    "--talk-name=org.freedesktop.secrets",
)
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
ARCHIVE_TYPES = ("archive", "file")


def fail(msg):
    print("check-flatpak-manifest: " + msg, file=sys.stderr)
    sys.exit(1)


def check_source(mod_name, idx, src):
    where = "module %r source #%d" % (mod_name, idx)
    if not isinstance(src, dict):
        fail("%s: inline or external source %r is not allowed; "
             "write the source out so it can be checked" % (where, src))
    stype = src.get("type")
    if stype == "git":
        if not (src.get("tag") or src.get("branch")):
            fail("%s: git source needs a \"tag\" or \"branch\"" % where)
        commit = src.get("commit")
        if not commit:
            fail("%s: git source needs a \"commit\"" % where)
        if not COMMIT_RE.match(commit):
            fail("%s: commit %r is not a full 40-hex-digit id" % (where, commit))
    elif stype in ARCHIVE_TYPES:
        sha = src.get("sha256")
        if not sha:
            fail("%s: %s source needs a \"sha256\"" % (where, stype))
        if not SHA256_RE.match(sha):
            fail("%s: sha256 %r is not 64 hex digits" % (where, sha))
    elif stype == "dir":
        if mod_name != SELF_MODULE:
            fail("%s: \"dir\" sources are allowed only for the %r module"
                 % (where, SELF_MODULE))
    elif stype == "patch":
        # A patch shipped in this repository is pinned by the repository.
        if "url" in src or "path" not in src:
            fail("%s: patch sources must be local files (\"path\")" % where)
    else:
        fail("%s: source type %r is not pinned-checkable" % (where, stype))


def main(argv):
    if len(argv) != 2:
        fail("usage: check-flatpak-manifest.py MANIFEST.json")
    path = argv[1]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except OSError as e:
        fail("cannot read %s: %s" % (path, e))
    except ValueError as e:
        fail("%s is not valid JSON: %s" % (path, e))
    if not isinstance(manifest, dict):
        fail("top level of %s is not an object" % path)

    app_id = manifest.get("app-id") or manifest.get("id")
    if app_id != APP_ID:
        fail("app-id is %r, expected %r" % (app_id, APP_ID))
    for key in ("runtime", "runtime-version", "sdk", "command"):
        if not manifest.get(key):
            fail("missing %r" % key)
    if manifest["runtime"] != "org.gnome.Platform":
        fail("runtime is %r, expected org.gnome.Platform" % manifest["runtime"])
    if manifest["sdk"] != "org.gnome.Sdk":
        fail("sdk is %r, expected org.gnome.Sdk" % manifest["sdk"])
    if manifest["command"] != "ringdesk":
        fail("command is %r, expected 'ringdesk'" % manifest["command"])

    finish_args = manifest.get("finish-args")
    if not isinstance(finish_args, list):
        fail("missing \"finish-args\" list")
    for arg in REQUIRED_FINISH_ARGS:
        if arg not in finish_args:
            fail("finish-args lacks %r" % arg)

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        fail("missing or empty \"modules\" list")

    count = 0
    seen_self = False
    stack = list(modules)
    while stack:
        mod = stack.pop(0)
        if not isinstance(mod, dict):
            fail("module %r is an external file reference; inline it so it "
                 "can be checked" % (mod,))
        name = mod.get("name")
        if not name:
            fail("a module has no \"name\"")
        sources = mod.get("sources")
        if not isinstance(sources, list) or not sources:
            fail("module %r has no sources" % name)
        for i, src in enumerate(sources):
            check_source(name, i, src)
        if name == SELF_MODULE:
            seen_self = True
        count += 1
        stack[0:0] = mod.get("modules", [])

    if not seen_self:
        fail("no %r module" % SELF_MODULE)
    last = modules[-1]
    if not isinstance(last, dict) or last.get("name") != SELF_MODULE:
        fail("the last module must be %r" % SELF_MODULE)
    if last.get("buildsystem") != "meson":
        fail("module %r must use buildsystem meson" % SELF_MODULE)

    print("ok: %d modules pinned" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
