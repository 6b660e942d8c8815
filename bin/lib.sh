# Sourced by the bin/ scripts: what they share (package installs, the JDK lookup, podman's flags).
# Each function prints its complaints on stderr prefixed with $script, the sourcing script's name.
script=${script:-$(basename "$0")}

# need_packages DEB...: installs the Debian packages whose command is missing (as root), or says
# what to install and exits. Each argument is "package" or "package:command" (the command to look
# for when it differs from the package name; an absolute path is tested with -x).
need_packages() {
  local spec pkg cmd need=()
  for spec in "$@"; do
    pkg=${spec%%:*}; cmd=${spec#*:}
    if [[ $cmd == /* ]]; then [[ -x $cmd ]] || need+=("$pkg")
    else command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg"); fi
  done
  [[ ${#need[@]} -gt 0 ]] || return 0
  if [[ $(id -u) == 0 ]]; then
    echo "$script: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "$script: needs ${need[*]}" >&2
    echo "hint: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
}

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }

# find_jdk [MIN]: exports JAVA_HOME: the one set when it is a JDK >= MIN (default 21), else the newest
# such JDK under /usr/lib/jvm (the project builds on Temurin 25 where it is there).
find_jdk() {
  local min=${1:-21} jdk best= best_major=0 major
  if [[ -n ${JAVA_HOME:-} && -x ${JAVA_HOME}/bin/javac ]] && (( $(java_major "$JAVA_HOME") >= min )); then
    export JAVA_HOME; return 0
  fi
  for jdk in /usr/lib/jvm/*; do
    [[ -x $jdk/bin/javac && ! -L $jdk ]] || continue
    major=$(java_major "$jdk"); major=${major%%.*}
    if (( major >= min && major > best_major )); then best=$jdk; best_major=$major; fi
  done
  [[ -n $best ]] || { echo "$script: needs a JDK $min or newer; set JAVA_HOME" >&2; exit 1; }
  export JAVA_HOME=$best
}

# podman and buildah as they work on these machines (no Docker engine; see shared/containers.md):
# runc (crun fails on this kernel's hybrid cgroups), cgroupfs, the host's network, rlimits lowered.
# DOCKERTAG_STORAGE_DRIVER picks the storage driver (overlay; vfs where overlay is refused).
storage_driver=${DOCKERTAG_STORAGE_DRIVER:-overlay}
podman_argv=(podman --storage-driver "$storage_driver" --runtime runc --cgroup-manager cgroupfs)
podman_() { "${podman_argv[@]}" "$@"; }
buildah_() { buildah --storage-driver "$storage_driver" "$@"; }
container_limits=(--ulimit nofile=1024:1024 --ulimit nproc=4096:4096)
# stand_in_label IMAGE: what a stand-in made by bin/stand-ins says it is (its dev.dockertag.stand-in label).
stand_in_label() { podman_ image inspect --format '{{ index .Labels "dev.dockertag.stand-in" }}' "$1"; }
need_containers() { need_packages podman buildah runc:/usr/sbin/runc debootstrap:/usr/sbin/debootstrap uidmap:newuidmap; }

# The reaper's JVM options unless TOOL_JAVA_OPTS says otherwise (bin/run-tool; image/layout writes the
# same into the image's launcher): see bin/run-tool for why.
REAPER_JVM_DEFAULTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx128m"

# start_local_registry DIR NAME: starts Debian's docker-registry on a free 127.0.0.1 port, storage in
# DIR/NAME-data (deletes enabled), config DIR/NAME.yml, access log DIR/NAME.log, and waits until it
# answers. Sets registry_port, registry_pid, registry_config and registry_log; serve_local_registry
# starts the same registry again (after a GC, say). The caller stops it: kill "$registry_pid".
start_local_registry() {
  local dir=$1 name=$2 port attempt
  for attempt in 1 2 3 4 5; do
    # below Linux's ephemeral range (32768-60999), where the port of an outgoing connection, invisible
    # to the probe, makes the registry's bind fail
    for _ in $(seq 1 50); do
      port=$((20000 + RANDOM % 12000))
      (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || break
    done
    registry_port=$port
    registry_config=$dir/$name.yml
    registry_log=$dir/$name.log
    cat > "$registry_config" <<YML
version: 0.1
log: {level: info, accesslog: {disabled: false}}
storage: {filesystem: {rootdirectory: $dir/$name-data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YML
    serve_local_registry && return 0
    grep -q 'address already in use' "$registry_log" 2>/dev/null || return 1
    echo "$script: port $port was taken between the probe and the bind (attempt $attempt of 5); another one" >&2
  done
  return 1
}

# serve_local_registry: starts the registry that start_local_registry configured; waits for /v2/.
serve_local_registry() {
  /usr/bin/docker-registry serve "$registry_config" >> "$registry_log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 1 300); do
    (exec 3<>/dev/tcp/127.0.0.1/"$registry_port") 2>/dev/null && return 0
    if ! kill -0 "$registry_pid" 2>/dev/null; then
      tail -5 "$registry_log" >&2
      echo "$script: the registry did not start" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "$script: the registry did not answer on 127.0.0.1:$registry_port" >&2
  return 1
}

# install_go_program NAME VERSION PACKAGE...: a Go program our users run, installed the way Go users
# install it (from the Go module proxy, pinned: every PACKAGE is of one module at VERSION) into
# ${DOCKERTAG_PEERS:-~/.cache/dockertag-peers}/NAME-VERSION/. Sets go_dir to that folder and
# go_program to the first package's binary. Built once (a minute or a few); Go's caches make it quick
# again. A throwaway module names the version: the proxy refuses some modules' version lists (olareg's,
# registry-image-resource's), which a plain `go install PACKAGE@VERSION` asks for.
install_go_program() {
  local name=$1 version=$2 first=$3 module
  shift 2
  go_dir=${DOCKERTAG_PEERS:-$HOME/.cache/dockertag-peers}/$name-$version
  go_program=$go_dir/${first##*/}
  local pkg missing=false
  for pkg in "$@"; do [[ -x $go_dir/${pkg##*/} ]] || missing=true; done
  [[ $missing == true ]] || return 0
  command -v go >/dev/null 2>&1 || { echo "$script: needs Go (go install) for $name" >&2; exit 1; }
  echo "$script: installing $name $version ($*) into $go_dir" >&2
  module=$go_dir.module
  mkdir -p "$module"
  ( cd "$module"
    [[ -f go.mod ]] || go mod init local.invalid/peers >/dev/null 2>&1
    go get "$first@$version" >/dev/null 2>&1 || go get "$first@$version"
    GOBIN=$go_dir go install "$@" )
}

# install_registry_peers: the registries and supply-chain tools the registry matrix tests use, pinned,
# exported for them: distribution 3.1 and olareg (test-support RegistryKind), cosign, oras and crane.
install_registry_peers() {
  install_go_program distribution v3.1.1 github.com/distribution/distribution/v3/cmd/registry
  export DOCKERTAG_DISTRIBUTION3=$go_program
  install_go_program olareg v0.1.2 github.com/olareg/olareg/cmd/olareg
  export DOCKERTAG_OLAREG=$go_program
  install_go_program cosign v3.1.2 github.com/sigstore/cosign/v3/cmd/cosign
  export DOCKERTAG_COSIGN=$go_program
  install_go_program oras v1.3.6 oras.land/oras/cmd/oras
  export DOCKERTAG_ORAS=$go_program
  install_go_program crane v0.22.1 github.com/google/go-containerregistry/cmd/crane
  export DOCKERTAG_CRANE=$go_program
}

# install_registry_image_resource: registry-image-resource's check, in and out, the peer our users
# would otherwise run (install_go_program). Sets registry_image_resource to their folder.
registry_image_resource_version=v1.18.0
install_registry_image_resource() {
  local pkg=github.com/concourse/registry-image-resource/cmd
  install_go_program registry-image-resource "$registry_image_resource_version" "$pkg/check" "$pkg/in" "$pkg/out"
  registry_image_resource=$go_dir
}
