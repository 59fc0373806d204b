# aot-cache.sh: JDK 25's ahead-of-time cache (JEP 483, 514, 515) for the myelin launchers, sourced by
# ./myelin and by the distribution's bin/myelin.
#
# Why: the first epoch of `myelin train` ran 2.5 to 3x longer than the others, because the Vector API
# kernels run interpreted (every vector operation a boxed call) until C2 compiles them, and the single C2
# thread of a small machine compiles them late, after the class loading and the Vector API's own methods.
# The cache holds the classes loaded and linked and the method profiles of a short training run, and
# -XX:+AOTCompileEagerly queues the methods that training compiled as soon as their classes initialize.
# Measured in benchmarks/RESULTS.md ("Warm-up"): a small gain, within the noise of a shared host; the CPU
# warm-up before a long fit (the model's own steps, ModelWarmUp) is what brings the first epoch within 1.5x.
#
# The cache is recorded once per build and JDK by a 1-epoch `train` run (output discarded), rebuilt when
# a jar or the JDK changes (the signature below: what the JVM checks), and left out silently when it
# cannot be used: the JVM then runs as if it were absent, its aot/cds messages turned off.
# MYELIN_AOT=off leaves it out; MYELIN_JAVA_OPTS=-XX:AOTMode=off does the same for one run.

AOT_FLAGS=()

# The files a cache depends on: the JVM (libjvm.so) and the class path's jars, with sizes and times.
aot_signature() {
  local java_home="$1" f
  shift
  stat -c '%n %s %Y' "$java_home/lib/server/libjvm.so" "$@" 2>/dev/null || echo "missing"
  for f in "$@"; do [[ -f "$f" ]] || echo "missing $f"; done
}

# Sets AOT_FLAGS to use cache $1 when it was recorded for this JDK ($2) and these jars ($3...).
aot_use() {
  local cache="$1" java_home="$2"
  shift 2
  AOT_FLAGS=()
  [[ "${MYELIN_AOT:-on}" == off ]] && return 0
  [[ -f "$cache" && -f "$cache.stamp" ]] || return 0
  local flags
  flags="$(head -n 1 "$cache.stamp")"
  [[ "$(tail -n +2 "$cache.stamp")" == "$(aot_signature "$java_home" "$@")" ]] || return 0
  # shellcheck disable=SC2206  # the stamp's first line is a list of JVM options
  AOT_FLAGS=(-XX:AOTCache="$cache" -Xlog:aot=off -Xlog:cds=off $flags)
}

# Records cache $1 for java $2 (home $3) from a 1-epoch training run with class path $4 (jars $5...) and
# JVM flags in the array JVM_FLAGS; says so on stderr. Never fails: without a cache the run goes on.
aot_record() {
  local cache="$1" java="$2" java_home="$3" cp="$4"
  shift 4
  [[ "${MYELIN_AOT:-on}" == off ]] && return 0
  local dir tmp log="$cache.log" start status=0 eager=""
  dir="$(dirname "$cache")"
  [[ -w "$dir" ]] || return 0
  tmp="$(mktemp -d "$dir/aot-recording.XXXXXX")" || return 0
  echo "myelin: recording the JIT warm-up cache for this build and JDK (once: a 1-epoch training run)..." >&2
  start=$SECONDS
  "$java" "${JVM_FLAGS[@]}" -XX:AOTCacheOutput="$tmp/myelin.aot" -cp "$cp" dev.myelin.examples.Main \
    train --epochs 1 --out "$tmp/run" >"$log" 2>&1 </dev/null || status=$?
  if [[ "$status" -eq 0 && -s "$tmp/myelin.aot" ]] \
      && "$java" "${JVM_FLAGS[@]}" -XX:AOTCache="$tmp/myelin.aot" -XX:AOTMode=on -cp "$cp" -version >>"$log" 2>&1; then
    # Eager compilation is experimental in JDK 25: used only where this JVM accepts it.
    if "$java" -XX:+UnlockExperimentalVMOptions -XX:+AOTCompileEagerly -version >/dev/null 2>&1; then
      eager="-XX:+UnlockExperimentalVMOptions -XX:+AOTCompileEagerly"
    fi
    if mv -f "$tmp/myelin.aot" "$cache" && { echo "$eager"; aot_signature "$java_home" "$@"; } >"$cache.stamp"; then
      echo "myelin: recorded $cache in $((SECONDS - start)) s" >&2
    else
      rm -f "$cache" "$cache.stamp"
    fi
  else
    rm -f "$cache" "$cache.stamp"
    echo "myelin: could not record the warm-up cache (see $log); running without it" >&2
  fi
  rm -rf "$tmp"
}
