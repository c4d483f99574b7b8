# Fuzzing the capability walkers (issue 4).
#   make fuzz         libFuzzer (clang) until stopped; FUZZ_ARGS="-max_total_time=600" etc.
#   make fuzz-smoke   a bounded run (FUZZ_RUNS inputs, per-input timeout) for CI or a quick check
# cap-fuzz-test is the plain cmocka test running the same entry over crafted inputs (no clang).
CAP_FUZZ_SRCS := tests/fuzz/cap-fuzz.c pci/cap.c pci/msix.c pci/virtio_rng.c tests/cap/fakecfg.c \
	firmware/format.c firmware/log.c firmware/inventory.c tests/stubs/test-console.c

UNIT_TESTS += cap-fuzz-test
cap-fuzz-test_SRCS := tests/fuzz/cap-fuzz-test.c $(CAP_FUZZ_SRCS)

FUZZ_CC     ?= clang
FUZZ_RUNS   ?= 20000
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Iinclude -Ifirmware -Itests/stubs \
	-DLOG_LEVEL_MAX=5 -DVMFW_HOST_TEST=1 -DVMFW_LIBFUZZER=1
FUZZ_CORPUS := $(BUILD)/fuzz/cap-corpus

$(BUILD)/fuzz/cap-fuzz: $(CAP_FUZZ_SRCS) tests/fuzz/cap-fuzz.h tests/cap/fakecfg.h $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(CAP_FUZZ_SRCS)

# Seeds: the crafted inputs of the cmocka test.
$(FUZZ_CORPUS)/.seeded: $(BUILD)/tests/cap-fuzz-test
	@mkdir -p $(@D)
	VMFW_FUZZ_SEED_DIR=$(@D) $< >/dev/null
	@touch $@

fuzz: $(BUILD)/fuzz/cap-fuzz $(FUZZ_CORPUS)/.seeded
	$< -max_len=4096 -timeout=5 $(FUZZ_ARGS) $(FUZZ_CORPUS)

fuzz-smoke: $(BUILD)/fuzz/cap-fuzz $(FUZZ_CORPUS)/.seeded
	$< -max_len=4096 -timeout=5 -runs=$(FUZZ_RUNS) -seed=1 $(FUZZ_ARGS) $(FUZZ_CORPUS)

.PHONY: fuzz fuzz-smoke
