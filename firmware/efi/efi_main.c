/* Boot flow of the UEFI build (vmfw.efi under OVMF): each stage names itself for panic reports. */
#include <efi.h>	/* EFI_* */
#include <efilib.h>	/* InitializeLib, BS, ST, LibMemoryMap */
#include "efi_vmfw.h"	/* efi_* stages */
#include "console.h"	/* console_write */
#include "cpu.h"	/* cpu_cpuid */
#include "fwcfg.h"	/* fwcfg_* */
#include "hw.h"		/* hw_pio, hw_cfg_cf8 */
#include "inventory.h"	/* inv_* */
#include "log.h"	/* log_*, die */
#include "machine.h"	/* machine_stage */
#include "options.h"	/* options_* */
#include "paging.h"	/* paging_phys_bits */
#include "pvpanic.h"	/* pvpanic_probe */
#include "util.h"	/* memcpy */
#include "variant.h"	/* struct variant_choice */

#ifndef VMFW_VERSION
#define VMFW_VERSION "0.1"
#endif

void console_init(void);
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

static struct variant_choice variant;
static enum machine_family hw_family;

/* UEFI strings are UTF-16; the inventory wants printable ASCII. */
static void ascii_from_utf16(char *out, size_t cap, const CHAR16 *in)
{
	size_t n = 0;
	for (; in && in[n] && n + 1 < cap; n++)
		out[n] = (in[n] >= 0x20 && in[n] < 0x7f && in[n] != '"' && in[n] != '\\') ? (char)in[n] : '?';
	out[n] = '\0';
}

static void report_firmware(EFI_LOADED_IMAGE *li)
{
	uint32_t a, b, c, d;
	char vendor[13], uefi_vendor[48];

	cpu_cpuid(0, 0, &a, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	ascii_from_utf16(uefi_vendor, sizeof(uefi_vendor), ST->FirmwareVendor);
	inv_begin("firmware");
	inv_str("name", "vmfw");
	inv_str("version", VMFW_VERSION);
	inv_str("build", "uefi");
	inv_u64("log_level_max", LOG_LEVEL_MAX);
	inv_str("cpu_vendor", vendor);
	inv_u64("phys_bits", paging_phys_bits());
	inv_hex("image", (uint64_t)(uintptr_t)(li ? li->ImageBase : 0));
	inv_hex("image_size", li ? li->ImageSize : 0);
	inv_str("uefi_vendor", uefi_vendor);
	inv_hex("uefi_revision", ST->Hdr.Revision);
	inv_hex("uefi_firmware_revision", ST->FirmwareRevision);
	inv_end();
}

/* The memory map belongs to OVMF here; vmfw only reports what the OS will be told. */
static void memory_stage(void)
{
	UINTN entries = 0, key, desc_size;
	UINT32 desc_ver;
	uint64_t conv = 0, acpi = 0, below4g = 0;

	EFI_MEMORY_DESCRIPTOR *map = LibMemoryMap(&entries, &key, &desc_size, &desc_ver);
	if (!map) {
		log_warn("memory: GetMemoryMap failed; nothing to report");
		return;
	}
	for (UINTN i = 0; i < entries; i++) {
		EFI_MEMORY_DESCRIPTOR *m = (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)map + i * desc_size);
		uint64_t len = m->NumberOfPages << 12;
		if (m->Type == EfiConventionalMemory || m->Type == EfiBootServicesCode ||
		    m->Type == EfiBootServicesData || m->Type == EfiLoaderCode || m->Type == EfiLoaderData) {
			conv += len;
			if (m->PhysicalStart < 0x100000000ull)
				below4g += MIN(len, 0x100000000ull - m->PhysicalStart);
		} else if (m->Type == EfiACPIReclaimMemory || m->Type == EfiACPIMemoryNVS) {
			acpi += len;
		}
	}
	FreePool(map);
	log_info("memory: UEFI map: %llu entries, %llu MiB usable by the OS (%llu MiB below 4 GiB), %llu KiB ACPI",
		 (unsigned long long)entries, (unsigned long long)(conv >> 20),
		 (unsigned long long)(below4g >> 20), (unsigned long long)(acpi >> 10));
	inv_begin("efi-memmap");
	inv_str("source", "uefi");
	inv_u64("entries", entries);
	inv_hex("usable", conv);
	inv_hex("usable_below_4g", below4g);
	inv_hex("acpi", acpi);
	inv_end();
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li = NULL;
	uint64_t ecam_base = 0, ecam_size = 0;

	InitializeLib(image, systab);
	console_init();
	die_set_stage("early");
	/* The firmware's 5-minute boot watchdog would reset a slow (TCG) run mid-way. */
	uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
	uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
	log_info("vmfw %s: UEFI application, image 0x%llx+0x%llx, UEFI %u.%u", VMFW_VERSION,
		 (unsigned long long)(uintptr_t)(li ? li->ImageBase : 0),
		 (unsigned long long)(li ? li->ImageSize : 0), ST->Hdr.Revision >> 16,
		 (ST->Hdr.Revision & 0xffff) / 10);
	report_firmware(li);

	if (!fwcfg_init(&hw_pio))
		die("no QEMU fw_cfg device: cannot learn the machine type");
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
	efi_pci_stage(q35, &ecam_base, &ecam_size);
	options_test_panic("pci");

	die_set_stage("msix");
	efi_msix_stage();
	options_test_panic("msix");

	die_set_stage("acpi");
	efi_acpi_stage(&variant, q35, ecam_base, ecam_size);
	options_test_panic("acpi");

	die_set_stage("boot");
	options_test_panic("boot");
	efi_boot_linux(image);
	die("the kernel's EFI stub returned to vmfw");
}
