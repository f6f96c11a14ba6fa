# pidbox: GNU make, no configure step.
#   make            build/pidbox and build/libpidbox.a
#   make static     build/pidbox-static, fully static with musl
#   make demo       build, then a shell in a box showing its PIDs and ps
#   make test       unit and integration tests (as root); SANITIZE=address,undefined
#   make bench      benchmarks against the anchors, as tables of ratios
CC ?= cc
BUILD ?= build
SANITIZE ?=
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
override CFLAGS += -std=gnu11 $(WARN) -D_GNU_SOURCE -Iinclude -fvisibility=hidden
ifneq ($(SANITIZE),)
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=$(SANITIZE)
endif
LDLIBS +=

LIB_SRC := $(wildcard lib/*.c)
CLI_SRC := $(wildcard cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
HDRS := $(wildcard include/*.h lib/*.h cli/*.h)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/helpers/%)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/%)
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

MUSL_CC ?= musl-gcc
# V=1 shows the full commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-6s %s\n'
endif

.PHONY: all static demo test check bench clean deps-test
all: $(BUILD)/pidbox $(BUILD)/libpidbox.a

$(BUILD)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -Ilib -c -o $@ $<

$(BUILD)/libpidbox.a: $(LIB_OBJ)
	@rm -f $@
	$(say) AR $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/pidbox: $(CLI_OBJ) $(BUILD)/libpidbox.a
	$(say) LD $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libpidbox.a $(LDLIBS)

static: $(BUILD)/pidbox-static
$(BUILD)/pidbox-static: $(LIB_SRC) $(CLI_SRC) $(HDRS)
	@command -v $(MUSL_CC) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing musl-tools for the static build"; \
	    apt-get install -y -qq musl-tools >/dev/null || \
	      { apt-get update -qq && apt-get install -y -qq musl-tools >/dev/null; }; \
	  else echo "make static needs musl-gcc: install musl-tools (apt-get install musl-tools)" >&2; exit 1; fi; }
	@mkdir -p $(BUILD)
	$(say) MUSL $@
	$(Q)$(MUSL_CC) -static -Os -std=gnu11 $(WARN) -D_GNU_SOURCE -Iinclude -Ilib \
	  -ffunction-sections -fdata-sections -Wl,--gc-sections -s \
	  -o $@ $(LIB_SRC) $(CLI_SRC)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libpidbox.a
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -Ilib -Itests/unit $(LDFLAGS) -o $@ $< $(BUILD)/libpidbox.a $(LDLIBS)

$(BUILD)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -Ilib $(LDFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/libpidbox.a
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) -Ilib -Icli $(LDFLAGS) -o $@ $< tests/fuzz/replay.c \
	  $(filter-out $(BUILD)/obj/cli/main.o,$(CLI_OBJ)) $(BUILD)/libpidbox.a $(LDLIBS)

$(BUILD)/examples/%: examples/%.c $(BUILD)/libpidbox.a
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libpidbox.a $(LDLIBS)

$(BUILD)/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(say) CC $<
	$(Q)$(CC) -O2 -std=gnu11 $(WARN) -D_GNU_SOURCE -o $@ $< $(LDLIBS)

TEST_BINS = all $(UNIT_BIN) $(HELPER_BIN) $(FUZZ_BIN) $(BUILD)/examples/spawn

deps-test:
	@tests/deps.sh

test check: deps-test
	@$(MAKE) --no-print-directory $(TEST_BINS) $(BUILD)/pidbox-static
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) tests/run.sh

demo: all
	@tests/deps.sh demo
	@PIDBOX=$(BUILD)/pidbox examples/demo.sh

bench: all $(BUILD)/pidbox-static $(BENCH_BIN)
	@BUILD=$(BUILD) bench/run.sh

clean:
	rm -rf $(BUILD)
