# Install and uninstall (issue 11). Included by the main Makefile before its own rules.
#   make install [PREFIX=/usr/local] [DESTDIR=]   make uninstall [PREFIX=...] [DESTDIR=...]
# Installs exactly:
#   $(PREFIX)/share/vmfw/vmfw.bin      the -bios image
#   $(PREFIX)/share/vmfw/vmfw.efi      the UEFI application, only when build/vmfw.efi exists
#   $(PREFIX)/bin/vmfw-inventory       the inventory viewer
# install builds vmfw.bin when it is missing or stale (as `make` would); the UEFI build is separate.

# This fragment is read before the main Makefile's first rule: keep `make` = `make all`.
ifeq ($(.DEFAULT_GOAL),)
.DEFAULT_GOAL := all
endif

PREFIX  ?= /usr/local
DESTDIR ?=
INSTALL ?= install
VMFW_DATADIR := $(DESTDIR)$(PREFIX)/share/vmfw
VMFW_BINDIR  := $(DESTDIR)$(PREFIX)/bin

install: $(BUILD)/vmfw.bin
	$(INSTALL) -d $(VMFW_DATADIR) $(VMFW_BINDIR)
	$(INSTALL) -m 0644 $(BUILD)/vmfw.bin $(VMFW_DATADIR)/vmfw.bin
	@if [ -f $(BUILD)/vmfw.efi ]; then \
		echo "$(INSTALL) -m 0644 $(BUILD)/vmfw.efi $(VMFW_DATADIR)/vmfw.efi"; \
		$(INSTALL) -m 0644 $(BUILD)/vmfw.efi $(VMFW_DATADIR)/vmfw.efi; \
	else echo "install: no $(BUILD)/vmfw.efi (UEFI build not done): not installed"; fi
	$(INSTALL) -m 0755 tools/vmfw-inventory $(VMFW_BINDIR)/vmfw-inventory

uninstall:
	rm -f $(VMFW_DATADIR)/vmfw.bin $(VMFW_DATADIR)/vmfw.efi $(VMFW_BINDIR)/vmfw-inventory
	-rmdir $(VMFW_DATADIR) 2>/dev/null || true

.PHONY: install uninstall
