/*
 * Chipset side of PCI setup: the device table, the platform windows, q35 ECAM enable,
 * INTx routing through the PIIX3 / ICH9 PIRQ registers, and the ELCR.
 *
 * INTx routing (facts from QEMU 7.2 hw/pci-host/i440fx.c, hw/isa/lpc_ich9.c):
 * - Behind a bridge, pin P of the device in slot S arrives at the bridge as pin
 *   ((P - 1 + S) mod 4) + 1 (the standard swizzle); repeated up to a bus-0 slot.
 * - i440fx: bus-0 slot S pin P -> PIRQ ((S - 1 + P - 1) mod 4), PIRQA-D.
 * - q35: bus-0 slots 0-24 -> PIRQ E + ((S + P - 1) mod 4); slots 25-29 and 31 use the
 *   chipset-config D##IR default 0x3210 -> PIRQ A + (P - 1); slot 30 -> PIRQ E + (P - 1).
 * vmfw's choice of ISA IRQs: PIRQA..H -> 10, 10, 11, 11, 10, 10, 11, 11 (IRQs 10 and 11
 * are free on both machines; both are set level-triggered in the ELCR).
 */
#include "pci_internal.h"	/* pci_tab, BDF_FMT */
#include "pci_regs.h"		/* PCI_INTERRUPT_LINE */
#include "log.h"		/* log_* */
#include "util.h"		/* ARRAY_SIZE, ALIGN_UP, MAX */

#define PIIX_PIRQ_ROUTE		0x60	/* 4 x 8 bits: PIRQA-D route control */
#define ICH9_PIRQA_ROUT		0x60	/* 4 x 8 bits: PIRQA-D */
#define ICH9_PIRQE_ROUT		0x68	/* 4 x 8 bits: PIRQE-H */
#define  PIRQ_ROUTE_DISABLE	0x80	/* IRQEN# */
#define ELCR1_PORT		0x4d0	/* edge/level for IRQ 0-7 */
#define ELCR2_PORT		0x4d1	/* edge/level for IRQ 8-15 */
#define ELCR_NEVER_LEVEL	0x2107u	/* IRQ 0, 1, 2, 8, 13 must stay edge */

uint8_t pci_pirq_to_irq[8] = { 10, 10, 11, 11, 10, 10, 11, 11 };

/* Device table: {vendor, device, class, class mask, flags, name}; 0xffff = any. */
static const struct pci_quirk {
	uint16_t vendor, device;
	uint32_t class, class_mask;
	uint16_t flags;
	const char *name;
} quirks[] = {
	{ 0x8086, 0x7000, 0, 0, PCI_QUIRK_PIRQ_PIIX, "PIIX3 ISA bridge" },
	{ 0x8086, 0x2918, 0, 0, PCI_QUIRK_PIRQ_ICH9, "ICH9 LPC" },
	{ 0x8086, 0x1237, 0, 0, PCI_QUIRK_NO_BARS, "i440FX host bridge" },
	{ 0x8086, 0x29c0, 0, 0, PCI_QUIRK_NO_BARS, "Q35 MCH" },
	{ 0xffff, 0xffff, PCI_CLASS_BRIDGE_HOST << 8, 0xffff00, PCI_QUIRK_NO_BARS, "host bridge" },
};

uint16_t pci_quirks_for(uint16_t vendor, uint16_t device, uint32_t class)
{
	uint16_t flags = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(quirks); i++) {
		const struct pci_quirk *q = &quirks[i];
		if ((q->vendor == 0xffff || q->vendor == vendor) &&
		    (q->device == 0xffff || q->device == device) &&
		    (class & q->class_mask) == q->class)
			flags |= q->flags;
	}
	return flags;
}

void pci_platform_init(struct pci_platform *p, enum pci_chipset chipset,
		       uint64_t ram_below_4g, uint64_t ram_end, uint64_t reserved_memory_end,
		       unsigned phys_bits, uint64_t ecam_base, uint64_t ecam_size)
{
	memset(p, 0, sizeof(*p));
	p->chipset = chipset;
	p->hotplug_defaults = true;
	p->io_start = 0xc000;
	p->io_end = 0x10000;
	p->mem32_start = MAX(ALIGN_UP(ram_below_4g, 0x10000000ull), 0x80000000ull);
	p->mem32_end = 0xfec00000ull;
	if (ecam_size && ecam_base < p->mem32_end && ecam_base + ecam_size > p->mem32_start) {
		uint64_t below = ecam_base > p->mem32_start ? ecam_base - p->mem32_start : 0;
		uint64_t above = ecam_base + ecam_size < p->mem32_end ? p->mem32_end - (ecam_base + ecam_size) : 0;
		if (below >= above)
			p->mem32_end = ecam_base;
		else
			p->mem32_start = ecam_base + ecam_size;
	}
	p->ecam_base = ecam_base;
	p->ecam_size = ecam_size;
	uint64_t start = MAX(MAX(ram_end, reserved_memory_end), 0x100000000ull);
	p->mem64_start = ALIGN_UP(start, 0x40000000ull);
	p->mem64_end = p->mem64_start;
	if (phys_bits >= 36 && phys_bits <= 52 && (1ull << phys_bits) > p->mem64_start)
		p->mem64_end = 1ull << phys_bits;
}

void pci_q35_enable_ecam(const struct pci_cfg_ops *cf8, uint64_t base, uint64_t size)
{
	uint32_t len;
	uint16_t mch = PCI_BDF(0, 0, 0);

	switch (size) {
	case 0x10000000: len = Q35_PCIEXBAR_LEN_256M; break;
	case 0x8000000: len = Q35_PCIEXBAR_LEN_128M; break;
	case 0x4000000: len = Q35_PCIEXBAR_LEN_64M; break;
	default:
		log_err("pci: ECAM size 0x%llx not 64/128/256 MiB; not enabled", (unsigned long long)size);
		return;
	}
	if (base & (size - 1) || base >> 36) {
		log_err("pci: ECAM base 0x%llx not aligned to its size or above 64 GiB; not enabled",
			(unsigned long long)base);
		return;
	}
	/* Off while the base moves, then on with the final base and length. */
	pci_write32(cf8, mch, Q35_MCH_PCIEXBAR, 0);
	pci_write32(cf8, mch, Q35_MCH_PCIEXBAR + 4, (uint32_t)(base >> 32));
	pci_write32(cf8, mch, Q35_MCH_PCIEXBAR, (uint32_t)base | len | Q35_PCIEXBAR_EN);
	log_info("pci: q35 ECAM at 0x%llx, %llu MiB", (unsigned long long)base,
		 (unsigned long long)(size >> 20));
}

uint8_t pci_pirq_irq(unsigned pirq)
{
	return pirq < 8 ? pci_pirq_to_irq[pirq] : 0xff;
}

/* PIRQ (0..7) for pin (1..4) of bus-0 slot `slot`. */
static unsigned chipset_pirq(enum pci_chipset cs, unsigned slot, unsigned pin)
{
	if (cs == PCI_CHIPSET_I440FX)
		return (slot + pin - 2) & 3;
	if (slot == 30)
		return 4 + pin - 1;
	if (slot >= 25)
		return pin - 1;
	return 4 + ((slot + pin - 1) & 3);
}

int pci_route_irqs(const struct hw *hw, const struct pci_platform *plat)
{
	const struct pci_cfg_ops *cfg = hw->cfg;
	uint16_t want = plat->chipset == PCI_CHIPSET_I440FX ? PCI_QUIRK_PIRQ_PIIX :
			plat->chipset == PCI_CHIPSET_Q35 ? PCI_QUIRK_PIRQ_ICH9 : 0;
	int router = -1;

	if (!want)
		return 0;
	for (unsigned i = 0; i < pci_ntab && router < 0; i++)
		if ((pci_tab[i].quirks & want) && PCI_BUS(pci_tab[i].bdf) == 0)
			router = (int)i;
	if (router < 0) {
		log_warn("pci: no %s interrupt router on bus 0; INTx left unrouted",
			 want == PCI_QUIRK_PIRQ_PIIX ? "PIIX3" : "ICH9 LPC");
		return 1;
	}
	uint16_t rbdf = pci_tab[router].bdf;
	unsigned npirq = want == PCI_QUIRK_PIRQ_PIIX ? 4 : 8;
	for (unsigned n = 0; n < npirq; n++) {
		uint16_t reg = (uint16_t)(n < 4 ? PIIX_PIRQ_ROUTE + n : ICH9_PIRQE_ROUT + n - 4);
		pci_write8(cfg, rbdf, reg, pci_pirq_to_irq[n]);
	}
	uint16_t level = 0;
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		if (!d->irq_pin || d->broken)
			continue;
		unsigned pin = d->irq_pin;
		const struct pci_dev *cur = d;
		while (cur->parent >= 0) {
			pin = ((pin - 1 + PCI_SLOT(cur->bdf)) & 3) + 1;
			cur = &pci_tab[cur->parent];
		}
		unsigned pirq = chipset_pirq(plat->chipset, PCI_SLOT(cur->bdf), pin);
		if (pirq >= npirq)
			continue;
		d->pirq = (uint8_t)pirq;
		d->irq_line = pci_pirq_to_irq[pirq];
		level |= (uint16_t)(1u << d->irq_line);
		pci_write8(cfg, d->bdf, PCI_INTERRUPT_LINE, d->irq_line);
		log_debug(BDF_FMT " INT%c -> PIRQ%c -> IRQ %u", BDF_ARG(d->bdf), 'A' + d->irq_pin - 1,
			  'A' + pirq, d->irq_line);
	}
	for (unsigned n = 0; n < npirq; n++)
		level |= (uint16_t)(1u << pci_pirq_to_irq[n]);
	level &= (uint16_t)~ELCR_NEVER_LEVEL;
	/* SAFETY: ELCR ports 0x4d0/0x4d1 (PIIX3 and ICH9): read-modify-write, only our IRQs. */
	const struct pio_ops *pio = hw->pio;
	if (pio) {
		uint8_t e1 = pio->in8(pio->ctx, ELCR1_PORT), e2 = pio->in8(pio->ctx, ELCR2_PORT);
		pio->out8(pio->ctx, ELCR1_PORT, (uint8_t)(e1 | (level & 0xff)));
		pio->out8(pio->ctx, ELCR2_PORT, (uint8_t)(e2 | (level >> 8)));
	}
	log_info("pci: INTx routed through " BDF_FMT ", ELCR level mask 0x%04x", BDF_ARG(rbdf), level);
	return 0;
}
