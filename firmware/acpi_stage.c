/* ACPI in the boot flow: the machine as enumerated -> struct acpi_machine -> tables in RAM. */
#include "acpi_stage.h"	/* acpi_stage */
#include "acpi.h"	/* acpi_* */
#include "acpi_hw.h"	/* acpi_hw_* */
#include "devices.h"	/* Q35_ECAM_* */
#include "fwcfg.h"	/* fwcfg_* */
#include "format.h"	/* fmt_snprintf */
#include "hw.h"		/* hw_get */
#include "io.h"		/* readl */
#include "layout.h"	/* LAYOUT_BIOS_AREA */
#include "log.h"	/* log_*, die */
#include "pci.h"	/* pci_devices, pci_root_windows */
#include "pvpanic.h"	/* pvpanic_port */
#include "util.h"	/* memcpy */

#define HPET_BASE	0xfed00000u
#define FOUR_GIB	0x100000000ull

bool console_has_uart(void);

static struct acpi_machine m;
static struct acpi_result res;
static char source_text[96];

static void describe_cpus(void)
{
	uint16_t present = fwcfg_read_u16(FW_CFG_NB_CPUS);
	uint16_t possible = fwcfg_read_u16(FW_CFG_MAX_CPUS);
	if (!present)
		present = 1;
	if (possible < present)
		possible = present;
	if (possible > ACPI_MAX_CPUS) {
		log_warn("acpi: %u possible CPUs; describing the first %u", possible, ACPI_MAX_CPUS);
		possible = ACPI_MAX_CPUS;
	}
	m.ncpus_present = present < possible ? present : possible;
	m.ncpus_possible = possible;
	/* QEMU numbers APIC IDs contiguously for the default (power-of-two) topologies. */
	for (unsigned i = 0; i < possible; i++)
		m.apic_id[i] = i;
}

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

static void describe_sleep(const struct variant_choice *v)
{
	uint8_t st[6];
	if (fwcfg_read_file("etc/system-states", st, sizeof(st)) != (int64_t)sizeof(st))
		return;
	/* Bytes 3 and 4: bit 7 = S3 / S4 enabled, bits 2:0 = the SLP_TYP value for it. */
	m.s3_allowed = v->rule->f.sleep_s3_s4 && (st[3] & 0x80);
	m.s4_allowed = v->rule->f.sleep_s3_s4 && (st[4] & 0x80);
	m.s3_typ = st[3] & 7;
	m.s4_typ = st[4] & 7;
}

uint64_t acpi_stage(struct e820_map *map, const struct variant_choice *v, bool q35)
{
	const struct hw *hw = hw_get();

	acpi_machine_defaults(&m, q35 ? ACPI_CHIPSET_Q35 : ACPI_CHIPSET_PIIX);
	m.variant.name = v->rule->variant;
	fmt_snprintf(source_text, sizeof(source_text), "%s:%s", variant_source_name(v->source), v->token);
	m.variant.token_source = source_text;
	m.variant.fadt_rev = v->rule->f.fadt_revision;
	m.variant.rsdp_rev0 = v->rule->f.rsdp_revision == 0;
	if (!v->rule->f.pvpanic_acpi)
		m.variant.features |= ACPI_VF_NO_PVPANIC;
	describe_cpus();
	m.hpet_present = (readl(HPET_BASE) >> 16) == 0x8086;
	if (q35) {
		m.ecam_base = Q35_ECAM_BASE;
		m.ecam_size = Q35_ECAM_SIZE;
		m.ecam_bus_start = 0;
		m.ecam_bus_end = (uint8_t)(Q35_ECAM_SIZE / (1 << 20) - 1);
	}
	describe_sleep(v);
	describe_pci();
	m.pvpanic_port = pvpanic_port();
	m.com1_present = console_has_uart();
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
