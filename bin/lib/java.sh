# Sourced by bin/kv-server and bin/kv-bench: kvlab_java TOOL sets $java to $JAVA_HOME/bin/java when JAVA_HOME is set,
# else to the java on PATH, and says on stderr which java it is and its version (from the JDK's release file).
# kv-server's virtual transport needs Java 21+: JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bin/kv-server ...
kvlab_java() {
  local tool="$1" home version
  if [[ -n "${JAVA_HOME:-}" ]]; then
    java="$JAVA_HOME/bin/java"
    if [[ ! -x "$java" ]]; then
      echo "$tool: JAVA_HOME=$JAVA_HOME has no bin/java: point it at a JDK 17+, or unset it to use java on PATH" >&2
      exit 1
    fi
  else
    java="$(command -v java || true)"
    if [[ -z "$java" ]]; then
      echo "$tool: no java on PATH and JAVA_HOME is not set: install a JDK 17+ or set JAVA_HOME" >&2
      exit 1
    fi
  fi
  home="$(dirname "$(dirname "$(readlink -f "$java")")")"
  version="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" 2>/dev/null || true)"
  echo "$tool: running $java (Java ${version:-of unknown version}${JAVA_HOME:+, from JAVA_HOME})" >&2
}

# kvlab_stale JAR MODULE...: succeeds (and names one file) when JAR is missing or older than a source file or pom of
# the MODULEs (and the parent pom), so a launcher rebuilds after a pull instead of running old code. One find, fast.
kvlab_stale() {
  local jar="$1" newer
  shift
  [[ -f "$jar" ]] || { echo "$jar is missing"; return 0; }
  newer="$(cd "$root" && find "$@" -path '*/target' -prune -o \( -path '*/src/main/*' -o -name pom.xml \) -type f \
    -newer "$jar" -print -quit 2>/dev/null)"
  [[ -z "$newer" && "$root/pom.xml" -nt "$jar" ]] && newer="pom.xml"
  [[ -n "$newer" ]] && { echo "$newer is newer than $jar"; return 0; }
  return 1
}
