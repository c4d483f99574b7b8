# vmfw: boot firmware for QEMU/KVM guests.
#   make            build/vmfw.bin (the -bios image)
#   make run        install what is missing, build, boot vmfw + a Debian kernel + busybox initramfs
#   make test       install what is missing, run unit tests (cmocka, host) and integration tests (pytest + QEMU)
# Variables: MACHINE=pc|q35|<any -M value>, KERNEL=path, INITRD=path, APPEND="...", LOG_LEVEL=0..5,
#            VMFW_ACCEL=tcg|kvm, PYTEST_ARGS="-k ...".

.DEFAULT_GOAL := all
BUILD     ?= build
LOG_LEVEL ?= 4
MACHINE   ?= pc
SMP       ?= 2
MEM       ?= 512M
PYTHON    ?= /usr/bin/python3

CC        ?= gcc
HOSTCC    ?= gcc
OBJCOPY   ?= objcopy

# ---- firmware (freestanding, x86-64 long mode, linked to run from RAM) ----
FW_CFLAGS := -std=gnu11 -Os -m64 -march=x86-64 -ffreestanding -fno-pic -fno-pie -mno-red-zone \
	-mgeneral-regs-only -mcmodel=small -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -ffunction-sections -fdata-sections -fno-common -fno-strict-aliasing \
	-Wall -Wextra -Wno-unused-parameter -Werror=implicit-function-declaration \
	-Iinclude -Ifirmware -DLOG_LEVEL_MAX=$(LOG_LEVEL) -DVMFW_FIRMWARE=1
FW_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,-T,firmware/vmfw.ld -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

# Sources of the core that every build shares; areas append to these in their *.mk fragments.
CORE_SRCS := firmware/format.c firmware/log.c firmware/inventory.c firmware/fwcfg.c \
	firmware/e820.c firmware/linux.c firmware/initrd.c firmware/variant.c firmware/smbios.c
PCI_SRCS  :=
ACPI_SRCS :=
BIOS_SRCS := firmware/entry.S firmware/string.c firmware/main.c firmware/hw.c firmware/console.c \
	firmware/cpu.c firmware/paging.c firmware/intr.S firmware/die.c firmware/cmos.c \
	firmware/boot.c firmware/options.c firmware/pvpanic.c firmware/lapic.c firmware/devices.c \
	firmware/acpi_stage.c firmware/acpi_hw.c firmware/machine.c firmware/acpi_describe.c

-include $(sort $(wildcard pci/*.mk acpi/*.mk firmware/*.mk bench/*.mk tools/*.mk))

FW_ALL_SRCS := $(BIOS_SRCS) $(CORE_SRCS) $(PCI_SRCS) $(ACPI_SRCS)
FW_OBJS := $(patsubst %,$(BUILD)/fw/%.o,$(FW_ALL_SRCS))
HEADERS := $(wildcard include/*.h firmware/*.h pci/*.h acpi/*.h)

all: $(BUILD)/vmfw.bin

$(BUILD)/fw/%.c.o: %.c $(HEADERS) Makefile
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -c -o $@ $<

$(BUILD)/fw/%.S.o: %.S $(HEADERS) Makefile
	@mkdir -p $(@D)
	$(CC) $(FW_CFLAGS) -D__ASSEMBLY__ -c -o $@ $<

$(BUILD)/vmfw.elf: $(FW_OBJS) firmware/vmfw.ld
	$(CC) $(FW_CFLAGS) $(FW_LDFLAGS) -o $@ $(FW_OBJS) -lgcc

# The -bios image: the ROM region of the ELF, padded at the front to a 64 KiB multiple so
# that the reset vector lands at 0xfffffff0.
$(BUILD)/vmfw.bin: $(BUILD)/vmfw.elf scripts/mkrom.py
	$(PYTHON) scripts/mkrom.py $< $@

# ---- host unit tests (cmocka, ASan + UBSan) ----
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-Iinclude -Ifirmware -Itests/stubs -DLOG_LEVEL_MAX=5 -DVMFW_HOST_TEST=1
UNIT_TESTS :=
-include $(sort $(wildcard tests/*/Makefile.mk))

define unit_rule
$(BUILD)/tests/$(1): $$($(1)_SRCS) $(HEADERS) $(wildcard tests/stubs/*.h) Makefile
	@mkdir -p $$(@D)
	$(HOSTCC) $(HOST_CFLAGS) -o $$@ $$($(1)_SRCS) -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

UNIT_BINS := $(addprefix $(BUILD)/tests/,$(UNIT_TESTS))

unit-build: $(UNIT_BINS)

unit: deps-test $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do echo "== $$t"; $$t || fail=1; done; \
	if [ $$fail -ne 0 ]; then echo "unit tests: FAILED"; exit 1; fi; echo "unit tests: all passed"

# ---- guest pieces for run/test: a Debian kernel and a busybox initramfs ----
$(BUILD)/guest/vmlinuz:
	scripts/get-kernel.sh $(BUILD)/guest

$(BUILD)/guest/initramfs.cpio: scripts/mkinitramfs.py tests/guest/init $(BUILD)/guest/vmlinuz
	$(PYTHON) scripts/mkinitramfs.py --init tests/guest/init --modules-from $(BUILD)/guest/root -o $@

guest: $(BUILD)/guest/vmlinuz $(BUILD)/guest/initramfs.cpio

# ---- the two commands ----
deps:
	scripts/install-deps.sh run

deps-test:
	scripts/install-deps.sh test

KERNEL ?= $(BUILD)/guest/vmlinuz
INITRD ?= $(BUILD)/guest/initramfs.cpio
APPEND ?= console=ttyS0 panic=-1 vmfw.mode=shell

run: deps
	$(MAKE) all guest
	$(PYTHON) scripts/run.py --bios $(BUILD)/vmfw.bin --machine $(MACHINE) --smp $(SMP) --mem $(MEM) \
		--kernel "$(KERNEL)" --initrd "$(INITRD)" --append "$(APPEND)"

integration: deps-test all guest
	cd tests/integration && $(PYTHON) -m pytest -q -ra $(PYTEST_ARGS)

test: deps-test
	$(MAKE) all guest unit-build
	$(MAKE) unit
	$(MAKE) integration

clean:
	rm -rf $(BUILD)/fw $(BUILD)/efi $(BUILD)/tests $(BUILD)/vmfw.*

distclean:
	rm -rf $(BUILD)

.PHONY: all unit unit-build deps deps-test run test integration guest clean distclean
