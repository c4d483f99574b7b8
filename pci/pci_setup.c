/* PCI setup flow (probe, plan, apply, INTx) and its inventory records. */
#include "pci_internal.h"	/* pci_tab, pci_root_win */
#include "pci_regs.h"		/* PCI_BASE_ADDRESS_* */
#include "inventory.h"		/* inv_* */
#include "format.h"		/* fmt_snprintf */
#include "log.h"		/* log_info */

static const char *const why_str[] = {
	[PCI_WHY_NONE] = "",
	[PCI_WHY_SIZING] = "sizing nonsense",
	[PCI_WHY_READONLY] = "read-only BAR",
	[PCI_WHY_SPACE_OFF] = "decoding disabled",
	[PCI_WHY_NO_IO] = "I/O space exhausted",
	[PCI_WHY_IO_SHED] = "I/O shed: device works through its memory BARs",
	[PCI_WHY_NO_MEM] = "32-bit memory exhausted",
	[PCI_WHY_NO_MEM64] = "64-bit window exhausted",
	[PCI_WHY_NO_WINDOW] = "upstream bridge lacks a window of this type",
	[PCI_WHY_TABLE] = "pci table full",
};

const char *pci_why_str(unsigned why)
{
	return why < sizeof(why_str) / sizeof(why_str[0]) && why_str[why] ? why_str[why] : "unknown";
}

static void inv_hexf(const char *key, const char *fmt, uint32_t v)
{
	char b[16];
	fmt_snprintf(b, sizeof(b), fmt, v);
	inv_str(key, b);
}

static const char *kind_str(const struct pci_bar *b)
{
	switch (b->kind) {
	case PCI_BAR_IO: return "io";
	case PCI_BAR_MEM64: return "mem64";
	default: return "mem32";
	}
}

void pci_inv_range(const char *key, const struct pci_range *r)
{
	if (!r->size)
		return;
	inv_object_begin(key);
	inv_hex("base", r->base);
	inv_hex("limit", r->base + r->size - 1);
	inv_hex("size", r->size);
	inv_object_end();
}

unsigned pci_report_function(const struct pci_dev *d, const struct pci_dev *table, const char *unassigned_reason)
{
	unsigned unassigned = 0;

	inv_begin("pci");
	inv_bdf("bdf", d->bdf);
	inv_hexf("vendor", "0x%04x", d->vendor);
	inv_hexf("device", "0x%04x", d->device);
	inv_hexf("class", "0x%06x", d->class);
	inv_u64("header", d->header_type);
	if (d->multifunction)
		inv_bool("multifunction", true);
	if (d->parent >= 0)
		inv_bdf("parent", table[d->parent].bdf);
	inv_array_begin("bars");
	for (int i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];
		if (b->kind == PCI_BAR_NONE)
			continue;
		inv_object_begin(NULL);
		inv_u64("index", (uint64_t)i);
		inv_str("kind", kind_str(b));
		inv_bool("pref", b->pref);
		if (i == PCI_ROM_SLOT) {
			inv_bool("rom", true);
			inv_bool("enabled", (b->flags & PCI_ROM_ADDRESS_ENABLE) != 0);
		}
		if (b->assigned) {
			inv_hex("addr", b->addr);
		} else {
			inv_bool("unassigned", true);
			inv_str("reason", unassigned_reason ? unassigned_reason : pci_why_str(b->why));
			if (b->why == PCI_WHY_READONLY)
				inv_hex("fixed_addr", b->addr);
			unassigned++;
		}
		if (b->size)
			inv_hex("size", b->size);
		inv_object_end();
	}
	inv_array_end();
	if (d->irq_pin) {
		char pin[2] = { (char)('A' + d->irq_pin - 1), 0 };
		inv_str("pin", pin);
		if (d->irq_line != 0xff) {
			inv_u64("irq", d->irq_line);
			if (d->pirq < 8) {
				char pirq[2] = { (char)('A' + d->pirq), 0 };
				inv_str("pirq", pirq);
			}
		}
	}
	inv_hexf("command", "0x%04x", d->command);
	if (d->broken)
		inv_bool("broken", true);
	inv_end();

	if (!d->is_bridge)
		return unassigned;
	inv_begin("pci-bridge");
	inv_bdf("bdf", d->bdf);
	inv_u64("primary", d->primary);
	inv_u64("secondary", d->secondary);
	inv_u64("subordinate", d->subordinate);
	pci_inv_range("io", &d->win.io);
	pci_inv_range("mem", &d->win.mem);
	pci_inv_range("pref", &d->win.pref);
	inv_bool("pref64", d->pref64);		/* the bridge decodes 64-bit prefetchable */
	if (d->win.pref.size)
		inv_bool("pref_high", d->win.pref_high);	/* its window lies above 4 GiB */
	if (d->res.from_cap || d->res.hotplug) {
		inv_object_begin("reserve");
		inv_str("source", d->res.from_cap ? "capability" : "hotplug-default");
		inv_u64("bus", d->res.bus);
		inv_hex("io", d->res.io);
		inv_hex("mem", d->res.mem);
		inv_hex("pref", d->res.pref);
		inv_object_end();
	}
	if (d->broken)
		inv_bool("broken", true);
	inv_end();
	return unassigned;
}

static const struct pci_platform *report_plat;

void pci_report(int problems)
{
	unsigned unassigned = 0, bridges = 0, maxbus = 0;

	for (unsigned i = 0; i < pci_ntab; i++) {
		unassigned += pci_report_function(&pci_tab[i], pci_tab, NULL);
		bridges += pci_tab[i].is_bridge;
		if (pci_tab[i].is_bridge && !pci_tab[i].broken && pci_tab[i].subordinate > maxbus)
			maxbus = pci_tab[i].subordinate;
	}
	inv_begin("pci-summary");
	inv_u64("functions", pci_ntab);
	inv_u64("bridges", bridges);
	inv_u64("last_bus", maxbus);
	inv_u64("unassigned", unassigned);
	inv_u64("problems", (uint64_t)(problems < 0 ? -problems : problems));
	pci_inv_range("io", &pci_root_win.io);
	pci_inv_range("mem32", &pci_root_win.mem);
	pci_inv_range("mem64", &pci_root_win.pref);
	if (report_plat && report_plat->ecam_size) {
		inv_hex("ecam", report_plat->ecam_base);
		inv_hex("ecam_size", report_plat->ecam_size);
	}
	inv_end();
}

int pci_setup(const struct hw *hw, const struct pci_platform *plat)
{
	int problems;

	log_info("pci: pass 0: probe (%s)", hw->cfg->cfg_size > 256 ? "ECAM" : "CF8");
	problems = pci_probe(hw->cfg, plat->hotplug_defaults);
	log_info("pci: pass 1: plan");
	problems += pci_plan(plat);
	log_info("pci: pass 2: apply");
	pci_apply(hw->cfg);
	problems += pci_route_irqs(hw, plat);
	report_plat = plat;
	pci_report(problems);
	report_plat = NULL;
	if (problems)
		log_warn("pci: %d problem(s); see the ERROR/WARN lines above and the inventory", problems);
	return -problems;
}
