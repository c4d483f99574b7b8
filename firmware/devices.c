/* PCI, capabilities and MSI-X in the boot flow: glue between the cores and the hardware. */
#include "devices.h"	/* devices_* */
#include "boot.h"	/* boot_set_rng_seed */
#include "fwcfg.h"	/* fwcfg_read_file */
#include "hw.h"		/* hw_get, hw_use_ecam, hw_cfg_cf8 */
#include "lapic.h"	/* lapic_* */
#include "log.h"	/* log_* */
#include "msix.h"	/* msix_* */
#include "paging.h"	/* paging_map, paging_phys_bits */
#include "pci.h"	/* pci_* */
#include "pci_cap.h"	/* pci_cap_* */
#include "pci_regs.h"	/* PCI_CAP_ID_MSIX */
#include "pvpanic.h"	/* pvpanic_add_pci */
#include "util.h"	/* le64 */
#include "virtio.h"	/* virtio_* */

#define RNG_SEED_BYTES	32
#define RNG_WAIT_MS	1000

static struct pci_cap_list caps;
static struct msix_dev msix;
static uint8_t rng_mem[VIRTIO_RNG_MEM_SIZE] __attribute__((aligned(4096)));

static struct pci_platform plat;

const struct pci_platform *devices_platform(void)
{
	return &plat;
}

void devices_pci_stage(struct e820_map *map, bool q35, bool hotplug_reserve)
{
	uint8_t buf[8];
	uint64_t reserved_end = 0;

	if (q35) {
		pci_q35_enable_ecam(&hw_cfg_cf8, Q35_ECAM_BASE, Q35_ECAM_SIZE);
		hw_use_ecam(Q35_ECAM_BASE, 256);
		e820_set(map, Q35_ECAM_BASE, Q35_ECAM_SIZE, E820_RESERVED);
		log_info("pci: ECAM at 0x%llx (256 buses), extended config space enabled",
			 (unsigned long long)Q35_ECAM_BASE);
	}
	if (fwcfg_read_file("etc/reserved-memory-end", buf, sizeof(buf)) == 8)
		reserved_end = le64(buf);
	pci_platform_init(&plat, q35 ? PCI_CHIPSET_Q35 : PCI_CHIPSET_I440FX, e820_ram_end_below_4g(map),
			  e820_ram_end(map), reserved_end, paging_phys_bits(),
			  q35 ? Q35_ECAM_BASE : 0, q35 ? Q35_ECAM_SIZE : 0);
	plat.hotplug_defaults = hotplug_reserve;
	log_info("pci: hotplug-capable bridges %s default windows (variant)",
		 hotplug_reserve ? "get" : "get no");
	int problems = pci_setup(hw_get(), &plat);
	const struct pci_windows *rw = pci_root_windows();
	if (rw->pref.size && !paging_map(rw->pref.base, rw->pref.size))
		log_err("pci: cannot map the 64-bit window 0x%llx+0x%llx; devices there stay unused by vmfw",
			(unsigned long long)rw->pref.base, (unsigned long long)rw->pref.size);
	unsigned n;
	pci_devices(&n);
	log_info("pci: %u functions configured, %d problem%s", n, -problems, problems == -1 ? "" : "s");
}

/* What the capability users need from the allocator's view of a function. */
static void bar_res(const struct pci_dev *d, struct pci_bar_res out[PCI_BAR_RES_COUNT])
{
	for (unsigned i = 0; i < PCI_BAR_RES_COUNT; i++) {
		const struct pci_bar *b = &d->bar[i];
		bool mem = b->kind == PCI_BAR_MEM32 || b->kind == PCI_BAR_MEM64;
		out[i].base = b->addr;
		out[i].size = b->size;
		out[i].is_mem = mem;
		out[i].assigned = b->assigned && (mem ? !d->mem_off : (b->kind == PCI_BAR_IO && !d->io_off));
	}
}

static bool wait_rng(void *arg)
{
	return lapic_wait_msix(*(unsigned *)arg, RNG_WAIT_MS);
}

static void rng_seed(const struct pci_dev *d, const struct pci_bar_res bars[PCI_BAR_RES_COUNT])
{
	const struct hw *hw = hw_get();
	struct virtio_pci_dev vd;
	uint8_t seed[RNG_SEED_BYTES];
	bool irq = false;

	if (virtio_pci_probe(hw->cfg, d->bdf, &caps, bars, &vd))
		return;
	unsigned since = lapic_msix_count();
	struct virtio_rng_io io = {
		.cfg = hw->cfg, .mmio = hw->mmio, .msix = &msix, .msix_entry = 0,
		.mem = rng_mem, .mem_phys = (uint64_t)(uintptr_t)rng_mem, .wait = wait_rng, .wait_arg = &since,
	};
	int got = virtio_rng_read(&io, &vd, seed, sizeof(seed), &irq);
	unsigned irqs = lapic_msix_count() - since;
	msix.user = "virtio-rng";
	msix.user_entry = 0;
	msix.user_irqs = irqs;
	msix.user_bytes = got > 0 ? (uint32_t)got : 0;
	if (got <= 0 || !irq) {
		log_err("rng: %02x:%02x.%x gave %d bytes, interrupt %s; no seed for the kernel",
			d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7, got, irq ? "seen" : "not seen");
		return;
	}
	log_info("rng: %d bytes from virtio-rng %02x:%02x.%x, delivered by MSI-X vector 0x%x (%u interrupt%s)",
		 got, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7, VECTOR_MSIX_TEST, irqs, irqs == 1 ? "" : "s");
	boot_set_rng_seed(seed, (unsigned)got);
	memset(seed, 0, sizeof(seed));
}

void devices_msix_stage(void)
{
	const struct hw *hw = hw_get();
	struct pci_bar_res bars[PCI_BAR_RES_COUNT];
	bool seeded = false;
	unsigned n;
	const struct pci_dev *devs = pci_devices(&n);

	lapic_init();
	for (unsigned i = 0; i < n; i++) {
		const struct pci_dev *d = &devs[i];
		if (d->broken)
			continue;
		pci_cap_walk(hw->cfg, d->bdf, &caps);
		pci_cap_report(d->bdf, &caps);
		bar_res(d, bars);
		if (d->vendor == 0x1b36 && d->device == 0x0011 && bars[0].assigned && bars[0].is_mem)
			pvpanic_add_pci(d->bdf, bars[0].base);
		memset(&msix, 0, sizeof(msix));
		uint16_t off = pci_cap_find(&caps, PCI_CAP_ID_MSIX);
		if (!off || msix_probe(hw->cfg, d->bdf, off, bars, &msix))
			continue;
		msix_setup(hw->cfg, hw->mmio, &msix, lapic_id(), VECTOR_MSIX_TEST);
		if (!seeded && virtio_rng_match(d->vendor, d->device)) {
			rng_seed(d, bars);
			seeded = msix.user_bytes > 0;
		}
		/* Report the state the OS will find: after the handoff. */
		msix_handoff(hw->cfg, hw->mmio, &msix);
		msix_report(hw->cfg, hw->mmio, &msix);
	}
}
