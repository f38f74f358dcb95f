# Sourced by the launchers (./headpatch, perf/bench, the release archive's bin/headpatch): the JVM flags headpatch
# runs with on the JDK at hand, and the locale it starts in.
# jvm_flags JAVA BASE JDK22 JDK24 prints BASE, plus JDK22 on JDK 22+ and JDK24 on JDK 24+ (JDK 17 and 21
# refuse those flags; without them JDK 24+ prints warnings about JNI and sun.misc.Unsafe on stderr).

# The feature version (17, 21, 25) of a java command: from its home's release file, else by asking it.
java_feature_version() {
  local java="$1" binary home version
  binary="$(readlink -f "$(command -v "$java")" 2>/dev/null || true)"
  home="${binary%/bin/java}"
  if [[ -n "$binary" && -f "$home/release" ]]; then
    version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
  fi
  if [[ -z "${version:-}" ]]; then
    version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
  fi
  echo "${version:-0}"
}

jvm_flags() {
  local java="$1" base="$2" jdk22="$3" jdk24="$4" feature flags
  feature="$(java_feature_version "$java")"
  flags="$base"
  (( feature >= 22 )) && flags+=" $jdk22"
  (( feature >= 24 )) && flags+=" $jdk24"
  echo "$flags"
}

# The value of <NAME>…</NAME> in a pom (the flags' one definition is the root pom's properties).
pom_property() {
  sed -n "s:.*<$1>\(--[^<]*\)</$1>.*:\1:p" "$2" | head -n 1
}

# File names are bytes, which the JVM turns into text with the locale's encoding, fixed at its start:
# under a locale that is not UTF-8 (LANG=C under cron, systemd, containers) a name like café.gz could
# not even be opened. Run the JVM in C.UTF-8 then (docs/operations.md: "File names that are not valid in the locale").
use_utf8_locale() {
  if [[ "$(locale charmap 2>/dev/null || true)" != "UTF-8" ]]; then
    export LC_ALL=C.UTF-8
  fi
}
