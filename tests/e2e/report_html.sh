#!/usr/bin/env bash
# ebb report --format html rendered by headless Chromium: the figures show in the DOM and the
# page renders. Skips (exit 77) when /usr/bin/chromium is not installed; installs nothing.
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "skipped: no chromium at $CHROMIUM"
  exit 77
fi
. "$(dirname "$0")/lib.sh"

# A week with a plan of up to 4 drinks a day; Tuesday went past it.
printf 'why = "sleep <better>"\nwhen_urge = "text Sam"\n[alcohol]\nmax_per_day = 4\n' > "$WORK/plan.toml"
EBB_NOW=2026-11-01T12:00:00+01:00 run plan set "$WORK/plan.toml"
expect_rc 0
run use beer 2 --at "2026-11-17 20:00"
run use wine 3 --at "2026-11-17 22:00"
run use alcohol 2 --at "2026-11-19 20:00"
run urge 6 --rode-out --trigger "<script>alert('x')</script>" --at "2026-11-20 19:00"
run report week --format html -o "$WORK/report.html"
expect_rc 0 "report html"
expect_eq "$(stat -c %a "$WORK/report.html")" "600" "report file mode"
grep -q 'http' "$WORK/report.html" && fail "the page names a URL"

PROFILE=$(mktemp -d "$WORK/chromium.XXXXXX")
chrome() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$PROFILE" "$@" \
    2>"$WORK/chromium.err"
}
DOM=$(chrome --dump-dom "file://$WORK/report.html")
CHECKS=$((CHECKS + 1))
[ -n "$DOM" ] || fail "chromium printed no DOM: $(tail -5 "$WORK/chromium.err")"
# The log starts on Tuesday and today (Friday) is still going: 3 days are counted.
expect_contains "$DOM" "Within your plan: 2 of 3 days (67%)"
expect_contains "$DOM" "alcohol: 5 drinks, plan says up to 4 drinks a day"
expect_contains "$DOM" "<td>alcohol</td><td class=\"n\">2</td>"
expect_contains "$DOM" "7 drinks"
expect_contains "$DOM" "most in a day: 5 drinks"
expect_contains "$DOM" "Not acted on: 1 of 1 (1 ridden out)."
expect_contains "$DOM" "sleep &lt;better&gt;"
expect_contains "$DOM" "&lt;script&gt;alert"
expect_not_contains "$DOM" "<script>alert"
expect_contains "$DOM" "<svg"

(cd "$WORK" && chrome --screenshot="$WORK/report.png" --window-size=1000,1400 "file://$WORK/report.html" >/dev/null)
CHECKS=$((CHECKS + 1))
[ -s "$WORK/report.png" ] || fail "no screenshot: $(tail -5 "$WORK/chromium.err")"
SIZE=$(stat -c %s "$WORK/report.png" 2>/dev/null || echo 0)
CHECKS=$((CHECKS + 1))
[ "$SIZE" -gt 20000 ] || fail "the screenshot is only $SIZE bytes"

finish
