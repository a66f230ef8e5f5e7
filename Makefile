# govreport — PGXS build.  Always build against PostgreSQL 15's pg_config:
# installing postgresql-server-dev-15 can pull in a newer generic pg_config.
PG_CONFIG ?= /usr/lib/postgresql/15/bin/pg_config

EXTENSION   = govreport
# The version this tree builds.  Bump it (and govreport.control's
# default_version) when a release's SQL surface is frozen; see README
# "Upgrading".
EXTVERSION  = 0.2.0
MODULE_big  = govreport

CORE_SRCS   = $(sort $(wildcard src/core/*.c))
PG_SRCS     = $(sort $(wildcard src/pg/*.c))
OBJS        = $(CORE_SRCS:.c=.o) $(PG_SRCS:.c=.o)

# The install script of this version is built from one file per concern in
# sql-src/.  Released versions' install scripts are kept in sql-released/
# exactly as they shipped (so an old version can still be installed and
# upgraded, as the upgrade test does).  Each upgrade step A--B is written by
# hand, one file per concern in sql-upgrade/A--B/, and concatenated.
UPGRADE_STEPS = $(notdir $(wildcard sql-upgrade/*--*))
DATA_built  = govreport--$(EXTVERSION).sql $(foreach s,$(UPGRADE_STEPS),govreport--$(s).sql)
DATA        = $(wildcard sql-released/govreport--*.sql sql-released/govreport--*.control)
REGRESS     = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)

# Warnings are errors.  PostgreSQL's fmgr macros leave fcinfo unused in
# some functions and its headers compare signed with unsigned, so those
# two -Wextra members are switched off for the server layer only.
WARN        = -Wall -Wextra -Werror
PG_CFLAGS   = $(WARN) -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers -Isrc/core
# The library reports the version it was built as (govreport.library_version()).
PG_CPPFLAGS = -Isrc/core -DGR_LIBRARY_VERSION='"$(EXTVERSION)"'

# HTML and Word XML go through libxml2 (pg_config's CPPFLAGS already name its
# headers); .docx containers are opened with libzip.
SHLIB_LINK  += -lxml2 -lzip
XML_CFLAGS  = $(shell xml2-config --cflags)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

govreport--$(EXTVERSION).sql: $(sort $(wildcard sql-src/*.sql))
	cat $^ > $@

# An upgrade step: its fragments in name order.
.SECONDEXPANSION:
govreport--%.sql: $$(sort $$(wildcard sql-upgrade/$$*/*.sql))
	@test -n "$^" || { echo "no fragments in sql-upgrade/$*" >&2; exit 1; }
	cat $^ > $@

# ---------------------------------------------------------------- core tests
# The core builds and runs without PostgreSQL.  UNIT_CFLAGS can add sanitizers.
CC_UNIT     ?= cc
UNIT_CFLAGS ?= -O1 -g
UNIT_TESTS  = $(sort $(wildcard test/unit/test_*.c))
UNIT_BIN    = test/unit/run_unit

$(UNIT_BIN): $(CORE_SRCS) $(UNIT_TESTS) test/unit/unit.c test/unit/unit.h test/unit/suites.h test/unit/zipbuild.h src/core/*.h
	$(CC_UNIT) -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) $(UNIT_CFLAGS) -Isrc/core -Itest/unit $(XML_CFLAGS) \
		-o $@ $(CORE_SRCS) test/unit/unit.c $(UNIT_TESTS) -lxml2 -lzip

.PHONY: unit unit-asan
unit: $(UNIT_BIN)
	./$(UNIT_BIN)

unit-asan:
	$(MAKE) -B test/unit/run_unit_asan CC_UNIT=clang UNIT_BIN=test/unit/run_unit_asan \
		UNIT_CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	./test/unit/run_unit_asan

EXTRA_CLEAN = test/layouts/layparse test/unit/run_unit test/unit/run_unit_asan results regression.diffs regression.out

# A command-line driver for the core (debugging, benchmarks).
test/tools/grparse: $(CORE_SRCS) test/tools/grparse.c src/core/*.h
	$(CC_UNIT) -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) -O2 -g -Isrc/core $(XML_CFLAGS) -o $@ $(CORE_SRCS) test/tools/grparse.c -lxml2 -lzip

# govreport-load, the bulk loader (src/bin/govreport-load): its own PGXS
# Makefile, since PGXS builds one of MODULE_big or PROGRAM per Makefile.
LOADER_DIR  = src/bin/govreport-load
.PHONY: loader install-loader clean-loader
all: loader
install: install-loader
clean: clean-loader
installcheck: loader
loader:
	$(MAKE) -C $(LOADER_DIR) PG_CONFIG=$(PG_CONFIG)
install-loader: loader
	$(MAKE) -C $(LOADER_DIR) PG_CONFIG=$(PG_CONFIG) install
clean-loader:
	$(MAKE) -C $(LOADER_DIR) PG_CONFIG=$(PG_CONFIG) clean

test/layouts/layparse: $(CORE_SRCS) test/layouts/layparse.c src/core/*.h
	$(CC_UNIT) -std=c99 -D_POSIX_C_SOURCE=200809L $(WARN) -O2 -Isrc/core $(XML_CFLAGS) -o $@ $(CORE_SRCS) test/layouts/layparse.c -lxml2 -lzip

# PGXS does not track header dependencies: rebuild every object when a
# header changes (a stale object with an old struct layout crashes).
$(OBJS): $(wildcard src/core/*.h src/pg/*.h)
