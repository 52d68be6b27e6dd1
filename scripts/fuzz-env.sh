# Sourced by scripts/fuzz and scripts/fuzz-coverage: what both choose the
# same way. Expects $root (the repository).
#
# cargo fuzz needs a nightly compiler (-Zsanitizer=address). With no
# nightly toolchain installed, the stable one is used with
# RUSTC_BOOTSTRAP=1, which unlocks the same flags. Sets $fuzz_toolchain
# (nightly or stable).
fuzz_toolchain=nightly
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  echo "scripts/${0##*/}: no nightly toolchain; using stable with RUSTC_BOOTSTRAP=1" >&2
  fuzz_toolchain=stable
  export RUSTC_BOOTSTRAP=1
fi

# The inputs a target starts from besides its corpus: fuzz/seeds/TARGET,
# or for the lan print parser the real captures the golden tests use, and
# for the Redfish documents the mockups' (libFuzzer reads the folders of
# the DMTF layout recursively).
fuzz_seeds() {
  if [ "$1" = bmc_lan_print ]; then
    echo "$root/tests/fixtures/bmc"
  elif [ "$1" = redfish_documents ]; then
    echo "$root/tests/fixtures/redfish"
  else
    echo "$root/fuzz/seeds/$1"
  fi
}
