#!/usr/bin/env bash
# Usage: check-po.sh SOURCE_ROOT
# Fails when a translation lacks a string that the sources mark translatable,
# or has fuzzy or untranslated entries, or does not compile.
set -euo pipefail
root="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

grep -v '^\s*#' po/POTFILES.in | grep -v '^\s*$' > "$work/files"
while read -r f; do
  [ -f "$f" ] || { echo "POTFILES.in names a missing file: $f"; exit 1; }
done < "$work/files"

# Every source with _( or N_( or translatable="yes" must be listed.
for f in $(grep -rlE '(\b_\(|\bN_\(|\bC_\(|translatable="yes")' src ui 2>/dev/null | sort); do
  grep -qx "$f" "$work/files" || { echo "missing from po/POTFILES.in: $f"; exit 1; }
done

xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --keyword=ngettext:1,2 --package-name=ringdesk \
  --files-from="$work/files" -o "$work/ringdesk.pot"

status=0
while read -r lang; do
  [ -n "$lang" ] || continue
  po="po/$lang.po"
  [ -f "$po" ] || { echo "$po is missing"; status=1; continue; }
  msgfmt --check -o /dev/null "$po"
  msgmerge --quiet --no-fuzzy-matching -o "$work/$lang.po" "$po" "$work/ringdesk.pot"
  stats=$(msgfmt --statistics -o /dev/null "$work/$lang.po" 2>&1)
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*)
      echo "$lang.po is incomplete; these strings need a translation:"
      msgattrib --untranslated --only-fuzzy "$work/$lang.po" 2>/dev/null | grep '^msgid' || true
      msgattrib --untranslated "$work/$lang.po" | grep '^msgid' | grep -v '^msgid ""$' || true
      status=1 ;;
  esac
done < <(grep -v '^\s*#' po/LINGUAS | tr ' ' '\n')
exit $status
