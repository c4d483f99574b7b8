# UEFI build (issue 8): build/vmfw.efi, the same core as vmfw.bin run as a UEFI application
# under OVMF, linked against gnu-efi (Debian package gnu-efi). Objects go to build/efi/.
# This fragment is read before pci/*.mk and acpi/*.mk, so it names the core by wildcard.
EFI_INC    ?= /usr/include/efi
EFI_LIBDIR ?= /usr/lib
EFI_CRT0   := $(EFI_LIBDIR)/crt0-efi-x86_64.o
EFI_LDS    := $(EFI_LIBDIR)/elf_x86_64_efi.lds

# No -ffunction/-fdata-sections: gnu-efi's linker script collects only .text/.data/.bss by name.
EFI_CFLAGS := -std=gnu11 -Os -m64 -march=x86-64 -ffreestanding -fpic -fshort-wchar -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-common -fno-strict-aliasing -Wall -Wextra -Wno-unused-parameter \
	-Werror=implicit-function-declaration -DGNU_EFI_USE_MS_ABI -DVMFW_EFI=1 \
	-DLOG_LEVEL_MAX=$(LOG_LEVEL) -Iinclude -Ifirmware -I$(EFI_INC) -I$(EFI_INC)/x86_64
EFI_LDFLAGS := -nostdlib -znocombreloc -T $(EFI_LDS) -shared -Bsymbolic --no-undefined \
	-L$(EFI_LIBDIR)

# The core exactly as vmfw.bin compiles it, plus the UEFI glue in firmware/efi/.
EFI_CORE_SRCS := firmware/format.c firmware/log.c firmware/inventory.c firmware/fwcfg.c \
	firmware/variant.c firmware/smbios.c firmware/machine.c firmware/options.c \
	firmware/pvpanic.c firmware/die.c firmware/console.c firmware/hw.c firmware/acpi_describe.c \
	firmware/string.c \
	$(sort $(wildcard pci/*.c acpi/*.c))
EFI_GLUE_SRCS := $(sort $(wildcard firmware/efi/*.c))
EFI_OBJS := $(patsubst %,$(BUILD)/efi/%.o,$(EFI_CORE_SRCS) $(EFI_GLUE_SRCS))
EFI_HEADERS := $(wildcard include/*.h firmware/*.h firmware/efi/*.h pci/*.h acpi/*.h)

# `make` builds vmfw.efi whenever gnu-efi is installed (scripts/install-deps.sh test installs it);
# without it the BIOS build goes on alone and says so.
ifneq ($(wildcard $(EFI_CRT0)),)
all: $(BUILD)/vmfw.efi
else
all: efi-skipped
efi-skipped:
	@echo "efi.mk: gnu-efi not installed ($(EFI_CRT0) missing): build/vmfw.efi skipped"
.PHONY: efi-skipped
endif

$(BUILD)/efi/%.c.o: %.c $(EFI_HEADERS) firmware/efi.mk
	@mkdir -p $(@D)
	$(CC) $(EFI_CFLAGS) -c -o $@ $<

$(BUILD)/efi/vmfw.so: $(EFI_OBJS) $(EFI_CRT0) $(EFI_LDS)
	$(LD) $(EFI_LDFLAGS) -o $@ $(EFI_CRT0) $(EFI_OBJS) -lefi -lgnuefi

# PE32+ application (subsystem 10) from the shared object, as gnu-efi's own examples do.
$(BUILD)/vmfw.efi: $(BUILD)/efi/vmfw.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela -j .rel.* \
		-j .rela.* -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@

efi: $(BUILD)/vmfw.efi
.PHONY: efi
