/* PCI on UEFI: OVMF placed everything; vmfw reads, verifies, reports, and programs MSI-X only. */
#include <efi.h>	/* EFI_TPL */
#include <efilib.h>	/* BS */
#include "efi_vmfw.h"	/* efi_pci_stage, efi_msix_stage */
#include "cpu.h"	/* cpu_cpuid */
#include "hw.h"		/* hw_cfg_cf8, hw_use_ecam, hw_get */
#include "lapic.h"	/* VECTOR_MSIX_TEST */
#include "log.h"	/* log_* */
#include "msix.h"	/* msix_* */
#include "pci.h"	/* struct pci_dev, Q35_MCH_PCIEXBAR */
#include "pci_cap.h"	/* pci_cap_* */
#include "pci_regs.h"	/* PCI_CAP_ID_MSIX, PCI_COMMAND_MEMORY */
#include "pci_verify.h"	/* pci_verify* */
#include "pvpanic.h"	/* pvpanic_add_pci */
#include "util.h"	/* memset */

#define BDF_FMT		"%02x:%02x.%x"
#define BDF_ARG(bdf)	PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf)

static struct pci_verify_result vres;
static struct pci_cap_list caps;
static struct msix_dev msix;
static EFI_TPL saved_tpl;
static unsigned quiesce_depth;

const struct pci_verify_result *efi_pci_result(void)
{
	return &vres;
}

void efi_quiesce(void *arg, bool begin)
{
	(void)arg;
	if (begin) {
		if (quiesce_depth++ == 0)
			saved_tpl = uefi_call_wrapper(BS->RaiseTPL, 1, TPL_HIGH_LEVEL);
	} else if (quiesce_depth && --quiesce_depth == 0) {
		uefi_call_wrapper(BS->RestoreTPL, 1, saved_tpl);
	}
}

/* The ECAM window OVMF programmed into the MCH (it uses 0xE0000000, 256 MiB); never changed here. */
static void q35_ecam(uint64_t *base, uint64_t *size)
{
	uint64_t bar = pci_read32(&hw_cfg_cf8, PCI_BDF(0, 0, 0), Q35_MCH_PCIEXBAR) |
		       (uint64_t)pci_read32(&hw_cfg_cf8, PCI_BDF(0, 0, 0), Q35_MCH_PCIEXBAR + 4) << 32;
	*base = *size = 0;
	if (!(bar & Q35_PCIEXBAR_EN)) {
		log_warn("pci: PCIEXBAR 0x%llx: ECAM not enabled by the platform firmware; CF8 only",
			 (unsigned long long)bar);
		return;
	}
	switch (bar & 6) {
	case Q35_PCIEXBAR_LEN_256M: *size = 256ull << 20; break;
	case Q35_PCIEXBAR_LEN_128M: *size = 128ull << 20; break;
	case Q35_PCIEXBAR_LEN_64M:  *size = 64ull << 20; break;
	default:
		log_warn("pci: PCIEXBAR 0x%llx: reserved length field; CF8 only", (unsigned long long)bar);
		return;
	}
	/* Base address bits 38:26 (the low ones only where the length allows). */
	*base = bar & 0x7ffc000000ull & ~(*size - 1);
	hw_use_ecam(*base, (unsigned)(*size >> 20));
	log_info("pci: ECAM at 0x%llx (%llu buses) as the platform firmware programmed it",
		 (unsigned long long)*base, (unsigned long long)(*size >> 20));
}

void efi_pci_stage(bool q35, uint64_t *ecam_base, uint64_t *ecam_size)
{
	*ecam_base = *ecam_size = 0;
	if (q35)
		q35_ecam(ecam_base, ecam_size);
	struct pci_verify_opts o = {
		.size_bars = true, .clear_stale_rom = true, .ecam_base = *ecam_base, .ecam_size = *ecam_size,
		.quiesce = efi_quiesce, .arg = NULL,
	};
	int problems = pci_verify(hw_get()->cfg, &o, &vres);
	pci_verify_report(&vres);
	if (problems)
		log_warn("pci: the platform firmware's placement has %d problem%s (see ERROR lines)",
			 problems, problems == 1 ? "" : "s");
}

/* The verifier's view of a function as the capability users take it. */
static void bar_res(const struct pci_dev *d, struct pci_bar_res out[PCI_BAR_RES_COUNT])
{
	for (unsigned i = 0; i < PCI_BAR_RES_COUNT; i++) {
		const struct pci_bar *b = &d->bar[i];
		out[i].base = b->addr;
		out[i].size = b->size;
		out[i].is_mem = b->kind == PCI_BAR_MEM32 || b->kind == PCI_BAR_MEM64;
		out[i].assigned = b->kind != PCI_BAR_NONE && b->assigned && b->size;
	}
}

/* pvpanic-pci has no OVMF driver, so its memory decoding may be off: turn it on to read the mask. */
static void pvpanic_pci(const struct pci_dev *d, const struct pci_bar_res *bar0)
{
	const struct pci_cfg_ops *cfg = hw_get()->cfg;
	uint16_t cmd = pci_read16(cfg, d->bdf, PCI_COMMAND);
	if (!(cmd & PCI_COMMAND_MEMORY)) {
		log_debug(BDF_FMT " command <- 0x%x (memory decoding for pvpanic-pci)", BDF_ARG(d->bdf),
			  cmd | PCI_COMMAND_MEMORY);
		pci_write16(cfg, d->bdf, PCI_COMMAND, (uint16_t)(cmd | PCI_COMMAND_MEMORY));
	}
	pvpanic_add_pci(d->bdf, bar0->base);
}

void efi_msix_stage(void)
{
	const struct hw *hw = hw_get();
	struct pci_bar_res bars[PCI_BAR_RES_COUNT];
	uint32_t a, b, c, dx;
	unsigned n, programmed = 0;
	const struct pci_dev *devs = pci_verify_devices(&n);

	cpu_cpuid(1, 0, &a, &b, &c, &dx);
	uint8_t apic = (uint8_t)(b >> 24);	/* initial APIC ID of the CPU running vmfw */
	for (unsigned i = 0; i < n; i++) {
		const struct pci_dev *d = &devs[i];
		if (d->broken)
			continue;
		pci_cap_walk(hw->cfg, d->bdf, &caps);
		pci_cap_report(d->bdf, &caps);
		bar_res(d, bars);
		if (d->vendor == 0x1b36 && d->device == 0x0011 && bars[0].assigned && bars[0].is_mem)
			pvpanic_pci(d, &bars[0]);
		memset(&msix, 0, sizeof(msix));
		uint16_t off = pci_cap_find(&caps, PCI_CAP_ID_MSIX);
		if (!off || msix_probe(hw->cfg, d->bdf, off, bars, &msix))
			continue;
		/* OVMF's drivers poll and use no MSI-X; keep its callbacks out while the table is live. */
		efi_quiesce(NULL, true);
		msix_setup(hw->cfg, hw->mmio, &msix, apic, VECTOR_MSIX_TEST);
		msix_handoff(hw->cfg, hw->mmio, &msix);
		efi_quiesce(NULL, false);
		msix_report(hw->cfg, hw->mmio, &msix);
		programmed++;
	}
	log_info("msix: %u function%s programmed and handed back masked (no interrupt proof under UEFI)",
		 programmed, programmed == 1 ? "" : "s");
}
