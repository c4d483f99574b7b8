/* PCI probe: depth-first bus numbering, BAR sizing from the bits that change, bridge features. */
#include "pci_internal.h"	/* pci_tab, pci_quirks_for, BDF_FMT */
#include "pci_regs.h"		/* PCI_* register names */
#include "log.h"		/* log_err, log_warn, log_debug */
#include "util.h"		/* memset, MIN, MAX */

struct pci_dev pci_tab[PCI_MAX_DEVS];
unsigned pci_ntab;
unsigned pci_probe_problems;

static const struct pci_cfg_ops *cfg;
static bool hp_defaults;	/* struct pci_platform.hotplug_defaults of this probe */
static unsigned last_bus;	/* highest bus number handed out so far */
static unsigned nbuses;		/* buses scanned */
static bool table_full;

/* Writes all-ones, then all-zeros, then the old value: the bits that move are writable. */
static void moving32(uint16_t bdf, uint16_t off, uint32_t *old, uint32_t *ones, uint32_t *zeros)
{
	*old = pci_read32(cfg, bdf, off);
	pci_write32(cfg, bdf, off, 0xffffffffu);
	*ones = pci_read32(cfg, bdf, off);
	pci_write32(cfg, bdf, off, 0);
	*zeros = pci_read32(cfg, bdf, off);
	pci_write32(cfg, bdf, off, *old);
}

/*
 * Size from the writable address bits w inside field: a BAR decodes a naturally aligned
 * power of two, so w must be every field bit from the size upwards (PCI 3.0, 6.2.5.1).
 * Returns 0 when nothing is writable and ~0 when the bits are not contiguous.
 */
static uint64_t size_from_bits(uint64_t w, uint64_t field)
{
	if (!w)
		return 0;
	uint64_t size = w & (~w + 1);
	if (w != (field & ~(size - 1)))
		return ~0ull;
	return size;
}

static void space_off(struct pci_dev *d, bool io)
{
	if (io)
		d->io_off = true;
	else
		d->mem_off = true;
}

static void bar_nonsense(struct pci_dev *d, int i, const char *what, uint32_t old, uint32_t ones,
			 uint32_t zeros)
{
	log_err(BDF_FMT " BAR%d: sizing nonsense (%s: was 0x%08x, ones 0x%08x, zeros 0x%08x), "
		"left unassigned", BDF_ARG(d->bdf), i, what, old, ones, zeros);
	d->bar[i].why = PCI_WHY_SIZING;
	pci_probe_problems++;
}

/* Sizes BAR i at off; returns how many BAR slots it used (2 for a 64-bit BAR). */
/*
 * A BAR smaller than its type field (QEMU's pvpanic-pci has a 2-byte memory BAR): the low
 * "type" bits are writable address bits. Recognised when writing zeros gives back the
 * original type bits, writing ones only sets more of them, and every address bit above the
 * type field moves. Then the BAR decodes the minimum size and the type is the original one.
 */
static bool tiny_bar(struct pci_dev *d, int i, uint32_t old, uint32_t ones, uint32_t zeros, uint32_t tmask)
{
	if ((zeros & tmask) != (old & tmask) || (ones & old & tmask) != (old & tmask) ||
	    (ones & tmask) == (old & tmask) || (ones | tmask) != 0xffffffffu || (zeros & ~tmask))
		return false;
	log_warn(BDF_FMT " BAR%d: smaller than %u bytes (type bits writable: was 0x%08x, ones 0x%08x); "
		 "treated as a %u-byte BAR", BDF_ARG(d->bdf), i, tmask + 1, old, ones, tmask + 1);
	return true;
}

static int size_bar(struct pci_dev *d, int i, uint16_t off, int nbars)
{
	struct pci_bar *b = &d->bar[i];
	uint32_t old, ones, zeros;

	moving32(d->bdf, off, &old, &ones, &zeros);
	if (!old && !ones && !zeros)
		return 1;	/* not implemented */

	if (old & PCI_BASE_ADDRESS_SPACE_IO) {
		b->kind = PCI_BAR_IO;
		b->flags = old & 3;
		if (tiny_bar(d, i, old, ones, zeros, 3)) {
			ones |= 3;	/* a 2-byte BAR: treat as the 4-byte minimum */
		} else if (((old ^ ones) | (old ^ zeros)) & 3) {
			bar_nonsense(d, i, "type bits moved", old, ones, zeros);
			space_off(d, true);
			return 1;
		}
		uint32_t w = ones & ~zeros & (uint32_t)PCI_BASE_ADDRESS_IO_MASK;
		/* I/O BARs may hardwire the upper 16 bits to zero (16-bit decode). */
		uint64_t field = (w & 0xffff0000u) ? 0xfffffffcu : 0xfffcu;
		uint64_t size = size_from_bits(w, field);
		if (size == ~0ull) {
			bar_nonsense(d, i, "address bits not contiguous", old, ones, zeros);
			space_off(d, true);
		} else if (size && (zeros & (uint32_t)PCI_BASE_ADDRESS_IO_MASK)) {
			/* Address bits that read 1 after writing 0 would move the decode off the assigned base. */
			bar_nonsense(d, i, "address bits stuck at one", old, ones, zeros);
			space_off(d, true);
		} else if (!size) {
			b->kind = PCI_BAR_NONE;
			if (old & ~3u) {
				log_warn(BDF_FMT " BAR%d: read-only I/O BAR at 0x%x; I/O decoding left off",
					 BDF_ARG(d->bdf), i, old & ~3u);
				b->kind = PCI_BAR_IO;
				b->why = PCI_WHY_READONLY;
				b->addr = old & ~3u;
				space_off(d, true);
				pci_probe_problems++;
			}
		} else {
			b->size = size;
		}
		return 1;
	}

	uint32_t type = old & PCI_BASE_ADDRESS_MEM_TYPE_MASK;
	b->flags = old & 0xf;
	b->pref = (old & PCI_BASE_ADDRESS_MEM_PREFETCH) != 0;
	b->kind = type == PCI_BASE_ADDRESS_MEM_TYPE_64 ? PCI_BAR_MEM64 : PCI_BAR_MEM32;
	if (tiny_bar(d, i, old, ones, zeros, 0xf)) {
		ones |= 0xf;	/* smaller than 16 bytes: treat as the 16-byte minimum */
	} else if (((old ^ ones) | (old ^ zeros)) & 0xf) {
		bar_nonsense(d, i, "type bits moved", old, ones, zeros);
		space_off(d, false);
		return b->kind == PCI_BAR_MEM64 && i + 1 < nbars ? 2 : 1;
	}
	if (type == 0x6) {
		bar_nonsense(d, i, "reserved memory type", old, ones, zeros);
		space_off(d, false);
		return 1;
	}
	if (type == PCI_BASE_ADDRESS_MEM_TYPE_1M)
		log_warn(BDF_FMT " BAR%d: below-1M memory type treated as 32-bit", BDF_ARG(d->bdf), i);

	uint64_t w = ones & ~zeros & 0xfffffff0u, field = 0xfffffff0u, oldaddr = old & ~0xfu;
	uint32_t hold, hones, hzeros = 0;
	int used = 1;
	if (b->kind == PCI_BAR_MEM64) {
		if (i + 1 >= nbars) {
			bar_nonsense(d, i, "64-bit BAR in the last slot", old, ones, zeros);
			space_off(d, false);
			return 1;
		}
		moving32(d->bdf, (uint16_t)(off + 4), &hold, &hones, &hzeros);
		w |= (uint64_t)(hones & ~hzeros) << 32;
		field = ~0xfull;
		oldaddr |= (uint64_t)hold << 32;
		used = 2;
	}
	uint64_t size = size_from_bits(w, field);
	if (size == ~0ull) {
		bar_nonsense(d, i, "address bits not contiguous", old, ones, zeros);
		space_off(d, false);
	} else if (size && ((zeros & 0xfffffff0u) || hzeros)) {
		/* Address bits that read 1 after writing 0 would move the decode off the assigned base. */
		bar_nonsense(d, i, "address bits stuck at one", old, ones, zeros);
		space_off(d, false);
	} else if (!size) {
		b->kind = PCI_BAR_NONE;
		if (oldaddr) {
			log_warn(BDF_FMT " BAR%d: read-only memory BAR at 0x%llx; memory decoding left off",
				 BDF_ARG(d->bdf), i, (unsigned long long)oldaddr);
			b->kind = PCI_BAR_MEM32;
			b->why = PCI_WHY_READONLY;
			b->addr = oldaddr;
			space_off(d, false);
			pci_probe_problems++;
		}
	} else {
		b->size = size;
	}
	return used;
}

static void size_rom(struct pci_dev *d, uint16_t off)
{
	struct pci_bar *b = &d->bar[PCI_ROM_SLOT];
	uint32_t old, ones, zeros;

	moving32(d->bdf, off, &old, &ones, &zeros);
	uint32_t w = ones & ~zeros & (uint32_t)PCI_ROM_ADDRESS_MASK;
	if (!w)
		return;
	b->kind = PCI_BAR_ROM;
	uint64_t size = size_from_bits(w, (uint32_t)PCI_ROM_ADDRESS_MASK);
	if (size == ~0ull) {
		log_err(BDF_FMT " ROM: sizing nonsense (was 0x%08x, ones 0x%08x, zeros 0x%08x), "
			"left unassigned", BDF_ARG(d->bdf), old, ones, zeros);
		b->why = PCI_WHY_SIZING;
		pci_probe_problems++;
		return;
	}
	b->size = size;
}

/* Standard capability list walk with the 48-step limit; returns the offset or 0. */
static uint8_t find_cap(uint16_t bdf, uint8_t id, uint8_t after)
{
	if (!(pci_read16(cfg, bdf, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	uint8_t pos = after ? pci_read8(cfg, bdf, (uint16_t)(after + PCI_CAP_LIST_NEXT))
			    : pci_read8(cfg, bdf, PCI_CAPABILITY_LIST);
	for (int steps = 0; steps < 48 && pos >= PCI_STD_HEADER_SIZEOF; steps++) {
		pos &= ~3;
		uint8_t cid = pci_read8(cfg, bdf, pos);
		if (cid == 0xff)
			return 0;
		if (cid == id)
			return pos;
		pos = pci_read8(cfg, bdf, (uint16_t)(pos + PCI_CAP_LIST_NEXT));
	}
	return 0;
}

static uint64_t read64(uint16_t bdf, uint16_t off)
{
	return pci_read32(cfg, bdf, off) | (uint64_t)pci_read32(cfg, bdf, (uint16_t)(off + 4)) << 32;
}

/* QEMU resource-reserve capability, PCIe hotplug slot or SHPC: fills d->res. */
static void probe_reserve(struct pci_dev *d)
{
	struct pci_reserve *r = &d->res;
	uint8_t pos;

	if (d->is_pcie && (d->pcie_type == PCI_EXP_TYPE_ROOT_PORT ||
			   d->pcie_type == PCI_EXP_TYPE_DOWNSTREAM)) {
		pos = find_cap(d->bdf, PCI_CAP_ID_EXP, 0);
		if (pos && (pci_read16(cfg, d->bdf, (uint16_t)(pos + PCI_EXP_FLAGS)) & PCI_EXP_FLAGS_SLOT) &&
		    (pci_read32(cfg, d->bdf, (uint16_t)(pos + PCI_EXP_SLTCAP)) & PCI_EXP_SLTCAP_HPC))
			r->hotplug = true;
	}
	if (find_cap(d->bdf, PCI_CAP_ID_SHPC, 0))
		r->hotplug = true;

	uint32_t bus = ~0u, mem = ~0u, pref32 = ~0u;
	uint64_t io = ~0ull, pref64 = ~0ull;
	if (d->vendor == PCI_VENDOR_ID_REDHAT) {
		for (pos = find_cap(d->bdf, PCI_CAP_ID_VNDR, 0); pos; pos = find_cap(d->bdf, PCI_CAP_ID_VNDR, pos)) {
			if (pci_read8(cfg, d->bdf, (uint16_t)(pos + REDHAT_CAP_TYPE)) != REDHAT_CAP_RESOURCE_RESERVE)
				continue;
			uint8_t len = pci_read8(cfg, d->bdf, (uint16_t)(pos + PCI_CAP_VNDR_LEN));
			if (len < REDHAT_CAP_RES_SIZEOF || pos + REDHAT_CAP_RES_SIZEOF > 0x100) {
				log_warn(BDF_FMT ": resource-reserve capability at 0x%x too short (%u bytes), ignored",
					 BDF_ARG(d->bdf), pos, len);
				break;
			}
			r->from_cap = true;
			bus = pci_read32(cfg, d->bdf, (uint16_t)(pos + REDHAT_CAP_RES_BUS));
			io = read64(d->bdf, (uint16_t)(pos + REDHAT_CAP_RES_IO));
			mem = pci_read32(cfg, d->bdf, (uint16_t)(pos + REDHAT_CAP_RES_MEM));
			pref32 = pci_read32(cfg, d->bdf, (uint16_t)(pos + REDHAT_CAP_RES_PREF32));
			pref64 = read64(d->bdf, (uint16_t)(pos + REDHAT_CAP_RES_PREF64));
			break;
		}
	}
	bool hp = r->hotplug && hp_defaults;
	/* All-ones = "not set": fall back to the hotplug default (or nothing). */
	r->bus = bus != ~0u ? MIN(bus, 254u) : (hp ? PCI_HP_BUS_DEFAULT : 0);
	r->io = io != ~0ull ? MIN(io, 0x10000ull) : (hp ? PCI_HP_IO_DEFAULT : 0);
	r->mem = mem != ~0u ? mem : (hp ? PCI_HP_MEM_DEFAULT : 0);
	if (pref64 != ~0ull) {
		r->pref = pref64;
		r->pref64 = true;
	} else if (pref32 != ~0u) {
		r->pref = pref32;
	} else {
		r->pref = hp ? PCI_HP_PREF_DEFAULT : 0;
	}
	/* Keep reservations sane: powers of two are not required, huge values are capped. */
	r->io = r->io ? ALIGN_UP(r->io, (uint64_t)PCI_IO_WIN_GRAN) : 0;
	r->mem = r->mem ? ALIGN_UP(MIN(r->mem, 1ull << 31), (uint64_t)PCI_MEM_WIN_GRAN) : 0;
	r->pref = r->pref ? ALIGN_UP(MIN(r->pref, 1ull << 46), (uint64_t)PCI_MEM_WIN_GRAN) : 0;
	if (r->from_cap || r->hotplug)
		log_debug(BDF_FMT ": reserve bus +%u io 0x%llx mem 0x%llx pref 0x%llx%s (%s)",
			  BDF_ARG(d->bdf), r->bus, (unsigned long long)r->io, (unsigned long long)r->mem,
			  (unsigned long long)r->pref, r->pref64 ? " 64-bit" : "",
			  r->from_cap ? "capability" : hp ? "hotplug default" : "hotplug slot, variant reserves nothing");
}

/* Which optional windows the bridge implements (PCI-PCI Bridge 1.2, 3.2.5.6 and 3.2.5.9). */
static void probe_bridge_windows(struct pci_dev *d)
{
	uint16_t old = pci_read16(cfg, d->bdf, PCI_IO_BASE);
	pci_write16(cfg, d->bdf, PCI_IO_BASE, 0xf0f0);
	uint16_t rb = pci_read16(cfg, d->bdf, PCI_IO_BASE);
	pci_write16(cfg, d->bdf, PCI_IO_BASE, old);
	d->has_io_win = (rb & 0xf0f0) != 0;
	d->io32 = (rb & PCI_IO_RANGE_TYPE_MASK) == PCI_IO_RANGE_TYPE_32;

	uint32_t pold = pci_read32(cfg, d->bdf, PCI_PREF_MEMORY_BASE);
	pci_write32(cfg, d->bdf, PCI_PREF_MEMORY_BASE, 0xfff0fff0u);
	uint32_t prb = pci_read32(cfg, d->bdf, PCI_PREF_MEMORY_BASE);
	pci_write32(cfg, d->bdf, PCI_PREF_MEMORY_BASE, pold);
	d->has_pref_win = (prb & 0xfff0fff0u) != 0;
	d->pref64 = d->has_pref_win && (prb & PCI_PREF_RANGE_TYPE_MASK) == PCI_PREF_RANGE_TYPE_64;
}

static int add_function(uint16_t bdf, uint32_t id, uint8_t hdr, int parent, unsigned depth)
{
	if (pci_ntab >= PCI_MAX_DEVS) {
		if (!table_full)
			log_err(BDF_FMT ": pci table full (%d functions); this and later functions "
				"are left unconfigured", BDF_ARG(bdf), PCI_MAX_DEVS);
		table_full = true;
		pci_probe_problems++;
		return -1;
	}
	struct pci_dev *d = &pci_tab[pci_ntab];
	memset(d, 0, sizeof(*d));
	d->bdf = bdf;
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	uint32_t cr = pci_read32(cfg, bdf, PCI_CLASS_REVISION);
	d->class = cr >> 8;
	d->revision = (uint8_t)cr;
	d->header_type = hdr & PCI_HEADER_TYPE_MASK;
	d->multifunction = (hdr & PCI_HEADER_TYPE_MFD) != 0;
	d->parent = (int16_t)parent;
	d->depth = (uint8_t)depth;
	d->irq_line = 0xff;
	d->pirq = 0xff;
	d->quirks = pci_quirks_for(d->vendor, d->device, d->class);

	uint8_t pos = find_cap(bdf, PCI_CAP_ID_EXP, 0);
	if (pos) {
		d->is_pcie = true;
		d->pcie_type = (uint8_t)((pci_read16(cfg, bdf, (uint16_t)(pos + PCI_EXP_FLAGS)) &
					  PCI_EXP_FLAGS_TYPE) >> 4);
	}
	d->irq_pin = pci_read8(cfg, bdf, PCI_INTERRUPT_PIN);
	if (d->irq_pin > 4) {
		log_warn(BDF_FMT ": interrupt pin %u is not INTA-INTD; no INTx", BDF_ARG(bdf), d->irq_pin);
		d->irq_pin = 0;
	}

	int nbars = 0;
	uint16_t rom = 0;
	switch (d->header_type) {
	case PCI_HEADER_TYPE_NORMAL:
		nbars = 6;
		rom = PCI_ROM_ADDRESS;
		break;
	case PCI_HEADER_TYPE_BRIDGE:
		nbars = 2;
		rom = PCI_ROM_ADDRESS1;
		d->is_bridge = true;
		break;
	case PCI_HEADER_TYPE_CARDBUS:
		log_warn(BDF_FMT ": CardBus bridge not supported; left disabled", BDF_ARG(bdf));
		d->broken = true;
		break;
	default:
		log_err(BDF_FMT ": unknown header type 0x%02x; left disabled", BDF_ARG(bdf), hdr);
		d->broken = true;
		pci_probe_problems++;
		break;
	}
	if (d->quirks & PCI_QUIRK_NO_BARS)
		nbars = 0, rom = 0;

	if (nbars || rom) {
		uint16_t cmd = pci_read16(cfg, bdf, PCI_COMMAND);
		uint16_t quiet = cmd & (uint16_t)~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
		if (quiet != cmd)
			pci_write16(cfg, bdf, PCI_COMMAND, quiet);	/* no decoding while sizing */
		for (int i = 0; i < nbars;)
			i += size_bar(d, i, (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * i), nbars);
		if (rom)
			size_rom(d, rom);
		if (quiet != cmd)
			pci_write16(cfg, bdf, PCI_COMMAND, cmd);
	}
	d->command = pci_read16(cfg, bdf, PCI_COMMAND);
	if (d->is_bridge) {
		probe_bridge_windows(d);
		probe_reserve(d);
	}
	log_debug(BDF_FMT ": %04x:%04x class %06x hdr %u%s", BDF_ARG(bdf), d->vendor, d->device,
		  d->class, d->header_type, d->multifunction ? " mf" : "");
	return (int)pci_ntab++;
}

static void scan_bus(unsigned bus, int parent, unsigned depth);

/* Gives the bridge the next bus number, scans behind it, then closes its bus range. */
static void scan_bridge(int idx, unsigned bus, unsigned depth)
{
	struct pci_dev *d = &pci_tab[idx];
	uint16_t bdf = d->bdf;

	if (depth >= PCI_MAX_DEPTH || nbuses >= PCI_MAX_BUSES || last_bus >= 255) {
		log_err(BDF_FMT ": bridge not scanned (%s)", BDF_ARG(bdf),
			depth >= PCI_MAX_DEPTH ? "nested too deep" : "no bus number left");
		d->broken = true;
		pci_probe_problems++;
		return;
	}
	unsigned sec = last_bus + 1;
	uint32_t old = pci_read32(cfg, bdf, PCI_PRIMARY_BUS);
	uint32_t want = (old & 0xff000000u) | 0xff0000u | sec << 8 | bus;
	pci_write32(cfg, bdf, PCI_PRIMARY_BUS, want);
	uint32_t rb = pci_read32(cfg, bdf, PCI_PRIMARY_BUS);
	if ((rb & 0xffffff) != (want & 0xffffff)) {
		unsigned rsec = (rb >> 8) & 0xff;
		log_err(BDF_FMT ": bridge bus numbers read back %u/%u/%u after writing %u/%u/255%s; "
			"not scanned", BDF_ARG(bdf), rb & 0xff, rsec, (rb >> 16) & 0xff, bus, sec,
			rsec <= bus ? " (secondary points back up)" : "");
		pci_write32(cfg, bdf, PCI_PRIMARY_BUS, old & 0xff000000u);	/* forward nothing */
		rb = pci_read32(cfg, bdf, PCI_PRIMARY_BUS);
		unsigned hsec = (rb >> 8) & 0xff, hsub = (rb >> 16) & 0xff;
		if (hsec > bus && hsub >= hsec && hsub > last_bus) {
			/* Hardwired and still forwarding: hand none of its buses to anyone else. */
			log_err(BDF_FMT ": bridge keeps forwarding buses %u-%u; they are skipped",
				BDF_ARG(bdf), hsec, hsub);
			last_bus = hsub;
		}
		d->broken = true;
		pci_probe_problems++;
		return;
	}
	last_bus = sec;
	nbuses++;
	d->primary = (uint8_t)bus;
	d->secondary = (uint8_t)sec;
	scan_bus(sec, idx, depth + 1);
	d = &pci_tab[idx];
	unsigned sub = MAX(last_bus, MIN(sec + d->res.bus, 255u));
	last_bus = sub;
	d->subordinate = (uint8_t)sub;
	pci_write8(cfg, bdf, PCI_SUBORDINATE_BUS, (uint8_t)sub);
	log_debug(BDF_FMT ": buses %u/%u/%u", BDF_ARG(bdf), bus, sec, sub);
}

/*
 * The functions present on one bus, in device/function order: function 0 absent means no
 * device; functions 1-7 are looked at only when function 0 has the multifunction bit.
 */
struct fn_iter {
	unsigned bus, dev, fn;
	bool mf;
};

static bool fn_next(struct fn_iter *it, uint16_t *bdf, uint32_t *id, uint8_t *hdr)
{
	for (; it->dev < 32; it->dev++, it->fn = 0) {
		for (; it->fn < 8; it->fn++) {
			if (it->fn && !it->mf)
				break;
			uint16_t b = PCI_BDF(it->bus, it->dev, it->fn);
			uint32_t v = pci_read32(cfg, b, PCI_VENDOR_ID);
			if ((uint16_t)v == 0xffff || (uint16_t)v == 0) {
				if (it->fn == 0)
					break;
				continue;
			}
			uint8_t h = pci_read8(cfg, b, PCI_HEADER_TYPE);
			if (it->fn == 0)
				it->mf = (h & PCI_HEADER_TYPE_MFD) != 0;
			it->fn++;
			*bdf = b;
			*id = v;
			*hdr = h;
			return true;
		}
	}
	return false;
}

/*
 * Bus numbers left in bridges by someone else (a previous boot, a hostile device) route
 * config cycles for buses we are about to hand out to the wrong bridge, so a bridge later on
 * this bus could capture the bus given to an earlier one. Close every bridge on the bus
 * (primary/secondary/subordinate 0: forward nothing) before numbering any of them.
 */
static void close_bridges(unsigned bus)
{
	struct fn_iter it = { .bus = bus };
	uint16_t bdf;
	uint32_t id;
	uint8_t hdr;

	while (fn_next(&it, &bdf, &id, &hdr)) {
		if ((hdr & 0x7f) != PCI_HEADER_TYPE_BRIDGE)
			continue;
		uint32_t old = pci_read32(cfg, bdf, PCI_PRIMARY_BUS);
		if (old & 0xffff00u)
			pci_write32(cfg, bdf, PCI_PRIMARY_BUS, old & 0xff000000u);
	}
}

static void scan_bus(unsigned bus, int parent, unsigned depth)
{
	struct fn_iter it = { .bus = bus };
	uint16_t bdf;
	uint32_t id;
	uint8_t hdr;

	close_bridges(bus);
	while (fn_next(&it, &bdf, &id, &hdr)) {
		int idx = add_function(bdf, id, hdr, parent, depth);
		if (idx >= 0 && pci_tab[idx].is_bridge && !pci_tab[idx].broken)
			scan_bridge(idx, bus, depth);
	}
}

int pci_probe(const struct pci_cfg_ops *ops, bool hotplug_defaults)
{
	cfg = ops;
	hp_defaults = hotplug_defaults;
	pci_ntab = 0;
	pci_probe_problems = 0;
	last_bus = 0;
	nbuses = 1;
	table_full = false;
	scan_bus(0, -1, 0);
	unsigned bridges = 0;
	for (unsigned i = 0; i < pci_ntab; i++)
		bridges += pci_tab[i].is_bridge;
	log_info("pci: probe: %u functions, %u bridges, buses 0-%u", pci_ntab, bridges, last_bus);
	return (int)pci_probe_problems;
}

const struct pci_dev *pci_devices(unsigned *count)
{
	if (count)
		*count = pci_ntab;
	return pci_tab;
}

int pci_find(uint16_t bdf)
{
	for (unsigned i = 0; i < pci_ntab; i++)
		if (pci_tab[i].bdf == bdf)
			return (int)i;
	return -1;
}
