/* Read-only PCI verifier: read what the platform firmware programmed, check it, report it. */
#include "pci_verify.h"	/* pci_verify_* */
#include "pci_regs.h"	/* PCI_* register names */
#include "inventory.h"	/* inv_* */
#include "format.h"	/* fmt_snprintf */
#include "log.h"	/* log_* */
#include "util.h"	/* memset */

#define BDF_FMT		"%02x:%02x.%x"
#define BDF_ARG(bdf)	PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf)
#define FOUR_GIB	0x100000000ull

static struct pci_dev tab[PCI_MAX_DEVS];
static unsigned ntab;
static uint8_t bus_seen[256 / 8];
static struct pci_verify_result *res;
static const struct pci_verify_opts *opt;
static bool table_full_logged;

/* Programmed ranges of all functions, for the overlap check. */
struct span {
	uint64_t base, size;
	uint16_t bdf;
	uint8_t index;		/* BAR index, PCI_ROM_SLOT for the ROM */
	bool io;
};
static struct span spans[PCI_MAX_DEVS * PCI_NUM_BARS];
static unsigned nspans;

static void note(const char *fmt, uint16_t bdf, const char *what)
{
	if (res->nnotes >= PCI_VERIFY_MAX_NOTES)
		return;
	fmt_snprintf(res->notes[res->nnotes++], PCI_VERIFY_NOTE_LEN, fmt, BDF_ARG(bdf), what);
}

static uint64_t range_end(const struct pci_range *r)
{
	return r->base + r->size;
}

static bool inside(uint64_t base, uint64_t size, const struct pci_range *w)
{
	return w->size && base >= w->base && base + size <= range_end(w) && base + size > base;
}

static bool intersects(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* Mask read back after writing all-ones -> decoded size; 0 when the result is not 2^n. */
static uint64_t size_from_mask(uint64_t mask)
{
	uint64_t size = ~mask + 1;
	return IS_POW2(size) ? size : 0;
}

/*
 * Sizing with the function's decoding off (see pci_verify_opts). Returns the mask read
 * back for the BAR at reg (64 bits for a 64-bit BAR); the saved value is written back.
 */
static uint64_t probe_mask(const struct pci_cfg_ops *cfg, uint16_t bdf, uint16_t reg, bool is64,
			   uint32_t ones)
{
	uint32_t lo = pci_read32(cfg, bdf, reg);
	pci_write32(cfg, bdf, reg, ones);
	uint64_t m = pci_read32(cfg, bdf, reg);
	pci_write32(cfg, bdf, reg, lo);
	if (is64) {
		uint32_t hi = pci_read32(cfg, bdf, (uint16_t)(reg + 4));
		pci_write32(cfg, bdf, (uint16_t)(reg + 4), 0xffffffffu);
		m |= (uint64_t)pci_read32(cfg, bdf, (uint16_t)(reg + 4)) << 32;
		pci_write32(cfg, bdf, (uint16_t)(reg + 4), hi);
	} else {
		m |= 0xffffffff00000000ull;
	}
	return m;
}

/* Reads (and with opts->size_bars sizes) the BARs and the ROM of one function. */
static void read_bars(const struct pci_cfg_ops *cfg, struct pci_dev *d)
{
	unsigned nbars = d->header_type == PCI_HEADER_TYPE_NORMAL ? 6 :
			 d->header_type == PCI_HEADER_TYPE_BRIDGE ? 2 : 0;
	uint16_t rom_reg = d->header_type == PCI_HEADER_TYPE_BRIDGE ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
	bool host = (d->class >> 8) == PCI_CLASS_BRIDGE_HOST;
	bool size = opt->size_bars && !host;
	uint16_t cmd = d->command;

	if (host || d->header_type == PCI_HEADER_TYPE_CARDBUS)
		return;
	if (size) {
		if (opt->quiesce)
			opt->quiesce(opt->arg, true);
		pci_write16(cfg, d->bdf, PCI_COMMAND, (uint16_t)(cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY)));
	}
	for (unsigned i = 0; i < nbars; i++) {
		uint16_t reg = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * i);
		uint32_t v = pci_read32(cfg, d->bdf, reg);
		struct pci_bar *b = &d->bar[i];
		bool io = v & PCI_BASE_ADDRESS_SPACE_IO;
		bool is64 = !io && (v & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64 &&
			    i + 1 < nbars;

		b->flags = (uint8_t)(v & (io ? 0x3 : 0xf));
		b->pref = !io && (v & PCI_BASE_ADDRESS_MEM_PREFETCH);
		b->kind = io ? PCI_BAR_IO : is64 ? PCI_BAR_MEM64 : PCI_BAR_MEM32;
		b->addr = io ? (v & 0xfffffffcu) : (v & 0xfffffff0u);
		if (is64)
			b->addr |= (uint64_t)pci_read32(cfg, d->bdf, (uint16_t)(reg + 4)) << 32;
		if (size) {
			uint64_t m = probe_mask(cfg, d->bdf, reg, is64, 0xffffffffu);
			if (io) {
				m &= ~3ull;
				if (!(m & 0xffff0000u))
					m |= 0xffff0000u;	/* 16-bit I/O decoder: upper bits read 0 */
			} else {
				m &= ~0xfull;
			}
			if ((uint32_t)m == 0 && !is64) {
				b->kind = PCI_BAR_NONE;	/* not implemented */
			} else {
				b->size = size_from_mask(m);
				if (!b->size) {
					log_err(BDF_FMT " BAR%u: sizing mask 0x%llx is not a power of two",
						BDF_ARG(d->bdf), i, (unsigned long long)m);
					res->size_errors++;
					note(BDF_FMT " %s: sizing nonsense", d->bdf, "BAR");
				}
			}
		} else if (!v || (v == 0xffffffffu)) {
			b->kind = PCI_BAR_NONE;		/* cannot tell an absent BAR from an unplaced one */
		}
		if (b->kind != PCI_BAR_NONE) {
			b->assigned = b->addr != 0;
			res->bars++;
			if (!b->assigned) {
				res->unassigned++;
				log_info(BDF_FMT " BAR%u: left unassigned by the platform firmware",
					 BDF_ARG(d->bdf), i);
			}
		}
		if (is64) {
			i++;			/* the upper half */
			d->bar[i].kind = PCI_BAR_NONE;
		}
	}

	uint32_t rv = pci_read32(cfg, d->bdf, rom_reg);
	struct pci_bar *r = &d->bar[PCI_ROM_SLOT];
	r->addr = rv & 0xfffff800u;
	r->kind = PCI_BAR_ROM;
	r->flags = (uint8_t)(rv & PCI_ROM_ADDRESS_ENABLE);
	if (size) {
		uint64_t m = probe_mask(cfg, d->bdf, rom_reg, false, 0xfffff800u) & ~0x7ffull;
		if ((uint32_t)m == 0)
			r->kind = PCI_BAR_NONE;
		else
			r->size = size_from_mask(m);
	} else if (!r->addr) {
		r->kind = PCI_BAR_NONE;
	}
	if (r->kind == PCI_BAR_ROM && size && r->size && !(r->flags & PCI_ROM_ADDRESS_ENABLE) &&
	    r->addr == (~(r->size - 1) & 0xfffff800u)) {
		/* The register still holds the sizing mask: a leftover, not a placement. */
		log_info(BDF_FMT " ROM: register holds its own size mask 0x%llx (disabled): not placed%s",
			 BDF_ARG(d->bdf), (unsigned long long)r->addr,
			 opt->clear_stale_rom ? "; cleared to 0" : "");
		if (opt->clear_stale_rom)
			pci_write32(cfg, d->bdf, rom_reg, 0);
		r->addr = 0;
		res->stale_roms++;
	}
	if (r->kind == PCI_BAR_ROM) {
		r->assigned = r->addr != 0;
		res->bars++;
		if (!r->assigned)
			res->unassigned++;
	}
	if (size) {
		pci_write16(cfg, d->bdf, PCI_COMMAND, cmd);
		if (opt->quiesce)
			opt->quiesce(opt->arg, false);
	}
}

/* Bridge windows as programmed (PCI-PCI Bridge 1.2, 3.2.5.6 - 3.2.5.9); size 0 = closed. */
static void read_windows(const struct pci_cfg_ops *cfg, struct pci_dev *d)
{
	uint16_t bdf = d->bdf;
	uint8_t iob = pci_read8(cfg, bdf, PCI_IO_BASE), iol = pci_read8(cfg, bdf, PCI_IO_LIMIT);
	d->has_io_win = iob || iol;
	d->io32 = (iob & PCI_IO_RANGE_TYPE_MASK) == PCI_IO_RANGE_TYPE_32;
	uint64_t base = (uint64_t)(iob & 0xf0) << 8, limit = (uint64_t)(iol & 0xf0) << 8 | 0xfff;
	if (d->io32) {
		base |= (uint64_t)pci_read16(cfg, bdf, PCI_IO_BASE_UPPER16) << 16;
		limit |= (uint64_t)pci_read16(cfg, bdf, PCI_IO_LIMIT_UPPER16) << 16;
	}
	if (limit >= base) {
		d->win.io.base = base;
		d->win.io.size = limit - base + 1;
	}

	uint16_t mb = pci_read16(cfg, bdf, PCI_MEMORY_BASE), ml = pci_read16(cfg, bdf, PCI_MEMORY_LIMIT);
	base = (uint64_t)(mb & 0xfff0) << 16;
	limit = (uint64_t)(ml & 0xfff0) << 16 | 0xfffff;
	if (limit >= base) {
		d->win.mem.base = base;
		d->win.mem.size = limit - base + 1;
	}

	uint16_t pb = pci_read16(cfg, bdf, PCI_PREF_MEMORY_BASE), pl = pci_read16(cfg, bdf, PCI_PREF_MEMORY_LIMIT);
	d->has_pref_win = pb || pl;
	d->pref64 = (pb & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64;
	base = (uint64_t)(pb & 0xfff0) << 16;
	limit = (uint64_t)(pl & 0xfff0) << 16 | 0xfffff;
	if (d->pref64) {
		base |= (uint64_t)pci_read32(cfg, bdf, PCI_PREF_BASE_UPPER32) << 32;
		limit |= (uint64_t)pci_read32(cfg, bdf, PCI_PREF_LIMIT_UPPER32) << 32;
	}
	if (limit >= base) {
		d->win.pref.base = base;
		d->win.pref.size = limit - base + 1;
		d->win.pref_high = base >= FOUR_GIB;
	}
}

static void scan_bus(const struct pci_cfg_ops *cfg, unsigned bus, int parent, unsigned depth);

static void add_function(const struct pci_cfg_ops *cfg, uint16_t bdf, int parent, unsigned depth)
{
	if (ntab >= PCI_MAX_DEVS) {
		if (!table_full_logged)
			log_err("pci-verify: more than %u functions; the rest is not checked", PCI_MAX_DEVS);
		table_full_logged = true;
		return;
	}
	struct pci_dev *d = &tab[ntab];
	memset(d, 0, sizeof(*d));
	d->bdf = bdf;
	d->vendor = pci_read16(cfg, bdf, PCI_VENDOR_ID);
	d->device = pci_read16(cfg, bdf, PCI_DEVICE_ID);
	uint32_t cr = pci_read32(cfg, bdf, PCI_CLASS_REVISION);
	d->class = cr >> 8;
	d->revision = (uint8_t)cr;
	uint8_t ht = pci_read8(cfg, bdf, PCI_HEADER_TYPE);
	d->header_type = ht & PCI_HEADER_TYPE_MASK;
	d->multifunction = ht & PCI_HEADER_TYPE_MFD;
	d->is_bridge = d->header_type == PCI_HEADER_TYPE_BRIDGE;
	d->parent = (int16_t)parent;
	d->depth = (uint8_t)depth;
	d->command = pci_read16(cfg, bdf, PCI_COMMAND);
	d->irq_pin = pci_read8(cfg, bdf, PCI_INTERRUPT_PIN);
	d->irq_line = pci_read8(cfg, bdf, PCI_INTERRUPT_LINE);
	d->pirq = 0xff;
	if (d->irq_pin > 4)
		d->irq_pin = 0;
	if (!d->irq_line || d->irq_line >= 16)
		d->irq_line = 0xff;
	ntab++;
	res->functions++;
	read_bars(cfg, d);
	if (!d->is_bridge)
		return;

	res->bridges++;
	d->primary = pci_read8(cfg, bdf, PCI_PRIMARY_BUS);
	d->secondary = pci_read8(cfg, bdf, PCI_SECONDARY_BUS);
	d->subordinate = pci_read8(cfg, bdf, PCI_SUBORDINATE_BUS);
	read_windows(cfg, d);
	unsigned lo = parent >= 0 ? tab[parent].secondary : 0;
	unsigned hi = parent >= 0 ? tab[parent].subordinate : 255;
	const char *bad = NULL;
	if (d->secondary <= PCI_BUS(bdf) || d->subordinate < d->secondary)
		bad = "secondary/subordinate not below the bridge";
	else if (d->secondary < lo || d->subordinate > hi)
		bad = "bus range outside the upstream bridge's";
	else if (d->primary != PCI_BUS(bdf))
		log_warn(BDF_FMT ": primary bus register %u, bridge sits on bus %u", BDF_ARG(bdf),
			 d->primary, PCI_BUS(bdf));
	if (bad) {
		log_err(BDF_FMT ": bus numbers %u-%u: %s; not scanned", BDF_ARG(bdf), d->secondary,
			d->subordinate, bad);
		res->bus_errors++;
		note(BDF_FMT ": %s", bdf, bad);
		d->broken = true;
		return;
	}
	if (d->subordinate > res->last_bus)
		res->last_bus = d->subordinate;
	if (depth + 1 >= PCI_MAX_DEPTH) {
		log_err(BDF_FMT ": bridges nested deeper than %u; bus %u not scanned", BDF_ARG(bdf),
			PCI_MAX_DEPTH, d->secondary);
		return;
	}
	scan_bus(cfg, d->secondary, (int)(d - tab), depth + 1);
}

static void scan_bus(const struct pci_cfg_ops *cfg, unsigned bus, int parent, unsigned depth)
{
	if (bus_seen[bus / 8] & (1u << (bus % 8))) {
		log_err("pci-verify: bus %u reached twice (bridge loop?); second visit skipped", bus);
		res->bus_errors++;
		note(BDF_FMT ": %s", PCI_BDF(bus, 0, 0), "bus reached twice");
		return;
	}
	bus_seen[bus / 8] |= (uint8_t)(1u << (bus % 8));
	for (unsigned slot = 0; slot < 32; slot++) {
		for (unsigned fn = 0; fn < 8; fn++) {
			uint16_t bdf = PCI_BDF(bus, slot, fn);
			uint16_t ven = pci_read16(cfg, bdf, PCI_VENDOR_ID);
			if (ven == 0xffff || ven == 0x0000) {
				if (fn == 0)
					break;
				continue;
			}
			if (fn == 0 && !(pci_read8(cfg, bdf, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MFD)) {
				add_function(cfg, bdf, parent, depth);
				break;
			}
			add_function(cfg, bdf, parent, depth);
		}
	}
}

static void grow(struct pci_range *r, uint64_t base, uint64_t size)
{
	if (!size)
		return;
	if (!r->size) {
		r->base = base;
		r->size = size;
		return;
	}
	uint64_t end = MAX(range_end(r), base + size);
	r->base = MIN(r->base, base);
	r->size = end - r->base;
}

/* Root-bus spans: I/O; memory below 4 GiB; memory above 4 GiB (like pci_root_windows()). */
static void root_span(const struct pci_dev *d)
{
	struct pci_windows *w = &res->root;
	for (unsigned i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];
		if (b->kind == PCI_BAR_NONE || !b->assigned || !b->size)
			continue;
		if (b->kind == PCI_BAR_IO)
			grow(&w->io, b->addr, b->size);
		else
			grow(b->addr >= FOUR_GIB ? &w->pref : &w->mem, b->addr, b->size);
	}
	if (!d->is_bridge || d->broken)
		return;
	grow(&w->io, d->win.io.base, d->win.io.size);
	grow(&w->mem, d->win.mem.base, d->win.mem.size);
	grow(d->win.pref.base >= FOUR_GIB ? &w->pref : &w->mem, d->win.pref.base, d->win.pref.size);
	w->pref_high = true;
}

/* A memory range behind a bridge must be forwarded: inside its memory or prefetchable window. */
static bool forwarded(const struct pci_dev *up, bool io, uint64_t base, uint64_t size)
{
	if (io)
		return inside(base, size, &up->win.io);
	return inside(base, size, &up->win.mem) || inside(base, size, &up->win.pref);
}

static void check_windows(const struct pci_dev *d)
{
	if (d->parent < 0)
		return;
	const struct pci_dev *up = &tab[d->parent];
	for (unsigned i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];
		if (b->kind == PCI_BAR_NONE || !b->assigned || !b->size)
			continue;
		if (b->kind == PCI_BAR_ROM && !(b->flags & PCI_ROM_ADDRESS_ENABLE))
			continue;	/* a disabled ROM decodes nothing: where it points does not matter */
		if (!forwarded(up, b->kind == PCI_BAR_IO, b->addr, b->size)) {
			log_err(BDF_FMT " BAR%u 0x%llx+0x%llx lies outside the windows of bridge " BDF_FMT,
				BDF_ARG(d->bdf), i, (unsigned long long)b->addr, (unsigned long long)b->size,
				BDF_ARG(up->bdf));
			res->outside_window++;
			note(BDF_FMT " %s outside the upstream bridge windows", d->bdf, "BAR");
		}
	}
	if (!d->is_bridge || d->broken)
		return;
	const struct pci_range *w[3] = { &d->win.io, &d->win.mem, &d->win.pref };
	static const char *const wname[3] = { "I/O window", "memory window", "prefetchable window" };
	for (unsigned k = 0; k < 3; k++) {
		if (!w[k]->size || forwarded(up, k == 0, w[k]->base, w[k]->size))
			continue;
		log_err(BDF_FMT ": %s 0x%llx+0x%llx lies outside the windows of bridge " BDF_FMT,
			BDF_ARG(d->bdf), wname[k], (unsigned long long)w[k]->base,
			(unsigned long long)w[k]->size, BDF_ARG(up->bdf));
		res->outside_window++;
		note(BDF_FMT ": %s outside the upstream bridge windows", d->bdf, wname[k]);
	}
}

static void collect_spans(const struct pci_dev *d)
{
	for (unsigned i = 0; i < PCI_NUM_BARS && nspans < ARRAY_SIZE(spans); i++) {
		const struct pci_bar *b = &d->bar[i];
		if (b->kind == PCI_BAR_NONE || !b->assigned || !b->size)
			continue;
		if (b->kind == PCI_BAR_ROM && !(b->flags & PCI_ROM_ADDRESS_ENABLE))
			continue;
		struct span *s = &spans[nspans++];
		s->base = b->addr;
		s->size = b->size;
		s->bdf = d->bdf;
		s->index = (uint8_t)i;
		s->io = b->kind == PCI_BAR_IO;
		if (!s->io && intersects(s->base, s->size, opt->ecam_base, opt->ecam_size)) {
			log_err(BDF_FMT " BAR%u 0x%llx+0x%llx overlaps ECAM 0x%llx+0x%llx", BDF_ARG(d->bdf), i,
				(unsigned long long)s->base, (unsigned long long)s->size,
				(unsigned long long)opt->ecam_base, (unsigned long long)opt->ecam_size);
			res->ecam_overlaps++;
			note(BDF_FMT " %s overlaps ECAM", d->bdf, "BAR");
		}
	}
}

static void check_overlaps(void)
{
	for (unsigned i = 0; i < nspans; i++) {
		for (unsigned j = i + 1; j < nspans; j++) {
			const struct span *a = &spans[i], *b = &spans[j];
			if (a->io != b->io || !intersects(a->base, a->size, b->base, b->size))
				continue;
			log_err(BDF_FMT " BAR%u 0x%llx+0x%llx overlaps " BDF_FMT " BAR%u 0x%llx+0x%llx",
				BDF_ARG(a->bdf), a->index, (unsigned long long)a->base,
				(unsigned long long)a->size, BDF_ARG(b->bdf), b->index,
				(unsigned long long)b->base, (unsigned long long)b->size);
			res->overlaps++;
			note(BDF_FMT " %s overlaps another function's BAR", a->bdf, "BAR");
		}
	}
}

int pci_verify(const struct pci_cfg_ops *cfg, const struct pci_verify_opts *opts,
	       struct pci_verify_result *out)
{
	static const struct pci_verify_opts none;

	memset(out, 0, sizeof(*out));
	memset(bus_seen, 0, sizeof(bus_seen));
	res = out;
	opt = opts ? opts : &none;
	ntab = 0;
	nspans = 0;
	table_full_logged = false;
	out->sized = opt->size_bars;
	log_info("pci-verify: reading what the platform firmware programmed (%s, %s)",
		 cfg->cfg_size > 256 ? "ECAM" : "CF8",
		 opt->size_bars ? "BARs sized with decoding off" : "no writes, addresses only");
	scan_bus(cfg, 0, -1, 0);
	for (unsigned i = 0; i < ntab; i++) {
		if (tab[i].parent < 0)
			root_span(&tab[i]);
		check_windows(&tab[i]);
		collect_spans(&tab[i]);
	}
	check_overlaps();
	out->problems = out->overlaps + out->outside_window + out->bus_errors + out->size_errors +
			out->ecam_overlaps;
	log_info("pci-verify: %u functions, %u bridges, %u BARs (%u unassigned), %u problem%s",
		 out->functions, out->bridges, out->bars, out->unassigned, out->problems,
		 out->problems == 1 ? "" : "s");
	return (int)out->problems;
}

const struct pci_dev *pci_verify_devices(unsigned *count)
{
	*count = ntab;
	return tab;
}


void pci_verify_report(const struct pci_verify_result *r)
{
	for (unsigned i = 0; i < ntab; i++)
		pci_report_function(&tab[i], tab, "left unassigned by the platform firmware");
	inv_begin("pci-summary");
	inv_u64("functions", r->functions);
	inv_u64("bridges", r->bridges);
	inv_u64("last_bus", r->last_bus);
	inv_u64("unassigned", r->unassigned);
	inv_u64("problems", r->problems);
	pci_inv_range("io", &r->root.io);
	pci_inv_range("mem32", &r->root.mem);
	pci_inv_range("mem64", &r->root.pref);
	inv_end();

	inv_begin("pci-verify");
	inv_str("mode", "read-only");
	inv_bool("sized", r->sized);
	inv_u64("functions", r->functions);
	inv_u64("bars", r->bars);
	inv_u64("unassigned", r->unassigned);
	inv_u64("overlaps", r->overlaps);
	inv_u64("outside_window", r->outside_window);
	inv_u64("bus_errors", r->bus_errors);
	inv_u64("size_errors", r->size_errors);
	inv_u64("ecam_overlaps", r->ecam_overlaps);
	inv_u64("stale_roms", r->stale_roms);
	inv_u64("problems", r->problems);
	if (r->nnotes) {
		inv_array_begin("notes");
		for (unsigned i = 0; i < r->nnotes; i++) {
			inv_object_begin(NULL);
			inv_str("text", r->notes[i]);
			inv_object_end();
		}
		inv_array_end();
	}
	inv_end();
}
