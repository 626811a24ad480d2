#!/usr/bin/env bash
# ThreadLab's Gradescope autograder: setup.sh, run once by Gradescope when it builds the
# autograder's image (as root, on its Ubuntu base image, 22.04 by default).
# Spec: https://gradescope-autograders.readthedocs.io/en/latest/specs/ (setup.sh and run_autograder
# at the zip's root, the zip unpacked in /autograder/source) and .../base_images/ (Ubuntu 22.04).
#
# Installs a JDK 21+ and bubblewrap when missing, checks that ThreadLab's jars (threadlab/lib, in
# this package) run on that JDK, and records the JDK for run_autograder in threadlab/java-home.
# AUTOGRADER_ROOT (default /autograder) moves everything, for testing; THREADLAB_JAVA_HOME picks
# a JDK 21+ already installed, and with one and bwrap present nothing is installed.
set -euo pipefail

ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
TL="$SOURCE/threadlab"
MIN_JAVA=21
# Ubuntu's own OpenJDK 21, not Adoptium's Temurin: it is in jammy-updates/jammy-security (universe)
# (packages.ubuntu.com/jammy/openjdk-21-jdk-headless), and in focal and noble too, so it needs no
# third-party apt repository or signing key, and gets Ubuntu's security updates. "headless": no GUI
# libraries; it still has javac and the jdk.jshell module, which the grading kernel needs.
JDK_PACKAGE=openjdk-21-jdk-headless

say() { echo "threadlab setup: $*"; }
die() { echo "threadlab setup: $*" >&2; exit 1; }

# "<major> <java.home>" of a JDK (javac and jshell beside java), or nothing.
java_info() {
  local java="$1" props major home
  [[ -x "$java" ]] || return 0
  props="$("$java" -XshowSettings:properties -version 2>&1)" || return 0
  major="$(sed -n 's/^ *java\.specification\.version = //p' <<<"$props" | head -n1)"
  home="$(sed -n 's/^ *java\.home = //p' <<<"$props" | head -n1)"
  major="${major#1.}"; major="${major%%.*}"
  [[ "$major" =~ ^[0-9]+$ && -n "$home" && -x "$home/bin/javac" && -x "$home/bin/jshell" ]] || return 0
  echo "$major $home"
}

# Sets JDK_HOME to a JDK 21+: THREADLAB_JAVA_HOME (used as given or refused), java on PATH, /usr/lib/jvm/*.
find_jdk() {
  local info home
  JDK_HOME=""
  if [[ -n "${THREADLAB_JAVA_HOME:-}" ]]; then
    info="$(java_info "$THREADLAB_JAVA_HOME/bin/java")"
    [[ -n "$info" && "${info%% *}" -ge $MIN_JAVA ]] \
      || die "THREADLAB_JAVA_HOME=$THREADLAB_JAVA_HOME is no JDK $MIN_JAVA or newer."
    JDK_HOME="${info#* }"; return
  fi
  if command -v java >/dev/null; then
    info="$(java_info "$(command -v java)")"
    if [[ -n "$info" && "${info%% *}" -ge $MIN_JAVA ]]; then JDK_HOME="${info#* }"; return; fi
  fi
  for home in /usr/lib/jvm/*/; do
    info="$(java_info "${home%/}/bin/java")"
    if [[ -n "$info" && "${info%% *}" -ge $MIN_JAVA ]]; then JDK_HOME="${info#* }"; return; fi
  done
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || die "cannot install $*: no apt-get here (Gradescope's Ubuntu images have it)."
  [[ $(id -u) -eq 0 ]] || die "cannot install $*: setup.sh must run as root (Gradescope runs it so)."
  if [[ -z "$APT_UPDATED" ]]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed."
    APT_UPDATED=1
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed."
}

[[ -d "$TL/lib" ]] || die "no $TL/lib: unpack the whole autograder.zip into $SOURCE."

find_jdk
if [[ -z "$JDK_HOME" ]]; then
  apt_install "$JDK_PACKAGE"
  find_jdk
  [[ -n "$JDK_HOME" ]] || die "$JDK_PACKAGE is installed but no JDK $MIN_JAVA+ was found in /usr/lib/jvm."
fi
say "JDK: $JDK_HOME ($("$JDK_HOME/bin/java" -version 2>&1 | head -n1))"

# bubblewrap isolates the submission from the package (hidden tests) and the results; whether it
# can run inside Gradescope's container is decided per submission by run_autograder.
if ! command -v bwrap >/dev/null; then
  apt_install bubblewrap
fi

echo "$JDK_HOME" >"$TL/java-home"
# Checks that the jars run here, and makes the grading JVM's class-data archive now (in /tmp:
# it saves each submission about a second when the image keeps /tmp).
"$JDK_HOME/bin/java" -Djava.awt.headless=true -cp "$TL/lib/*" org.threadlab.grade.GradescopePackage --warm-up "$ROOT" \
  || die "ThreadLab's jars do not run on $JDK_HOME (see above)."
say "ready: run_autograder grades $ROOT/submission"
