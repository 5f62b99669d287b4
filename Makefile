# vanphong — one binary. `make run` and `make test` are all a newcomer needs.
#
# Conventions (helpers and modules rely on them; no need to edit this file to add code):
#   every src/**/*.c except src/app/main.c goes into $(BUILD)/libvp.a;
#   every tests/unit/test_*.c becomes $(BUILD)/tests/test_* linked with libvp.a and cmocka;
#   assets/* are embedded by scripts/embed.sh; src/db/migrations/*.sql likewise.
# BUILD picks the build folder, so several builds (debug, asan, a helper's) can coexist.

BUILD    ?= build
CC       ?= cc
PKGS      = libmicrohttpd sqlite3 jansson libsodium libutf8proc icu-uc icu-i18n xlsxwriter libmagic \
            pangocairo libzip libxml-2.0 libcurl libpq
CSTD      = -std=c17 -D_GNU_SOURCE
WARN      = -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wformat=2 -Wno-format-nonliteral
OPT      ?= -O2 -g
SAN      ?=
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SAN) -Isrc -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS)) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS)) -lpthread -lm $(SAN)

SRC       = $(filter-out src/app/main.c,$(shell find src -name '*.c' | sort))
OBJ       = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC)) $(BUILD)/obj/gen/embedded.o
UNIT_SRC  = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
ASSETS    = $(shell find assets src/db/migrations -type f 2>/dev/null | sort)
DATA     ?= data
LISTEN   ?= 127.0.0.1:8080
# Translations: po/LANG.po → $(BUILD)/locale/LANG/LC_MESSAGES/vanphong.mo, found by i18n_init
# beside the binary (message ids are the Vietnamese texts, so Vietnamese needs no catalogue).
MO        = $(patsubst po/%.po,$(BUILD)/locale/%/LC_MESSAGES/vanphong.mo,$(wildcard po/*.po))

.PHONY: install
.PHONY: all unit-bins fuzz-bins run test unit http-tests browser-tests test-nodes asan deps clean bench fmt pot check-catalogue fuzz check-escaping check-layers fuzz-run fuzz-replay check-pg-schema

all: $(BUILD)/vanphong $(MO)

unit-bins: $(UNIT_BIN)

$(BUILD)/locale/%/LC_MESSAGES/vanphong.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

$(BUILD)/gen/embedded.c: $(ASSETS) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $(ASSETS) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libvp.a: $(OBJ)
	rm -f $@ && ar rcs $@ $^

# The version main.c prints: the release and, in a git checkout, the commit (main.o is rebuilt
# whenever HEAD moves).
VERSION   = 0.3
GIT_REV  := $(shell git rev-parse --short HEAD 2>/dev/null)
$(BUILD)/obj/app/main.o: EXTRA_CFLAGS += -DVP_VERSION='"$(VERSION)$(if $(GIT_REV),+$(GIT_REV))"'
$(BUILD)/obj/app/main.o: $(wildcard .git/HEAD .git/refs/heads/*)

$(BUILD)/vanphong: $(BUILD)/obj/app/main.o $(BUILD)/libvp.a
	$(CC) -o $@ $^ $(LDLIBS_ALL)

# The shared fixture headers (tests/unit/*.h) too: a binary built from an older fixture would
# test what the tree no longer says.
$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(BUILD)/libvp.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(BUILD)/libvp.a $(LDLIBS_ALL) -lcmocka

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Package sets (scripts/deps.sh): `make run` installs only what building and running need;
# test, bench, harden and fuzz add their own tools. `make deps` installs every set.
deps:
	sh scripts/deps.sh all

.PHONY: deps-run deps-test deps-bench deps-harden deps-fuzz deps-package
deps-run deps-test deps-bench deps-harden deps-fuzz deps-package:
	@sh scripts/deps.sh $(patsubst deps-%,%,$@)

# Unit tests: T=name runs one (tests/unit/test_NAME.c).
unit: $(UNIT_BIN) $(BUILD)/vanphong
	@sh scripts/run-unit.sh $(BUILD) $(T)

http-tests: $(BUILD)/vanphong
	@VANPHONG_BIN=$(abspath $(BUILD)/vanphong) sh scripts/run-node-tests.sh tests/http

browser-tests: $(BUILD)/vanphong
	@VANPHONG_BIN=$(abspath $(BUILD)/vanphong) sh scripts/run-node-tests.sh tests/browser

# Two nodes over one store behind nginx on loopback (tests/nodes; VP_DB_URL for PostgreSQL).
test-nodes: $(BUILD)/vanphong
	@VANPHONG_BIN=$(abspath $(BUILD)/vanphong) sh scripts/run-node-tests.sh tests/nodes

# The whole suite: escaping lint, unit, fuzz-corpus replay, HTTP, browser.
test: deps-test
	@sh scripts/test-all.sh $(BUILD)

asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" all unit-bins fuzz-bins $(if $(T),unit,)

run: deps-run all
	@sh scripts/run.sh $(BUILD)/vanphong $(DATA) $(LISTEN)

bench: deps-bench all
	@BENCH_BACKEND=$(or $(BACKEND),sqlite) sh bench/run.sh $(BUILD)/vanphong

check-escaping:
	@sh scripts/check-escaping.sh

# The floors of src/LAYERS: no upward include, no cycle between modules, no foreign _impl.h,
# no source file over 1,000 lines (docs/ARCHITECTURE.md).
check-layers:
	@sh scripts/check-layers.sh

# The PostgreSQL schema (src/db/migrations/pg/) applies on a throw-away cluster and equals the
# SQLite one; then the check proves it can fail (scripts/check-pg-schema.sh).
check-pg-schema: $(BUILD)/vanphong
	sh scripts/check-pg-schema.sh
	sh scripts/check-pg-schema.sh --self-test

fmt:
	clang-format -i $$(find src tests/unit -name '*.[ch]')

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -o po/vanphong.pot $$(find src -name '*.c' | sort)

# Every message of src/ translated in po/en.po (part of make test).
check-catalogue:
	sh scripts/check-catalogue.sh

clean:
	rm -rf build build-*

# Fuzzing (fuzz/README.md). Replay binaries are built with the current BUILD's compiler and
# sanitizers; the libFuzzer build uses clang-14 in build-fuzz.
FUZZ_SRC  = $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_REPLAY = $(patsubst fuzz/fuzz_%.c,$(BUILD)/fuzz/replay_%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 20

$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay_main.c $(BUILD)/libvp.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< fuzz/replay_main.c $(BUILD)/libvp.a $(LDLIBS_ALL)

fuzz-replay: $(FUZZ_REPLAY)
	@sh fuzz/replay.sh $(BUILD)

# The replay binaries alone (make asan builds them so make test replays under sanitizers).
fuzz-bins: $(FUZZ_REPLAY)

fuzz: deps-fuzz
	$(MAKE) BUILD=build-fuzz CC=clang-14 OPT="-O1 -g" SAN="-fsanitize=address,undefined,fuzzer-no-link" build-fuzz/libvp.a
	@mkdir -p build-fuzz/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang-14 $(CSTD) -O1 -g -fsanitize=fuzzer,address,undefined -Isrc $(shell pkg-config --cflags $(PKGS)) \
	    -o build-fuzz/fuzz/$$n $$f build-fuzz/libvp.a $(LDLIBS_ALL) || exit 1; done

fuzz-run: fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); t=$${n#fuzz_}; \
	  mkdir -p build-fuzz/corpus/$$t && cp -n fuzz/corpus/$$t/* build-fuzz/corpus/$$t/ 2>/dev/null; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS)s"; \
	  build-fuzz/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -artifact_prefix=build-fuzz/ \
	    $$( [ -f fuzz/dict/$$t.dict ] && echo -dict=fuzz/dict/$$t.dict ) build-fuzz/corpus/$$t fuzz/corpus/$$t \
	    2>build-fuzz/$$t.log || { tail -40 build-fuzz/$$t.log; exit 1; }; \
	  grep -E '^(#[0-9]+|Done)' build-fuzz/$$t.log | tail -1; done

# Hardening (issue 5): tests/hardening (security probes, SIGKILL crash safety, full disk),
# the 60 s load run, ThreadSanitizer, valgrind and static analysis. scripts/harden-*.sh.
.PHONY: hardening load tsan valgrind lint
hardening: all
	@VANPHONG_BIN=$(abspath $(BUILD)/vanphong) sh scripts/run-node-tests.sh tests/hardening

load: all
	@sh scripts/harden-load.sh $(BUILD)

# The server HTTP tests and the hardening probes against a ThreadSanitizer build.
tsan:
	$(MAKE) BUILD=build-tsan OPT="-O1 -g" SAN=-fsanitize=thread all
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(abspath tests/hardening/tsan.supp)" \
	  VANPHONG_BIN=$(abspath build-tsan/vanphong) sh scripts/harden-tsan.sh

valgrind: deps-harden
	$(MAKE) BUILD=build-valgrind OPT="-O1 -g" all unit-bins
	@sh scripts/harden-valgrind.sh build-valgrind $(T)

lint: deps-harden
	@sh scripts/harden-lint.sh

# make install (PREFIX, DESTDIR): the binary, its English catalogue, the man page vanphong(8),
# the systemd unit (its own user, StateDirectory=vanphong, hardened), a sysusers.d entry that
# creates the user, an example settings file, the nginx site example and docs/OPERATIONS.md.
# With PREFIX=/usr (the Debian package) settings go to /etc and the unit to /lib/systemd.
# tests/install/install.sh checks it (systemd-analyze verify, man -l).
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/vanphong
LOCALEDIR  ?= $(PREFIX)/share/locale
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR    ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
SYSUSERSDIR ?= $(if $(filter /usr,$(PREFIX)),/usr/lib/sysusers.d,$(PREFIX)/lib/sysusers.d)

install: all
	install -d -m 0755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(SYSCONFDIR)/vanphong
	install -m 0755 $(BUILD)/vanphong $(DESTDIR)$(BINDIR)/vanphong
	@for mo in $(MO); do l=$$(echo $$mo | sed 's,.*/locale/\([^/]*\)/.*,\1,'); \
	  install -d -m 0755 $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/vanphong.mo || exit 1; done
	install -m 0644 dist/vanphong.8 $(DESTDIR)$(MANDIR)/man8/vanphong.8
	sed -e 's,@BINDIR@,$(BINDIR),g' -e 's,@SYSCONFDIR@,$(SYSCONFDIR),g' dist/vanphong.service.in \
	  > $(DESTDIR)$(UNITDIR)/vanphong.service && chmod 0644 $(DESTDIR)$(UNITDIR)/vanphong.service
	install -m 0644 dist/vanphong.sysusers $(DESTDIR)$(SYSUSERSDIR)/vanphong.conf
	sed -e 's,@SYSCONFDIR@,$(SYSCONFDIR),g' dist/vanphong.conf.example \
	  > $(DESTDIR)$(SYSCONFDIR)/vanphong/vanphong.conf.example
	install -m 0644 dist/nginx-vanphong.conf docs/OPERATIONS.md $(DESTDIR)$(DOCDIR)/

# The Debian package (debian/, dh): built on a copy of the tree, checked with lintian
# (tests/install/deb.sh, which make test runs where debhelper and lintian are installed).
.PHONY: deb
deb: deps-package
	@sh tests/install/deb.sh

# The PostgreSQL driver against a throw-away cluster (scripts/test-pg.sh: initdb in a temporary
# directory, socket there, no TCP, stopped on exit), then the whole unit suite and the HTTP
# suite's files of tests/pg/http-ci.list on such a cluster (make test's stages pg, pg-unit and
# pg-http; docs/PG-TESTS.md).
.PHONY: test-pg pg-report
test-pg: $(UNIT_BIN) $(BUILD)/vanphong
	@sh scripts/test-pg.sh $(BUILD) --all

# The same with the whole HTTP suite on PostgreSQL (test-pg runs tests/pg/http-ci.list's files).
.PHONY: test-pg-full
test-pg-full: $(UNIT_BIN) $(BUILD)/vanphong
	@VP_TEST_PG_FULL=1 sh scripts/test-pg.sh $(BUILD) --all

# The unit suite on a throw-away cluster (each fixture's office in a database of its own,
# tests/unit/test_store.h); T=name runs one binary.
.PHONY: test-pg-unit
test-pg-unit: $(UNIT_BIN) $(BUILD)/vanphong
	@sh scripts/test-pg.sh $(BUILD) --unit $(T)

# Which SQL statements still need a hand-written PostgreSQL text (docs/POSTGRESQL.md): every
# db_query of src/, translated and PREPAREd on a throw-away cluster.
pg-report: $(BUILD)/vanphong
	@sh scripts/test-pg.sh $(BUILD) -- sh scripts/pg-statements.sh $(BUILD)
