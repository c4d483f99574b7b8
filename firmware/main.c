/* Boot flow of the -bios build: each stage names itself for panic reports. */
#include "boot.h"	/* boot_linux */
#include "cmos.h"	/* cmos_read */
#include "console.h"	/* console_init */
#include "cpu.h"	/* cpu_init_idt, cpu_cpuid */
#include "e820.h"	/* e820_* */
#include "format.h"	/* fmt_snprintf */
#include "fwcfg.h"	/* fwcfg_* */
#include "hw.h"		/* hw_pio */
#include "inventory.h"	/* inv_* */
#include "layout.h"	/* LAYOUT_* */
#include "log.h"	/* log_*, die */
#include "options.h"	/* options_* */
#include "paging.h"	/* paging_phys_bits */
#include "pvpanic.h"	/* pvpanic_probe */
#include "util.h"	/* memset */
#include "variant.h"	/* variant_*, token_parse, smbios_* */
#include "devices.h"	/* devices_* */
#include "machine.h"	/* machine_stage */
#include "acpi_stage.h"	/* acpi_stage */

#ifndef VMFW_VERSION
#define VMFW_VERSION "0.1"
#endif

void console_init(void);
void firmware_main(void) __attribute__((noreturn));

static struct e820_map memmap;
static uint8_t e820_blob[E820_MAX * 20];
static const char *memmap_source;
static struct variant_choice variant;
static enum machine_family hw_family;
extern char _image_start[], _bss_end[];

static void report_firmware(void)
{
	uint32_t a, b, c, d;
	char vendor[13];

	cpu_cpuid(0, 0, &a, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	inv_begin("firmware");
	inv_str("name", "vmfw");
	inv_str("version", VMFW_VERSION);
	inv_str("build", "bios");
	inv_u64("log_level_max", LOG_LEVEL_MAX);
	inv_str("cpu_vendor", vendor);
	inv_u64("phys_bits", paging_phys_bits());
	inv_hex("image", (uint64_t)(uintptr_t)_image_start);
	inv_hex("image_size", (uint64_t)(_bss_end - _image_start));
	inv_end();
}

static void memory_stage(void)
{
	const char *source = "etc/e820";

	e820_init(&memmap);
	int64_t len = fwcfg_read_file("etc/e820", e820_blob, sizeof(e820_blob));
	if (len < 0) {
		if (vmfw_opts.strict)
			die("fw_cfg has no etc/e820 and strict=1 forbids the CMOS fallback");
		log_warn("memory: fw_cfg has no etc/e820; using the CMOS memory sizes instead");
		source = "cmos";
		uint16_t ext_kb = (uint16_t)(cmos_read(CMOS_EXT_MEM_LO) | cmos_read(CMOS_EXT_MEM_HI) << 8);
		uint16_t above16 = (uint16_t)(cmos_read(CMOS_MEM_ABOVE16M_LO) |
					      cmos_read(CMOS_MEM_ABOVE16M_HI) << 8);
		uint32_t above4g = cmos_read(CMOS_MEM_ABOVE4G_0) | cmos_read(CMOS_MEM_ABOVE4G_1) << 8 |
				   (uint32_t)cmos_read(CMOS_MEM_ABOVE4G_2) << 16;
		e820_from_cmos(&memmap, ext_kb, above16, above4g);
	} else {
		if (len > (int64_t)sizeof(e820_blob))
			len = sizeof(e820_blob);
		if (e820_parse_fwcfg(&memmap, e820_blob, (size_t)len) <= 0)
			die("etc/e820 (%lld bytes) holds no usable entry", (long long)len);
	}
	if (!e820_is_ram(&memmap, 0, LAYOUT_LOWMEM_END) || e820_ram_end_below_4g(&memmap) < 32 << 20)
		die("memory map from %s has no RAM for the firmware (need 0-640 KiB and 32 MiB)", source);

	/* What the firmware claims: legacy VGA/option ROM hole, the BIOS area, the ROM itself. */
	e820_set(&memmap, LAYOUT_LOWMEM_END, LAYOUT_BIOS_AREA - LAYOUT_LOWMEM_END, E820_HOLE);
	e820_set(&memmap, LAYOUT_BIOS_AREA, LAYOUT_BIOS_AREA_END - LAYOUT_BIOS_AREA, E820_RESERVED);
	uint64_t rom = *(volatile uint32_t *)(uintptr_t)ROM_HDR_SIZE;	/* written by mkrom.py */
	e820_set(&memmap, 0x100000000ull - rom, rom, E820_RESERVED);
	log_info("memory: %llu MiB RAM, %llu MiB below 4 GiB, top 0x%llx (from %s)",
		 (unsigned long long)(e820_ram_total(&memmap) >> 20),
		 (unsigned long long)(e820_ram_end_below_4g(&memmap) >> 20),
		 (unsigned long long)e820_ram_end(&memmap), source);
	memmap_source = source;
}

void firmware_main(void)
{
	console_init();
	die_set_stage("early");
	cpu_init_idt();
	log_info("vmfw %s: in long mode, image 0x%llx-0x%llx", VMFW_VERSION,
		 (unsigned long long)(uintptr_t)_image_start, (unsigned long long)(uintptr_t)_bss_end);
	report_firmware();

	if (!fwcfg_init(&hw_pio))
		die("no QEMU fw_cfg device: cannot learn the memory map or the kernel");
	options_read();
	options_test_panic("early");

	die_set_stage("fwcfg");
	fwcfg_report();
	pvpanic_probe();
	options_test_panic("fwcfg");

	die_set_stage("memory");
	memory_stage();
	options_test_panic("memory");

	die_set_stage("machine");
	machine_stage(&hw_cfg_cf8, &variant, &hw_family);
	options_test_panic("machine");

	bool q35 = hw_family == FAMILY_Q35;
	die_set_stage("pci");
	devices_pci_stage(&memmap, q35, variant.rule->f.hotplug_reserve);
	options_test_panic("pci");

	die_set_stage("msix");
	devices_msix_stage();
	options_test_panic("msix");

	die_set_stage("acpi");
	uint64_t rsdp = acpi_stage(&memmap, &variant, q35);
	options_test_panic("acpi");

	die_set_stage("boot");
	/* The map as the OS gets it, after every stage edited it. */
	e820_report(&memmap, memmap_source);
	options_test_panic("boot");
	boot_linux(&memmap, rsdp);
}
