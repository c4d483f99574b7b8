/* ACPI in the boot flow: the machine as enumerated -> struct acpi_machine -> tables in RAM. */
#include "acpi_stage.h"	/* acpi_stage */
#include "acpi_describe.h"	/* acpi_describe_common */
#include "acpi.h"	/* acpi_* */
#include "acpi_hw.h"	/* acpi_hw_* */
#include "devices.h"	/* Q35_ECAM_* */
#include "fwcfg.h"	/* fwcfg_* */
#include "hw.h"		/* hw_get */
#include "layout.h"	/* LAYOUT_BIOS_AREA */
#include "log.h"	/* log_*, die */
#include "pci.h"	/* pci_devices, pci_root_windows */
#include "util.h"	/* memcpy */

#define FOUR_GIB	0x100000000ull


static struct acpi_machine m;
static struct acpi_result res;
static char source_text[96];

static void describe_pci(void)
{
	unsigned n;
	const struct pci_dev *devs = pci_devices(&n);
	const struct pci_platform *p = devices_platform();

	/*
	 * _CRS declares the windows the allocator may use, not only the spans it used: the OS
	 * needs room for hotplug bridges and for chipset ports outside the BARs (PIIX4 SMBus).
	 * I/O: everything above the CF8/CFC ports; the legacy 0-0xcf7 range is added by the DSDT.
	 */
	m.root_io.base = 0x0d00;
	m.root_io.size = 0x10000 - 0x0d00;
	m.root_mem32.base = p->mem32_start;
	m.root_mem32.size = p->mem32_end - p->mem32_start;
	m.root_mem64.base = p->mem64_start;
	m.root_mem64.size = p->mem64_end - p->mem64_start;
	m.root_bus_end = 0;
	m.npci = 0;
	for (unsigned i = 0; i < n && m.npci < ACPI_MAX_PCI_FNS; i++) {
		const struct pci_dev *d = &devs[i];
		struct acpi_pci_fn *f = &m.pci[m.npci++];
		f->bus = (uint8_t)(d->bdf >> 8);
		f->devfn = (uint8_t)d->bdf;
		f->is_bridge = d->is_bridge;
		f->secondary = d->secondary;
		if (d->is_bridge && d->subordinate > m.root_bus_end)
			m.root_bus_end = d->subordinate;
	}
}

uint64_t acpi_stage(struct e820_map *map, const struct variant_choice *v, bool q35)
{
	const struct hw *hw = hw_get();

	acpi_describe_common(&m, source_text, sizeof(source_text), v, q35, q35 ? Q35_ECAM_BASE : 0,
			     q35 ? Q35_ECAM_SIZE : 0);
	describe_pci();
	if (!acpi_hw_enable_pm(hw, q35, m.pm_io_base))
		log_warn("acpi: PM block not enabled; the OS may not get SCIs or power off");

	uint64_t base = e820_alloc_top(map, ACPI_BUF_SIZE, 4096, FOUR_GIB, E820_ACPI);
	if (!base)
		die("no RAM below 4 GiB for %u KiB of ACPI tables", ACPI_BUF_SIZE / 1024);
	uint8_t *buf = (uint8_t *)(uintptr_t)base;
	if (acpi_build(&m, buf, base, ACPI_BUF_SIZE, &res))
		die("ACPI table build failed (see the log above)");
	/* Give back what the tables do not use; the FACS page is NVS. */
	uint64_t used = ALIGN_UP(res.used, 4096);
	if (used < ACPI_BUF_SIZE)
		e820_set(map, base + used, ACPI_BUF_SIZE - used, E820_RAM);
	e820_set(map, ALIGN_DOWN(res.facs_addr, 4096), 4096, E820_NVS);

	acpi_hw_bios_area(hw, q35, true);
	memcpy((void *)(uintptr_t)LAYOUT_BIOS_AREA, res.rsdp, ACPI_RSDP_SIZE);
	acpi_hw_bios_area(hw, q35, false);
	if (memcmp((void *)(uintptr_t)LAYOUT_BIOS_AREA, res.rsdp, ACPI_RSDP_SIZE))
		log_err("acpi: RSDP copy at 0x%x does not read back (PAM?)", LAYOUT_BIOS_AREA);
	res.rsdp_addr = LAYOUT_BIOS_AREA;
	log_info("acpi: %u tables at 0x%llx (%llu bytes), RSDP rev %u at 0x%x, variant %s", res.ntables,
		 (unsigned long long)base, (unsigned long long)res.used, res.rsdp[15], LAYOUT_BIOS_AREA,
		 v->rule->variant);
	acpi_report(&res);
	return res.rsdp_addr;
}
