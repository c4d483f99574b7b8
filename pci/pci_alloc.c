/*
 * PCI resource planning (pass 1, pure data) and programming (pass 2).
 *
 * Rules:
 * - Every bus is packed the same way: its items (BARs of its functions and the windows of
 *   its child bridges) sorted by alignment, then size (both descending), then function
 *   index and BAR index; each item at the next offset aligned to its own alignment. A
 *   bridge window is that packing rounded up to 4 KiB (I/O) or 1 MiB (memory), at least
 *   its reservation, aligned to max(granularity, largest child alignment), so the same
 *   offsets hold wherever the window lands. Packing cannot overlap by construction.
 * - Classes on a bus: I/O, non-prefetchable memory, prefetchable. On the root bus the
 *   last means "above 4 GiB"; low prefetchable items share the 32-bit hole with memory.
 * - Above 4 GiB (only when the platform has a 64-bit window): level 0 sends 64-bit
 *   prefetchable BARs of PCI_HIGH_BAR_MIN (256 MiB) or more and 64-bit prefetchable
 *   capability reservations; level 1 (entered when the 32-bit hole is short) sends every
 *   64-bit prefetchable BAR and every prefetchable reservation of a 64-bit bridge. A bridge
 *   window goes high only if the bridge and all bridges above it decode 64-bit
 *   prefetchable; it then takes all 64-bit prefetchable BARs below it along, while its
 *   32-bit prefetchable BARs move to the non-prefetchable window.
 * - When a space does not fit, one thing is shed per round, in this order:
 *   I/O:   I/O reservations of bridges (last bridge first), then the I/O of functions that
 *          also have a memory BAR (highest bdf first), then the largest I/O BAR.
 *   32-bit: go to level 1, then expansion ROMs (largest first), then memory/prefetchable
 *          reservations of bridges, then the largest BAR below 4 GiB.
 *   64-bit: prefetchable reservations of high bridges, then the largest BAR above 4 GiB.
 *   Shedding a BAR turns off that whole space (I/O or memory) of its function: the
 *   function is reported and its decoding stays disabled; nothing ever overlaps.
 */
#include "pci_internal.h"	/* pci_tab, BDF_FMT, PCI_W_* */
#include "pci_regs.h"		/* PCI_* register names */
#include "log.h"		/* log_* */
#include "util.h"		/* MIN, MAX, ALIGN_UP */

#define IOAPIC_BASE	0xfec00000ull
#define FOUR_GIB	0x100000000ull

struct pci_windows pci_root_win;

enum { C_IO = 0, C_MEM = 1, C_PREF = 2, C_NONE = 3 };
#define SLOT_WIN	8	/* item slot SLOT_WIN + w = bridge window w */

struct item {
	uint64_t size, align;
	int16_t dev;
	uint8_t slot;
};

static struct item items[PCI_MAX_DEVS * 4];
static unsigned nitems;
static unsigned level;
static bool have_high;
static uint64_t io_lo, io_hi, mem_lo, mem_hi, hi_lo, hi_hi;	/* [lo, hi) */
static unsigned plan_problems;

const struct pci_windows *pci_root_windows(void)
{
	return &pci_root_win;
}

static bool bar_live(const struct pci_bar *b)
{
	return b->kind != PCI_BAR_NONE && b->size && b->why == PCI_WHY_NONE;
}

static bool want_high(const struct pci_bar *b)
{
	return have_high && b->kind == PCI_BAR_MEM64 && b->pref &&
	       (level >= 1 || b->size >= PCI_HIGH_BAR_MIN);
}

/* Class of BAR i of function d on the bus owned by bridge `owner` (-1: root bus). */
static int bar_class(int owner, const struct pci_dev *d, int i)
{
	const struct pci_bar *b = &d->bar[i];

	if (!bar_live(b))
		return C_NONE;
	if (b->kind == PCI_BAR_IO)
		return C_IO;
	if (b->kind == PCI_BAR_ROM || !b->pref)
		return C_MEM;
	bool is64 = b->kind == PCI_BAR_MEM64;
	if (owner < 0)
		return is64 && want_high(b) ? C_PREF : C_MEM;
	const struct pci_dev *o = &pci_tab[owner];
	if (!o->has_pref_win)
		return C_MEM;
	if (o->high)
		return is64 ? C_PREF : C_MEM;
	return C_PREF;
}

/* Class of window w of child bridge c on the bus owned by `owner`. */
static int win_class(int owner, const struct pci_dev *c, int w)
{
	if (w != PCI_W_PREF)
		return w;
	if (owner < 0)
		return c->high ? C_PREF : C_MEM;
	const struct pci_dev *o = &pci_tab[owner];
	if (!o->has_pref_win)
		return C_MEM;
	if (o->high)
		return c->high ? C_PREF : C_MEM;
	return C_PREF;
}

static bool item_before(const struct item *a, const struct item *b)
{
	if (a->align != b->align)
		return a->align > b->align;
	if (a->size != b->size)
		return a->size > b->size;
	if (a->dev != b->dev)
		return a->dev < b->dev;
	return a->slot < b->slot;
}

/* Items of class c on the bus owned by `owner`, sorted. */
static void collect(int owner, int c)
{
	nitems = 0;
	for (unsigned i = 0; i < pci_ntab; i++) {
		const struct pci_dev *d = &pci_tab[i];
		if (d->parent != owner || d->broken)
			continue;
		for (int b = 0; b < PCI_NUM_BARS; b++) {
			if (bar_class(owner, d, b) != c)
				continue;
			items[nitems++] = (struct item){ d->bar[b].size, d->bar[b].size, (int16_t)i, (uint8_t)b };
		}
		if (!d->is_bridge)
			continue;
		for (int w = 0; w < 3; w++) {
			if (d->wsize[w] && win_class(owner, d, w) == c)
				items[nitems++] = (struct item){ d->wsize[w], d->walign[w], (int16_t)i,
								 (uint8_t)(SLOT_WIN + w) };
		}
	}
	/* Insertion sort: stable, no recursion, n is small. */
	for (unsigned i = 1; i < nitems; i++) {
		struct item t = items[i];
		unsigned j = i;
		while (j && item_before(&t, &items[j - 1])) {
			items[j] = items[j - 1];
			j--;
		}
		items[j] = t;
	}
}

static uint8_t placed[PCI_MAX_DEVS];	/* commit: bit b set once BAR b got its address */

/* Packs the collected items from base; false if they would pass limit. *end: first free byte. */
static bool pack(uint64_t base, uint64_t limit, bool commit, uint64_t *end)
{
	uint64_t cur = base;
	for (unsigned k = 0; k < nitems; k++) {
		const struct item *it = &items[k];
		uint64_t at = ALIGN_UP(cur, it->align);
		if (at < cur || at + it->size < at || at + it->size > limit)
			return false;
		cur = at + it->size;
		if (!commit)
			continue;
		struct pci_dev *d = &pci_tab[it->dev];
		if (it->slot < SLOT_WIN) {
			d->bar[it->slot].addr = at;
			placed[it->dev] |= (uint8_t)(1u << it->slot);
		} else {
			struct pci_range *r = it->slot == SLOT_WIN + PCI_W_IO ? &d->win.io :
					      it->slot == SLOT_WIN + PCI_W_MEM ? &d->win.mem : &d->win.pref;
			r->base = at;
			r->size = it->size;
		}
	}
	if (end)
		*end = cur;
	return true;
}

static uint64_t reserve_of(const struct pci_dev *d, int w)
{
	if (w == PCI_W_IO)
		return d->drop_res_io ? 0 : d->res.io;
	if (w == PCI_W_MEM)
		return d->drop_res_mem ? 0 : d->res.mem;
	return d->drop_res_pref || !d->has_pref_win ? 0 : d->res.pref;
}

/* Bottom-up: which bridges put their prefetchable window above 4 GiB. */
static void compute_high(void)
{
	static bool wants[PCI_MAX_DEVS];

	for (unsigned i = 0; i < pci_ntab; i++)
		wants[i] = false;
	for (unsigned n = pci_ntab; n-- > 0;) {
		struct pci_dev *d = &pci_tab[n];
		if (d->is_bridge) {
			bool cap = have_high && d->pref64 && d->has_pref_win && !d->broken;
			bool own = reserve_of(d, PCI_W_PREF) && (d->res.pref64 || level >= 1);
			wants[n] = cap && (wants[n] || own);
		}
		if (d->parent < 0 || d->broken)
			continue;
		bool up = d->is_bridge && wants[n];
		for (int b = 0; b < PCI_ROM_SLOT && !up; b++)
			up = bar_live(&d->bar[b]) && want_high(&d->bar[b]);
		if (up)
			wants[d->parent] = true;
	}
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		d->high = d->is_bridge && wants[i] && (d->parent < 0 || pci_tab[d->parent].high);
	}
}

/* Bottom-up window sizes of every bridge. */
static void compute_sizes(void)
{
	for (unsigned n = pci_ntab; n-- > 0;) {
		struct pci_dev *d = &pci_tab[n];
		if (!d->is_bridge)
			continue;
		for (int w = 0; w < 3; w++) {
			d->wsize[w] = d->walign[w] = 0;
			bool has = w == PCI_W_IO ? d->has_io_win : w == PCI_W_PREF ? d->has_pref_win : true;
			if (d->broken || !has)
				continue;
			uint64_t gran = w == PCI_W_IO ? PCI_IO_WIN_GRAN : PCI_MEM_WIN_GRAN;
			collect((int)n, w);
			uint64_t end = 0, align = gran;
			/* Cannot fit anywhere (or rounding to the granule would wrap): the largest
			 * size, so the parent cannot fit it either and something is shed. */
			if (!pack(0, ~0ull, false, &end) || ALIGN_UP(end, gran) < end)
				end = ~0ull & ~(gran - 1);
			for (unsigned k = 0; k < nitems; k++)
				align = MAX(align, items[k].align);
			uint64_t size = MAX(ALIGN_UP(end, gran), ALIGN_UP(reserve_of(d, w), gran));
			d->wsize[w] = size;
			d->walign[w] = size ? align : 0;
		}
	}
}

/* Space (0 io, 1 below 4 GiB, 2 above) of every live BAR under the current plan. */
static void compute_spaces(void)
{
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		for (int b = 0; b < PCI_NUM_BARS; b++) {
			int c = bar_class(d->parent, d, b);
			bool hi = c == C_PREF && (d->parent < 0 || pci_tab[d->parent].high);
			d->bar[b].space = (uint8_t)(c == C_IO ? 0 : hi ? 2 : 1);
		}
	}
}

static bool fits(int c, uint64_t lo, uint64_t hi)
{
	collect(-1, c);
	if (!nitems)
		return true;
	return lo < hi && pack(lo, hi, false, NULL);
}

static void drop_space(struct pci_dev *d, bool io, uint8_t why)
{
	for (int b = 0; b < PCI_NUM_BARS; b++) {
		struct pci_bar *bar = &d->bar[b];
		if (!bar_live(bar) || (bar->kind == PCI_BAR_IO) != io)
			continue;
		bar->why = why;
	}
	if (io)
		d->io_off = true;
	else
		d->mem_off = true;
}

static bool has_mem_bar(const struct pci_dev *d)
{
	for (int b = 0; b < PCI_ROM_SLOT; b++)
		if (bar_live(&d->bar[b]) && d->bar[b].kind != PCI_BAR_IO)
			return true;
	return false;
}

/* Largest live BAR in `space` (ties: highest index); roms: only ROMs, else no ROMs. */
static bool pick_largest(unsigned space, bool roms, int *dev, int *bar)
{
	uint64_t best = 0;
	*dev = -1;
	for (unsigned i = 0; i < pci_ntab; i++) {
		const struct pci_dev *d = &pci_tab[i];
		if (d->broken)
			continue;
		for (int b = 0; b < PCI_NUM_BARS; b++) {
			const struct pci_bar *x = &d->bar[b];
			if (!bar_live(x) || x->space != space || (x->kind == PCI_BAR_ROM) != roms)
				continue;
			if (x->size >= best) {
				best = x->size;
				*dev = (int)i;
				*bar = b;
			}
		}
	}
	return *dev >= 0;
}

static void shed_log(const struct pci_dev *d, int bar, const char *what)
{
	log_warn(BDF_FMT " %s%d: %s", BDF_ARG(d->bdf), bar == PCI_ROM_SLOT ? "ROM" : "BAR",
		 bar == PCI_ROM_SLOT ? 0 : bar, what);
}

static bool shed_io(void)
{
	for (unsigned n = pci_ntab; n-- > 0;) {
		struct pci_dev *d = &pci_tab[n];
		if (d->is_bridge && reserve_of(d, PCI_W_IO)) {
			log_warn(BDF_FMT ": I/O space short: dropping the I/O reservation", BDF_ARG(d->bdf));
			d->drop_res_io = true;
			return true;
		}
	}
	for (unsigned n = pci_ntab; n-- > 0;) {
		struct pci_dev *d = &pci_tab[n];
		if (d->io_off || !has_mem_bar(d) || d->mem_off)
			continue;
		for (int b = 0; b < PCI_ROM_SLOT; b++) {
			if (bar_live(&d->bar[b]) && d->bar[b].kind == PCI_BAR_IO) {
				shed_log(d, b, "I/O space short: I/O left off (device has memory BARs)");
				drop_space(d, true, PCI_WHY_IO_SHED);
				return true;
			}
		}
	}
	int dev, bar;
	if (!pick_largest(0, false, &dev, &bar))
		return false;
	shed_log(&pci_tab[dev], bar, "I/O space exhausted: function's I/O disabled");
	drop_space(&pci_tab[dev], true, PCI_WHY_NO_IO);
	plan_problems++;
	return true;
}

static bool shed_mem(void)
{
	int dev, bar;

	if (have_high && level == 0) {
		for (unsigned i = 0; i < pci_ntab; i++)
			for (int b = 0; b < PCI_ROM_SLOT; b++)
				if (bar_live(&pci_tab[i].bar[b]) && pci_tab[i].bar[b].kind == PCI_BAR_MEM64 &&
				    pci_tab[i].bar[b].pref && pci_tab[i].bar[b].space == 1)
					goto raise;
		for (unsigned i = 0; i < pci_ntab; i++)
			if (pci_tab[i].is_bridge && pci_tab[i].pref64 && reserve_of(&pci_tab[i], PCI_W_PREF))
				goto raise;
	}
	if (pick_largest(1, true, &dev, &bar)) {
		shed_log(&pci_tab[dev], bar, "32-bit memory short: expansion ROM left unassigned");
		pci_tab[dev].bar[bar].why = PCI_WHY_NO_MEM;
		return true;
	}
	for (unsigned n = pci_ntab; n-- > 0;) {
		struct pci_dev *d = &pci_tab[n];
		if (!d->is_bridge || d->broken)
			continue;
		if (reserve_of(d, PCI_W_MEM)) {
			log_warn(BDF_FMT ": 32-bit memory short: dropping the memory reservation", BDF_ARG(d->bdf));
			d->drop_res_mem = true;
			return true;
		}
		if (reserve_of(d, PCI_W_PREF) && !d->high) {
			log_warn(BDF_FMT ": 32-bit memory short: dropping the prefetchable reservation",
				 BDF_ARG(d->bdf));
			d->drop_res_pref = true;
			return true;
		}
	}
	if (!pick_largest(1, false, &dev, &bar))
		return false;
	shed_log(&pci_tab[dev], bar, "32-bit memory exhausted: function's memory disabled");
	drop_space(&pci_tab[dev], false, PCI_WHY_NO_MEM);
	plan_problems++;
	return true;
raise:
	log_info("pci: 32-bit hole short: moving 64-bit prefetchable BARs above 4 GiB");
	level = 1;
	return true;
}

static bool shed_high(void)
{
	int dev, bar;

	for (unsigned n = pci_ntab; n-- > 0;) {
		struct pci_dev *d = &pci_tab[n];
		if (d->is_bridge && d->high && reserve_of(d, PCI_W_PREF)) {
			log_warn(BDF_FMT ": 64-bit window short: dropping the prefetchable reservation",
				 BDF_ARG(d->bdf));
			d->drop_res_pref = true;
			return true;
		}
	}
	if (!pick_largest(2, false, &dev, &bar))
		return false;
	shed_log(&pci_tab[dev], bar, "64-bit window exhausted: function's memory disabled");
	drop_space(&pci_tab[dev], false, PCI_WHY_NO_MEM64);
	plan_problems++;
	return true;
}

/* BARs that cannot be decoded because an upstream bridge lacks that window type. */
static void drop_windowless(void)
{
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		bool io_ok = true;
		for (int p = d->parent; p >= 0; p = pci_tab[p].parent)
			io_ok = io_ok && pci_tab[p].has_io_win;
		if (!io_ok && !d->io_off) {
			for (int b = 0; b < PCI_ROM_SLOT; b++) {
				if (bar_live(&d->bar[b]) && d->bar[b].kind == PCI_BAR_IO) {
					log_warn(BDF_FMT " BAR%d: an upstream bridge has no I/O window; I/O left off",
						 BDF_ARG(d->bdf), b);
					drop_space(d, true, PCI_WHY_NO_WINDOW);
					plan_problems++;
					break;
				}
			}
		}
		/* A space switched off at probe (sizing nonsense): its other BARs are useless. */
		if (d->io_off)
			drop_space(d, true, PCI_WHY_SPACE_OFF);
		if (d->mem_off)
			drop_space(d, false, PCI_WHY_SPACE_OFF);
	}
}

static void clip_platform(const struct pci_platform *plat)
{
	io_lo = plat->io_start;
	io_hi = MIN((uint64_t)plat->io_end, 0x10000ull);
	mem_lo = plat->mem32_start;
	mem_hi = MIN(plat->mem32_end, IOAPIC_BASE);
	if (plat->ecam_size && plat->ecam_base < mem_hi && plat->ecam_base + plat->ecam_size > mem_lo) {
		uint64_t below = plat->ecam_base > mem_lo ? plat->ecam_base - mem_lo : 0;
		uint64_t e = plat->ecam_base + plat->ecam_size;
		uint64_t above = e < mem_hi ? mem_hi - e : 0;
		log_warn("pci: 32-bit hole 0x%llx-0x%llx overlaps ECAM at 0x%llx; using the larger side",
			 (unsigned long long)mem_lo, (unsigned long long)mem_hi,
			 (unsigned long long)plat->ecam_base);
		if (below >= above)
			mem_hi = plat->ecam_base;
		else
			mem_lo = e;
	}
	hi_lo = MAX(plat->mem64_start, FOUR_GIB);
	hi_hi = plat->mem64_end;
	have_high = hi_hi > hi_lo;
}

/* The span of root-bus items of class c once placed. */
static void root_span(int c, struct pci_range *r)
{
	collect(-1, c);
	r->base = r->size = 0;
	uint64_t lo = ~0ull, hi = 0;
	for (unsigned k = 0; k < nitems; k++) {
		const struct item *it = &items[k];
		const struct pci_dev *d = &pci_tab[it->dev];
		uint64_t base = it->slot < SLOT_WIN ? d->bar[it->slot].addr :
				it->slot == SLOT_WIN + PCI_W_IO ? d->win.io.base :
				it->slot == SLOT_WIN + PCI_W_MEM ? d->win.mem.base : d->win.pref.base;
		lo = MIN(lo, base);
		hi = MAX(hi, base + it->size);
	}
	if (hi > lo) {
		r->base = lo;
		r->size = hi - lo;
	}
}

int pci_plan(const struct pci_platform *plat)
{
	plan_problems = 0;
	level = 0;
	clip_platform(plat);
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		d->drop_res_io = d->drop_res_mem = d->drop_res_pref = false;
		d->io_off = d->mem_off = false;
		memset(&d->win, 0, sizeof(d->win));
		for (int b = 0; b < PCI_NUM_BARS; b++) {
			d->bar[b].assigned = false;
			if (d->bar[b].why != PCI_WHY_SIZING && d->bar[b].why != PCI_WHY_READONLY)
				d->bar[b].why = PCI_WHY_NONE;
			if (d->bar[b].why == PCI_WHY_NONE)
				d->bar[b].addr = 0;
			else if (d->bar[b].kind == PCI_BAR_IO)
				d->io_off = true;	/* probe found this space unusable */
			else if (d->bar[b].kind != PCI_BAR_ROM)
				d->mem_off = true;
		}
	}
	drop_windowless();

	bool ok = false;
	for (unsigned round = 0; round < 4 * PCI_MAX_DEVS * PCI_NUM_BARS; round++) {
		compute_high();
		compute_sizes();
		compute_spaces();
		bool fio = !fits(C_IO, io_lo, io_hi);
		bool fmem = !fits(C_MEM, mem_lo, mem_hi);
		bool fhi = !fits(C_PREF, hi_lo, hi_hi);
		if (!fio && !fmem && !fhi) {
			ok = true;
			break;
		}
		bool progress = false;
		if (fio)
			progress |= shed_io();
		if (fmem)
			progress |= shed_mem();
		if (fhi)
			progress |= shed_high();
		if (!progress)
			break;
	}
	if (!ok) {
		log_err("pci: plan did not converge; leaving every function's decoding off");
		for (unsigned i = 0; i < pci_ntab; i++) {
			drop_space(&pci_tab[i], true, PCI_WHY_NO_IO);
			drop_space(&pci_tab[i], false, PCI_WHY_NO_MEM);
			pci_tab[i].bar[PCI_ROM_SLOT].why = pci_tab[i].bar[PCI_ROM_SLOT].kind ? PCI_WHY_NO_MEM : 0;
		}
		compute_high();
		compute_sizes();
		compute_spaces();
		plan_problems++;
	}

	/* Commit: the root bus into the platform windows, then each bridge into its windows. */
	memset(placed, 0, sizeof(placed));
	collect(-1, C_IO);
	pack(io_lo, io_hi, true, NULL);
	collect(-1, C_MEM);
	pack(mem_lo, mem_hi, true, NULL);
	collect(-1, C_PREF);
	pack(hi_lo, hi_hi, true, NULL);
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		if (!d->is_bridge || d->broken)
			continue;
		struct pci_range *wr[3] = { &d->win.io, &d->win.mem, &d->win.pref };
		for (int w = 0; w < 3; w++) {
			if (!wr[w]->size)
				continue;
			collect((int)i, w);
			if (!pack(wr[w]->base, wr[w]->base + wr[w]->size, true, NULL))
				log_err(BDF_FMT ": window %d does not hold its children (bug)", BDF_ARG(d->bdf), w);
		}
		d->win.pref_high = d->high;
	}
	/* Safety net: a live BAR the commit did not place must not decode at a stale address (a
	 * bridge enables memory decoding for its windows). Done before the assigned flags, as
	 * dropping a space also takes the function's other BARs of that space. */
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		for (int b = 0; b < PCI_NUM_BARS; b++) {
			struct pci_bar *x = &d->bar[b];
			if (d->broken || !bar_live(x) || (placed[i] >> b & 1))
				continue;
			log_err(BDF_FMT " BAR%d: not placed by the plan (bug); its space is left off",
				BDF_ARG(d->bdf), b);
			plan_problems++;
			if (x->kind == PCI_BAR_ROM)
				x->why = PCI_WHY_NO_MEM;
			else
				drop_space(d, x->kind == PCI_BAR_IO, x->kind == PCI_BAR_IO ? PCI_WHY_NO_IO : PCI_WHY_NO_MEM);
		}
	}
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		for (int b = 0; b < PCI_NUM_BARS; b++)
			d->bar[b].assigned = !d->broken && bar_live(&d->bar[b]) && (placed[i] >> b & 1);
	}
	root_span(C_IO, &pci_root_win.io);
	root_span(C_MEM, &pci_root_win.mem);
	root_span(C_PREF, &pci_root_win.pref);
	pci_root_win.pref_high = true;
	log_info("pci: plan: io 0x%llx+0x%llx, mem 0x%llx+0x%llx, high 0x%llx+0x%llx (level %u)",
		 (unsigned long long)pci_root_win.io.base, (unsigned long long)pci_root_win.io.size,
		 (unsigned long long)pci_root_win.mem.base, (unsigned long long)pci_root_win.mem.size,
		 (unsigned long long)pci_root_win.pref.base, (unsigned long long)pci_root_win.pref.size, level);
	return (int)plan_problems;
}

/* ---- pass 2: program what the plan decided ---- */

static void write_windows(const struct pci_cfg_ops *cfg, const struct pci_dev *d)
{
	uint16_t bdf = d->bdf;
	const struct pci_range *io = &d->win.io, *mem = &d->win.mem, *pf = &d->win.pref;

	if (d->has_io_win) {
		if (io->size) {
			uint64_t lim = io->base + io->size - 1;
			pci_write16(cfg, bdf, PCI_IO_BASE, (uint16_t)(((io->base >> 8) & 0xf0) | ((lim & 0xf000))));
			if (d->io32)
				pci_write32(cfg, bdf, PCI_IO_BASE_UPPER16,
					    (uint32_t)((io->base >> 16) & 0xffff) | (uint32_t)(lim >> 16) << 16);
		} else {
			pci_write16(cfg, bdf, PCI_IO_BASE, 0x00f0);	/* base > limit: closed */
			if (d->io32)
				pci_write32(cfg, bdf, PCI_IO_BASE_UPPER16, 0);
		}
	}
	if (mem->size) {
		uint64_t lim = mem->base + mem->size - 1;
		pci_write32(cfg, bdf, PCI_MEMORY_BASE,
			    (uint32_t)((mem->base >> 16) & 0xfff0) | (uint32_t)((lim >> 16) & 0xfff0) << 16);
	} else {
		pci_write32(cfg, bdf, PCI_MEMORY_BASE, 0x0000fff0u);
	}
	if (d->has_pref_win) {
		if (pf->size) {
			uint64_t lim = pf->base + pf->size - 1;
			pci_write32(cfg, bdf, PCI_PREF_MEMORY_BASE,
				    (uint32_t)((pf->base >> 16) & 0xfff0) | (uint32_t)((lim >> 16) & 0xfff0) << 16);
			if (d->pref64) {
				pci_write32(cfg, bdf, PCI_PREF_BASE_UPPER32, (uint32_t)(pf->base >> 32));
				pci_write32(cfg, bdf, PCI_PREF_LIMIT_UPPER32, (uint32_t)(lim >> 32));
			}
		} else {
			pci_write32(cfg, bdf, PCI_PREF_MEMORY_BASE, 0x0000fff0u);
			if (d->pref64) {
				pci_write32(cfg, bdf, PCI_PREF_BASE_UPPER32, 0);
				pci_write32(cfg, bdf, PCI_PREF_LIMIT_UPPER32, 0);
			}
		}
	}
	log_debug(BDF_FMT ": windows io 0x%llx+0x%llx mem 0x%llx+0x%llx pref 0x%llx+0x%llx",
		  BDF_ARG(bdf), (unsigned long long)io->base, (unsigned long long)io->size,
		  (unsigned long long)mem->base, (unsigned long long)mem->size,
		  (unsigned long long)pf->base, (unsigned long long)pf->size);
}

void pci_apply(const struct pci_cfg_ops *cfg)
{
	for (unsigned i = 0; i < pci_ntab; i++) {
		struct pci_dev *d = &pci_tab[i];
		uint16_t bdf = d->bdf;
		bool any_bar = false, io = false, mem = false;

		for (int b = 0; b < PCI_NUM_BARS; b++)
			any_bar |= d->bar[b].kind != PCI_BAR_NONE;
		if (d->broken) {
			if (d->is_bridge)
				pci_update16(cfg, bdf, PCI_COMMAND, (uint16_t)~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
								     PCI_COMMAND_MASTER), 0);
			d->command = pci_read16(cfg, bdf, PCI_COMMAND);
			continue;
		}
		if (!any_bar && !d->is_bridge)
			continue;	/* nothing to decode: leave the command register alone */
		uint16_t cmd = pci_read16(cfg, bdf, PCI_COMMAND);
		uint16_t quiet = cmd & (uint16_t)~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
		if (quiet != cmd)
			pci_write16(cfg, bdf, PCI_COMMAND, quiet);
		uint16_t rom_off = d->is_bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
		for (int b = 0; b < PCI_NUM_BARS; b++) {
			struct pci_bar *x = &d->bar[b];
			if (!x->assigned)
				continue;
			if (b == PCI_ROM_SLOT) {
				pci_write32(cfg, bdf, rom_off, (uint32_t)x->addr);	/* enable bit left clear */
				log_debug(BDF_FMT " ROM <- 0x%llx", BDF_ARG(bdf), (unsigned long long)x->addr);
				continue;
			}
			uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b);
			pci_write32(cfg, bdf, off, (uint32_t)x->addr | x->flags);
			if (x->kind == PCI_BAR_MEM64)
				pci_write32(cfg, bdf, (uint16_t)(off + 4), (uint32_t)(x->addr >> 32));
			log_debug(BDF_FMT " BAR%d <- 0x%llx", BDF_ARG(bdf), b, (unsigned long long)x->addr);
			if (x->kind == PCI_BAR_IO)
				io = true;
			else
				mem = true;
		}
		if (d->is_bridge) {
			write_windows(cfg, d);
			io |= d->win.io.size != 0;
			mem |= d->win.mem.size != 0 || d->win.pref.size != 0;
		}
		io = io && !d->io_off;
		mem = mem && !d->mem_off;
		uint16_t ncmd = quiet | (io ? PCI_COMMAND_IO : 0) | (mem ? PCI_COMMAND_MEMORY : 0) |
				(d->is_bridge ? PCI_COMMAND_MASTER : 0);
		pci_write16(cfg, bdf, PCI_COMMAND, ncmd);
		d->command = ncmd;
		log_debug(BDF_FMT " COMMAND <- 0x%04x", BDF_ARG(bdf), ncmd);
	}
	log_info("pci: apply: %u functions programmed", pci_ntab);
}
