# Fuzzing (issue 10): libFuzzer targets, corpus replay tests, smoke runs. See docs/fuzzing.md.
#   make fuzz          each target for FUZZ_TIME seconds (make -j2 fuzz runs two at once)
#   make fuzz-smoke    each target for FUZZ_SMOKE_TIME seconds from its committed corpus (CI)
#   make fuzz-<t>      one target, e.g. make fuzz-pci FUZZ_TIME=600
#   FUZZ_ARGS="..."    extra libFuzzer flags (e.g. -jobs=2 -workers=2)
# New inputs go to build/fuzz/corpus/<t>; the committed seeds are tests/fuzz/corpus/<t>.
# The <t>-replay-test unit tests run each entry over its committed corpus plus deterministic
# mutations with gcc, so `make unit` covers every target without clang.

FUZZ_COMMON := firmware/format.c firmware/log.c firmware/inventory.c tests/stubs/test-console.c
FUZZ_TARGETS := cap pci fwcfg e820 smbios linux aml

cap_FUZZ_SRCS := tests/fuzz/cap-fuzz.c pci/cap.c pci/msix.c pci/virtio_rng.c tests/cap/fakecfg.c $(FUZZ_COMMON)
pci_FUZZ_SRCS := tests/fuzz/pci-fuzz.c tests/fuzz/pci-check.c tests/pci/simbus.c pci/pci_enum.c \
	pci/pci_alloc.c pci/pci_chipset.c pci/pci_setup.c $(FUZZ_COMMON)
fwcfg_FUZZ_SRCS := tests/fuzz/fwcfg-fuzz.c firmware/fwcfg.c firmware/e820.c firmware/variant.c \
	firmware/smbios.c $(FUZZ_COMMON)
e820_FUZZ_SRCS := tests/fuzz/e820-fuzz.c firmware/e820.c $(FUZZ_COMMON)
smbios_FUZZ_SRCS := tests/fuzz/smbios-fuzz.c firmware/variant.c firmware/smbios.c $(FUZZ_COMMON)
linux_FUZZ_SRCS := tests/fuzz/linux-fuzz.c firmware/linux.c firmware/initrd.c firmware/e820.c $(FUZZ_COMMON)
aml_FUZZ_SRCS := tests/fuzz/aml-fuzz.c acpi/aml.c tests/acpi/aml_decode.c $(FUZZ_COMMON)

# Corpus replay (cmocka, gcc, ASan + UBSan like every unit test).
UNIT_TESTS += cap-fuzz-test
cap-fuzz-test_SRCS := tests/fuzz/cap-fuzz-test.c $(cap_FUZZ_SRCS)
UNIT_TESTS += cap-replay-test pci-replay-test fwcfg-replay-test e820-replay-test \
	smbios-replay-test linux-replay-test aml-replay-test
cap-replay-test_SRCS := tests/fuzz/cap-replay-test.c $(cap_FUZZ_SRCS)
pci-replay-test_SRCS := tests/fuzz/pci-replay-test.c $(pci_FUZZ_SRCS)
fwcfg-replay-test_SRCS := tests/fuzz/fwcfg-replay-test.c $(fwcfg_FUZZ_SRCS)
e820-replay-test_SRCS := tests/fuzz/e820-replay-test.c $(e820_FUZZ_SRCS)
smbios-replay-test_SRCS := tests/fuzz/smbios-replay-test.c $(smbios_FUZZ_SRCS)
linux-replay-test_SRCS := tests/fuzz/linux-replay-test.c $(linux_FUZZ_SRCS)
aml-replay-test_SRCS := tests/fuzz/aml-replay-test.c $(aml_FUZZ_SRCS)

FUZZ_CC         ?= clang
FUZZ_TIME       ?= 60
FUZZ_SMOKE_TIME ?= 4
FUZZ_MAX_LEN    ?= 4096
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fsanitize-coverage-ignorelist=tests/fuzz/coverage-ignore.txt \
	-fno-sanitize-recover=undefined -Iinclude -Ifirmware -Itests/stubs \
	-DLOG_LEVEL_MAX=5 -DVMFW_HOST_TEST=1 -DVMFW_LIBFUZZER=1

define fuzz_rule
$(BUILD)/fuzz/$(1)-fuzz: $$($(1)_FUZZ_SRCS) $$(wildcard tests/fuzz/*.h) $(HEADERS) tests/fuzz/coverage-ignore.txt
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) -o $$@ $$($(1)_FUZZ_SRCS)

fuzz-$(1): $(BUILD)/fuzz/$(1)-fuzz
	@mkdir -p $(BUILD)/fuzz/corpus/$(1) $(BUILD)/fuzz/artifacts
	$$< -max_len=$$(FUZZ_MAX_LEN) -timeout=10 -max_total_time=$$(FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=$(BUILD)/fuzz/artifacts/$(1)- $$(FUZZ_ARGS) \
		$(BUILD)/fuzz/corpus/$(1) tests/fuzz/corpus/$(1)

fuzz-smoke-$(1): $(BUILD)/fuzz/$(1)-fuzz
	@rm -rf $(BUILD)/fuzz/smoke/$(1) && mkdir -p $(BUILD)/fuzz/smoke/$(1) $(BUILD)/fuzz/artifacts
	$$< -max_len=$$(FUZZ_MAX_LEN) -timeout=10 -max_total_time=$$(FUZZ_SMOKE_TIME) -seed=1 \
		-print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/artifacts/$(1)- $$(FUZZ_ARGS) \
		$(BUILD)/fuzz/smoke/$(1) tests/fuzz/corpus/$(1)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

fuzz-build: $(addprefix $(BUILD)/fuzz/,$(addsuffix -fuzz,$(FUZZ_TARGETS)))
fuzz: $(addprefix fuzz-,$(FUZZ_TARGETS))
fuzz-smoke: $(addprefix fuzz-smoke-,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-smoke fuzz-build $(addprefix fuzz-,$(FUZZ_TARGETS)) $(addprefix fuzz-smoke-,$(FUZZ_TARGETS))
