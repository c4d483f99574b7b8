/* ACPI on UEFI: the machine as OVMF left it -> struct acpi_machine -> vmfw's tables replace OVMF's. */
#include <efi.h>	/* EFI_* */
#include <efilib.h>	/* BS, ST */
#include "efi_vmfw.h"	/* efi_acpi_stage, efi_pci_result */
#include "acpi_describe.h"	/* acpi_describe_common */
#include "acpi.h"	/* acpi_* */
#include "fwcfg.h"	/* fwcfg_* */
#include "hw.h"		/* hw_get */
#include "inventory.h"	/* inv_* */
#include "io.h"		/* inw, outw */
#include "log.h"	/* log_*, die */
#include "pci.h"	/* struct pci_dev */
#include "pci_verify.h"	/* pci_verify_devices, struct pci_verify_result */
#include "util.h"	/* memcpy, ALIGN_* */

#define IOAPIC_BASE	0xfec00000u
#define FOUR_GIB	0x100000000ull
#define PAGE		4096u
/* PM base registers (PIIX4 function 3 / ICH9 LPC) and PM1a control (ACPI 4.8.3.2.1). */
#define PIIX4_PM_BDF	PCI_BDF(0, 1, 3)
#define PIIX4_PMBA	0x40
#define PIIX4_PMREGMISC	0x80
#define  PIIX4_PMIOSE	0x01
#define ICH9_LPC_BDF	PCI_BDF(0, 0x1f, 0)
#define ICH9_PMBASE	0x40
#define ICH9_ACPI_CNTL	0x44
#define  ICH9_ACPI_EN	0x80
#define PM1_CNT_OFF	0x04
#define  PM1_CNT_SCI_EN	0x0001


static struct acpi_machine m;
static struct acpi_result res;
static char source_text[96];
static uint8_t page_copy[PAGE];

/*
 * The PM I/O block where OVMF put it (it is not moved). The FADT says SMI_CMD 0 ("already in
 * ACPI mode"), so SCI_EN is set here when OVMF left it clear; nothing else is written.
 */
static void describe_pm(bool q35)
{
	const struct pci_cfg_ops *cfg = hw_get()->cfg;
	uint16_t bdf = q35 ? ICH9_LPC_BDF : PIIX4_PM_BDF;
	uint32_t reg = pci_read32(cfg, bdf, q35 ? ICH9_PMBASE : PIIX4_PMBA);
	uint16_t base = (uint16_t)(reg & (q35 ? 0xff80u : 0xffc0u));
	bool on = q35 ? (pci_read8(cfg, bdf, ICH9_ACPI_CNTL) & ICH9_ACPI_EN) :
			(pci_read8(cfg, bdf, PIIX4_PMREGMISC) & PIIX4_PMIOSE);

	if (pci_read16(cfg, bdf, 0) != 0x8086 || !base || !on) {
		log_err("acpi: PM block of %s (%02x:%02x.%x) not set up by the platform firmware "
			"(base 0x%x, decoding %s); keeping the default 0x%x", q35 ? "ICH9 LPC" : "PIIX4 PM",
			PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf), base, on ? "on" : "off", m.pm_io_base);
		return;
	}
	m.pm_io_base = base;
	if (q35)
		m.gpe0_addr = (uint16_t)(base + 0x20);	/* ICH9 GPE0 block at PMBASE + 0x20 */
	/* SAFETY: PM1a_CNT of the PM block read above; only SCI_EN is added. */
	uint16_t cnt = inw((uint16_t)(base + PM1_CNT_OFF));
	if (!(cnt & PM1_CNT_SCI_EN)) {
		outw((uint16_t)(base + PM1_CNT_OFF), (uint16_t)(cnt | PM1_CNT_SCI_EN));
		cnt = inw((uint16_t)(base + PM1_CNT_OFF));
	}
	log_info("acpi: PM I/O at 0x%x as the platform firmware programmed it (%s), SCI_EN %s", base,
		 q35 ? "ICH9" : "PIIX4", (cnt & PM1_CNT_SCI_EN) ? "set" : "NOT set");
}

/*
 * PCI0 _CRS: the spans the verifier found on the root bus (every BAR and bridge window OVMF
 * placed lies inside them). I/O: everything above CF8/CFC, as the BIOS build declares.
 */
static void describe_pci(void)
{
	unsigned n;
	const struct pci_dev *devs = pci_verify_devices(&n);
	const struct pci_verify_result *v = efi_pci_result();

	m.root_io.base = 0x0d00;
	m.root_io.size = 0x10000 - 0x0d00;
	m.root_mem32.base = v->root.mem.base;
	m.root_mem32.size = v->root.mem.size;
	m.root_mem64.base = v->root.pref.base;
	m.root_mem64.size = v->root.pref.size;
	/*
	 * Room for the OS (hotplug, BARs OVMF left unplaced): the 32-bit span grows up to the
	 * IOAPIC, or to ECAM when ECAM lies above the span. Everything from the lowest BAR up
	 * to there is PCI hole on both machines.
	 */
	uint64_t end = m.root_mem32.base + m.root_mem32.size, limit = IOAPIC_BASE;
	if (m.ecam_size && m.ecam_base >= end && m.ecam_base < limit)
		limit = m.ecam_base;
	if (m.ecam_size && m.root_mem32.size && m.root_mem32.base < m.ecam_base + m.ecam_size &&
	    m.ecam_base < end)
		log_err("acpi: root memory span 0x%llx+0x%llx crosses ECAM; _CRS will claim it",
			(unsigned long long)m.root_mem32.base, (unsigned long long)m.root_mem32.size);
	else if (m.root_mem32.size && end < limit)
		m.root_mem32.size = limit - m.root_mem32.base;
	m.root_bus_end = (uint8_t)v->last_bus;
	m.npci = 0;
	for (unsigned i = 0; i < n && m.npci < ACPI_MAX_PCI_FNS; i++) {
		const struct pci_dev *d = &devs[i];
		struct acpi_pci_fn *f = &m.pci[m.npci++];
		f->bus = (uint8_t)PCI_BUS(d->bdf);
		f->devfn = (uint8_t)d->bdf;
		f->is_bridge = d->is_bridge && !d->broken;
		f->secondary = d->secondary;
	}
}

static EFI_PHYSICAL_ADDRESS alloc_below_4g(EFI_MEMORY_TYPE type, UINTN pages)
{
	EFI_PHYSICAL_ADDRESS a = FOUR_GIB - 1;
	EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, type, pages, &a);
	if (EFI_ERROR(st))
		die("AllocatePages(%llu pages below 4 GiB, type %u) failed: status 0x%llx",
		    (unsigned long long)pages, (unsigned)type, (unsigned long long)st);
	return a;
}

/* The page holding the FACS becomes EfiACPIMemoryNVS: free it and take it back with that type. */
static bool facs_page_to_nvs(EFI_PHYSICAL_ADDRESS page)
{
	EFI_STATUS st;
	/* No callback may allocate between the free and the allocation below. */
	EFI_TPL old = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_NOTIFY);
	memcpy(page_copy, (void *)(uintptr_t)page, PAGE);
	st = uefi_call_wrapper(BS->FreePages, 2, page, 1);
	if (!EFI_ERROR(st)) {
		EFI_PHYSICAL_ADDRESS again = page;
		st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, EfiACPIMemoryNVS, 1, &again);
		if (EFI_ERROR(st)) {
			again = page;	/* get it back in any case: the tables live there */
			uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, EfiACPIReclaimMemory, 1, &again);
		}
	}
	memcpy((void *)(uintptr_t)page, page_copy, PAGE);
	uefi_call_wrapper(BS->RestoreTPL, 1, old);
	return !EFI_ERROR(st);
}

static const EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static const EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

static uint64_t config_table(const EFI_GUID *g)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++)
		if (!memcmp(&ST->ConfigurationTable[i].VendorGuid, g, sizeof(*g)))
			return (uint64_t)(uintptr_t)ST->ConfigurationTable[i].VendorTable;
	return 0;
}

/* vmfw's RSDP becomes the system's: the EFI stub hands the kernel whatever these entries name. */
static void install(uint64_t rsdp, bool rev2)
{
	uint64_t old20 = config_table(&acpi20_guid), old10 = config_table(&acpi10_guid);
	EFI_STATUS s20, s10;

	if (rev2)
		s20 = uefi_call_wrapper(BS->InstallConfigurationTable, 2, (EFI_GUID *)&acpi20_guid,
					(void *)(uintptr_t)rsdp);
	else	/* an ACPI 1.0 RSDP only: remove OVMF's 2.0 entry, else the OS would take that one */
		s20 = old20 ? uefi_call_wrapper(BS->InstallConfigurationTable, 2, (EFI_GUID *)&acpi20_guid,
						NULL) : EFI_SUCCESS;
	s10 = uefi_call_wrapper(BS->InstallConfigurationTable, 2, (EFI_GUID *)&acpi10_guid,
				(void *)(uintptr_t)rsdp);
	uint64_t now20 = config_table(&acpi20_guid), now10 = config_table(&acpi10_guid);
	log_info("acpi: RSDP 0x%llx installed: ACPI 2.0 entry 0x%llx (was 0x%llx), ACPI 1.0 entry 0x%llx (was 0x%llx)",
		 (unsigned long long)rsdp, (unsigned long long)now20, (unsigned long long)old20,
		 (unsigned long long)now10, (unsigned long long)old10);
	if (EFI_ERROR(s20) || EFI_ERROR(s10) || now10 != rsdp || now20 != (rev2 ? rsdp : 0))
		die("InstallConfigurationTable did not make vmfw's RSDP the system's (status 0x%llx / 0x%llx)",
		    (unsigned long long)s20, (unsigned long long)s10);
	inv_begin("acpi-install");
	inv_hex("rsdp", rsdp);
	inv_u64("rsdp_revision", rev2 ? 2 : 0);
	inv_hex("acpi20", now20);
	inv_hex("acpi10", now10);
	inv_hex("replaced_acpi20", old20);
	inv_hex("replaced_acpi10", old10);
	inv_end();
}

void efi_acpi_stage(const struct variant_choice *v, bool q35, uint64_t ecam_base, uint64_t ecam_size)
{
	acpi_describe_common(&m, source_text, sizeof(source_text), v, q35, ecam_base, ecam_size);
	describe_pm(q35);
	describe_pci();

	UINTN pages = ACPI_BUF_SIZE / PAGE;
	EFI_PHYSICAL_ADDRESS base = alloc_below_4g(EfiACPIReclaimMemory, pages);
	uint8_t *buf = (uint8_t *)(uintptr_t)base;
	if (acpi_build(&m, buf, base, ACPI_BUF_SIZE, &res))
		die("ACPI table build failed (see the log above)");
	/* Give back what the tables do not use. */
	uint64_t used = ALIGN_UP(res.used, PAGE);
	if (used < ACPI_BUF_SIZE)
		uefi_call_wrapper(BS->FreePages, 2, base + used, (UINTN)((ACPI_BUF_SIZE - used) / PAGE));
	bool nvs = facs_page_to_nvs(ALIGN_DOWN(res.facs_addr, PAGE));
	if (!nvs)
		log_warn("acpi: FACS page 0x%llx stays EfiACPIReclaimMemory (could not retype it NVS)",
			 (unsigned long long)ALIGN_DOWN(res.facs_addr, PAGE));

	EFI_PHYSICAL_ADDRESS rsdp = alloc_below_4g(EfiACPIReclaimMemory, 1);
	memset((void *)(uintptr_t)rsdp, 0, PAGE);
	memcpy((void *)(uintptr_t)rsdp, res.rsdp, ACPI_RSDP_SIZE);
	res.rsdp_addr = rsdp;
	log_info("acpi: %u tables at 0x%llx (%llu bytes), RSDP rev %u at 0x%llx, variant %s", res.ntables,
		 (unsigned long long)base, (unsigned long long)res.used, res.rsdp[15],
		 (unsigned long long)rsdp, v->rule->variant);
	install(rsdp, res.rsdp[15] >= 2);
	acpi_report(&res);
}
