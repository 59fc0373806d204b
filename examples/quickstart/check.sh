#!/usr/bin/env bash
# Builds and tests this project the way a user would, from Myelin's installed artifacts only
# (run `./myelin install` at Myelin's root first), then runs its program in a plain JVM, without
# --add-modules jdk.incubator.vector or --enable-native-access, and checks that it works and says
# once, in one line each, what the missing flags would give. CI runs it after the test suite.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=../..

# A JDK 25 or newer: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm (as ./myelin does).
major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
if [[ -z "${JAVA_HOME:-}" || "$(major "$JAVA_HOME")" -lt 25 ]]; then
  for home in /usr/lib/jvm/*; do
    [[ -x "$home/bin/javac" && "$(major "$home")" -ge 25 ]] && JAVA_HOME="$home"
  done
fi
export JAVA_HOME
[[ "$(major "$JAVA_HOME")" -ge 25 ]] || { echo "quickstart: needs a JDK 25 or newer" >&2; exit 1; }

mvn=mvn
command -v mvn >/dev/null 2>&1 || mvn="$ROOT/mvnw"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

echo "quickstart: mvn test (dependencies: what Maven resolves for dev.myelin:myelin)"
"$mvn" -B -ntp -q -Dstyle.color=never test dependency:build-classpath -Dmdep.outputFile=target/classpath.txt 2>&1 \
  | sed "s/\x1b\[0m//g"

echo "quickstart: java -cp ... quickstart.HelloNeuralNetwork (no JVM flags)"
out="$("$JAVA_HOME/bin/java" -cp "target/classes:$(cat target/classpath.txt)" quickstart.HelloNeuralNetwork 2>&1)"
echo "$out"
grep -q "^prediction for x = 10: " <<<"$out" || { echo "quickstart: no prediction printed" >&2; exit 1; }
[[ "$(grep -c -- '--add-modules jdk.incubator.vector' <<<"$out")" == 1 ]] \
  || { echo "quickstart: expected one line on the Vector API flag" >&2; exit 1; }
grep -q -- '--enable-native-access' <<<"$out" || { echo "quickstart: expected the native-access line" >&2; exit 1; }
if grep -q "restricted method" <<<"$out"; then echo "quickstart: the JDK warned about restricted methods" >&2; exit 1; fi
echo "quickstart: ok"
