/* Invariant checker for a configured simulated PCI bus (see pci-check.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pci-check.h"
#include "pci_regs.h"	/* PCI_* offsets and bits */

struct span {
	uint64_t lo, hi;	/* [lo, hi) */
	int fn;			/* simulated function index */
	bool io;
	const char *what;	/* "BAR", "ROM", "window" */
};

static char msg[512];

static const char *bad(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return msg;
}

static uint64_t wmask(const struct simbus *s, int i, uint16_t off, unsigned bytes)
{
	uint64_t m = 0;
	for (unsigned k = 0; k < bytes; k++)
		m |= (uint64_t)s->fn[i].wmask[off + k] << (8 * k);
	return m;
}

static uint64_t val(const struct simbus *s, int i, uint16_t off, unsigned bytes)
{
	uint64_t v = 0;
	for (unsigned k = 0; k < bytes; k++)
		v |= (uint64_t)s->fn[i].cfg[off + k] << (8 * k);
	return v;
}

/*
 * What BAR b of function i decodes, from its write mask: 1 = a sane range in *r, 0 = nothing
 * implemented, -1 = something that cannot be sized or moved (its space must stay off).
 * *slots gets the BAR slots it takes.
 */
static int decode_bar(const struct simbus *s, int i, int b, int nbars, struct span *r, int *slots)
{
	uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b);
	uint64_t v = val(s, i, off, 4);
	bool io = v & PCI_BASE_ADDRESS_SPACE_IO;
	uint32_t type = (uint32_t)v & PCI_BASE_ADDRESS_MEM_TYPE_MASK;
	bool is64 = !io && type == PCI_BASE_ADDRESS_MEM_TYPE_64;
	uint64_t m, field;

	*slots = 1;
	if (io) {
		m = wmask(s, i, off, 4) & 0xfffffffcull;
		field = (m & 0xffff0000ull) ? 0xfffffffcull : 0xfffcull;
		v &= ~3ull;
	} else if (is64) {
		if (b + 1 >= nbars)	/* the upper half would be outside the BAR block */
			return (v || wmask(s, i, off, 4)) ? -1 : 0;
		*slots = 2;
		m = wmask(s, i, off, 8) & ~0xfull;
		field = ~0xfull;
		v = val(s, i, off, 8) & ~0xfull;
	} else {
		m = wmask(s, i, off, 4) & 0xfffffff0ull;
		field = 0xfffffff0ull;
		v &= ~0xfull;
		if (type == 0x6)
			return (v || m) ? -1 : 0;
	}
	if (!m)
		return v ? -1 : 0;	/* read-only address: fixed decode */
	if (v & field & ~m)
		return -1;	/* address bits stuck at one: decodes off any aligned base */
	uint64_t size = m & (~m + 1);
	if (m != (field & ~(size - 1)))
		return -1;	/* not a power-of-two field */
	*r = (struct span){ v, v + size, i, io, "BAR" };
	return 1;
}

/* Config cycles reach function i: its bus is routed and no earlier function takes its slot. */
static bool reachable(const struct simbus *s, int i)
{
	for (int j = 0; j < i; j++)
		if (s->fn[j].parent == s->fn[i].parent && s->fn[j].dev == s->fn[i].dev &&
		    s->fn[j].fn == s->fn[i].fn)
			return false;
	return sim_bus_of(s, i) >= 0;
}

/* Bridge b's windows: [0] I/O, [1] memory, [2] prefetchable; hi == lo when closed. */
static void windows(const struct simbus *s, int b, struct span w[3])
{
	uint64_t base = (val(s, b, PCI_IO_BASE, 1) & 0xf0) << 8;
	uint64_t lim = ((val(s, b, PCI_IO_LIMIT, 1) & 0xf0) << 8) | 0xfff;
	if ((val(s, b, PCI_IO_BASE, 1) & 0xf) == PCI_IO_RANGE_TYPE_32) {
		base |= val(s, b, PCI_IO_BASE_UPPER16, 2) << 16;
		lim |= val(s, b, PCI_IO_LIMIT_UPPER16, 2) << 16;
	}
	bool has = wmask(s, b, PCI_IO_BASE, 1) != 0;
	w[0] = (struct span){ base, has && lim >= base ? lim + 1 : base, b, true, "I/O window" };
	base = (val(s, b, PCI_MEMORY_BASE, 2) & 0xfff0) << 16;
	lim = ((val(s, b, PCI_MEMORY_LIMIT, 2) & 0xfff0) << 16) | 0xfffff;
	w[1] = (struct span){ base, lim >= base ? lim + 1 : base, b, false, "memory window" };
	base = (val(s, b, PCI_PREF_MEMORY_BASE, 2) & 0xfff0) << 16;
	lim = ((val(s, b, PCI_PREF_MEMORY_LIMIT, 2) & 0xfff0) << 16) | 0xfffff;
	if ((val(s, b, PCI_PREF_MEMORY_BASE, 2) & 0xf) == PCI_PREF_RANGE_TYPE_64) {
		base |= val(s, b, PCI_PREF_BASE_UPPER32, 4) << 32;
		lim |= val(s, b, PCI_PREF_LIMIT_UPPER32, 4) << 32;
	}
	has = wmask(s, b, PCI_PREF_MEMORY_BASE, 2) != 0;
	w[2] = (struct span){ base, has && lim >= base ? lim + 1 : base, b, false, "prefetchable window" };
}

static bool inside(const struct span *r, uint64_t lo, uint64_t hi)
{
	return r->lo >= lo && r->hi <= hi && r->hi > r->lo;
}

static const char *check_table(const struct pci_cfg_ops *view)
{
	unsigned n;
	const struct pci_dev *d = pci_devices(&n);

	for (unsigned i = 0; i < n; i++) {
		uint16_t cmd = pci_read16(view, d[i].bdf, PCI_COMMAND);
		int nbars = d[i].is_bridge ? 2 : 6;
		for (int b = 0; b < nbars; b++) {
			const struct pci_bar *x = &d[i].bar[b];
			if (x->kind == PCI_BAR_NONE)
				continue;
			bool io = x->kind == PCI_BAR_IO;
			bool on = cmd & (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY);
			if (!x->assigned) {
				if (on)
					return bad("%02x:%02x.%x BAR%d unassigned (%s) but its space is enabled",
						   PCI_BUS(d[i].bdf), PCI_SLOT(d[i].bdf), PCI_FUNC(d[i].bdf), b,
						   pci_why_str(x->why));
				continue;
			}
			uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b);
			uint64_t a = pci_read32(view, d[i].bdf, off) & (io ? ~3u : ~0xfu);
			if (x->kind == PCI_BAR_MEM64)
				a |= (uint64_t)pci_read32(view, d[i].bdf, (uint16_t)(off + 4)) << 32;
			if (on && a != x->addr)
				return bad("%02x:%02x.%x BAR%d: table says 0x%llx, hardware decodes 0x%llx",
					   PCI_BUS(d[i].bdf), PCI_SLOT(d[i].bdf), PCI_FUNC(d[i].bdf), b,
					   (unsigned long long)x->addr, (unsigned long long)a);
			if (x->size && x->addr % x->size)
				return bad("%02x:%02x.%x BAR%d: table address 0x%llx not aligned to 0x%llx",
					   PCI_BUS(d[i].bdf), PCI_SLOT(d[i].bdf), PCI_FUNC(d[i].bdf), b,
					   (unsigned long long)x->addr, (unsigned long long)x->size);
		}
	}
	return NULL;
}

const char *pci_check_bus(const struct simbus *s, const struct pci_platform *p,
			  const struct pci_cfg_ops *view, unsigned *ranges)
{
	static struct span r[SIM_MAX_FNS * 8];
	unsigned total = 0;

	for (int owner = -1; owner < (int)s->n; owner++) {
		struct span win[3];
		uint16_t ocmd = 0;
		if (owner >= 0) {
			const struct sim_fn *o = &s->fn[owner];
			if (!o->bridge || !reachable(s, owner) || !o->cfg[PCI_SECONDARY_BUS])
				continue;
			if (!o->wmask[PCI_SECONDARY_BUS] && o->cfg[PCI_SUBORDINATE_BUS] < o->cfg[PCI_SECONDARY_BUS])
				continue;	/* hardwired range that forwards nothing */
			windows(s, owner, win);
			ocmd = (uint16_t)val(s, owner, PCI_COMMAND, 2);
			unsigned pri = o->cfg[PCI_PRIMARY_BUS], sec = o->cfg[PCI_SECONDARY_BUS];
			unsigned sub = o->cfg[PCI_SUBORDINATE_BUS];
			/* Hardwired numbers are the device's fault; a function vmfw never found (no
			 * function 0 in its slot) keeps whatever it had. */
			bool fixed = !o->wmask[PCI_SECONDARY_BUS] ||
				     pci_find(PCI_BDF(sim_bus_of(s, owner), o->dev, o->fn)) < 0;
			if (!fixed && (sub < sec || sec <= (unsigned)sim_bus_of(s, owner)))
				return bad("bridge fn %d: bus range %u-%u behind bus %d", owner, sec, sub,
					   sim_bus_of(s, owner));
			if (!fixed && pri != (unsigned)sim_bus_of(s, owner))
				return bad("bridge fn %d: primary %u but sits on bus %d", owner, pri,
					   sim_bus_of(s, owner));
			if (!fixed && o->parent >= 0 && (sec <= s->fn[o->parent].cfg[PCI_SECONDARY_BUS] ||
					       sub > s->fn[o->parent].cfg[PCI_SUBORDINATE_BUS]))
				return bad("bridge fn %d: bus range %u-%u outside its parent's", owner, sec, sub);
		}
		unsigned n = 0;
		for (unsigned i = 0; i < s->n; i++) {
			const struct sim_fn *f = &s->fn[i];
			if (f->parent != owner || !reachable(s, (int)i))
				continue;
			uint16_t cmd = (uint16_t)val(s, (int)i, PCI_COMMAND, 2);
			int nbars = f->bridge ? 2 : 6;
			for (int b = 0; b < nbars;) {
				int slots;
				struct span x;
				int k = decode_bar(s, (int)i, b, nbars, &x, &slots);
				bool io = val(s, (int)i, (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * b), 1) & 1;
				bool on = cmd & (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY);
				if (k < 0 && on)
					return bad("fn %u (%04x:%04x) BAR%d cannot be sized but %s decoding is on", i,
						   (unsigned)val(s, (int)i, 0, 2), (unsigned)val(s, (int)i, 2, 2), b,
						   io ? "I/O" : "memory");
				if (k > 0 && on) {
					if (x.lo % (x.hi - x.lo))
						return bad("fn %u BAR%d 0x%llx+0x%llx not naturally aligned", i, b,
							   (unsigned long long)x.lo, (unsigned long long)(x.hi - x.lo));
					r[n++] = x;
					total++;
				}
				b += slots;
			}
			uint16_t roff = f->bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
			uint32_t rom = (uint32_t)val(s, (int)i, roff, 4);
			uint32_t rm = (uint32_t)wmask(s, (int)i, roff, 4) & PCI_ROM_ADDRESS_MASK;
			if ((rom & PCI_ROM_ADDRESS_ENABLE) && (cmd & PCI_COMMAND_MEMORY) && rm) {
				uint64_t size = rm & (~rm + 1);
				uint64_t a = rom & PCI_ROM_ADDRESS_MASK & ~(size - 1);
				r[n++] = (struct span){ a, a + size, (int)i, false, "ROM" };
			}
			if (f->bridge && f->cfg[PCI_SECONDARY_BUS]) {
				struct span cw[3];
				windows(s, (int)i, cw);
				for (int w = 0; w < 3; w++) {
					bool won = w == 0 ? (cmd & PCI_COMMAND_IO) : (cmd & PCI_COMMAND_MEMORY);
					if (cw[w].hi > cw[w].lo && won)
						r[n++] = cw[w];
				}
			}
		}
		for (unsigned a = 0; a < n; a++)
			for (unsigned b = a + 1; b < n; b++)
				if (r[a].io == r[b].io && r[a].lo < r[b].hi && r[b].lo < r[a].hi)
					return bad("bus of owner %d: fn %d %s 0x%llx-0x%llx overlaps fn %d %s 0x%llx-0x%llx",
						   owner, r[a].fn, r[a].what, (unsigned long long)r[a].lo,
						   (unsigned long long)r[a].hi, r[b].fn, r[b].what,
						   (unsigned long long)r[b].lo, (unsigned long long)r[b].hi);
		for (unsigned a = 0; a < n; a++) {
			const struct span *x = &r[a];
			bool ok;
			if (owner < 0) {
				ok = x->io ? inside(x, p->io_start, p->io_end)
					   : inside(x, p->mem32_start, p->mem32_end) ||
					     inside(x, p->mem64_start, p->mem64_end);
				if (!x->io && p->ecam_size && x->lo < p->ecam_base + p->ecam_size && p->ecam_base < x->hi)
					ok = false;
				if (!x->io && x->lo < 0xfec00000ull + 0x100000ull && x->hi > 0xfec00000ull)
					ok = false;
			} else if (x->io) {
				ok = !(ocmd & PCI_COMMAND_IO) || inside(x, win[0].lo, win[0].hi);
			} else {
				ok = !(ocmd & PCI_COMMAND_MEMORY) || inside(x, win[1].lo, win[1].hi) ||
				     inside(x, win[2].lo, win[2].hi);
			}
			if (!ok)
				return bad("owner %d: fn %d %s 0x%llx-0x%llx outside the window that forwards it",
					   owner, x->fn, x->what, (unsigned long long)x->lo, (unsigned long long)x->hi);
		}
	}
	/* Sibling bridges: disjoint bus ranges. */
	for (unsigned a = 0; a < s->n; a++)
		for (unsigned b = a + 1; b < s->n; b++) {
			const struct sim_fn *fa = &s->fn[a], *fb = &s->fn[b];
			if (!fa->bridge || !fb->bridge || fa->parent != fb->parent ||
			    !reachable(s, (int)a) || !reachable(s, (int)b) ||
			    !fa->wmask[PCI_SECONDARY_BUS] || !fb->wmask[PCI_SECONDARY_BUS] ||
			    pci_find(PCI_BDF(sim_bus_of(s, (int)a), fa->dev, fa->fn)) < 0 ||
			    pci_find(PCI_BDF(sim_bus_of(s, (int)b), fb->dev, fb->fn)) < 0)
				continue;
			unsigned as = fa->cfg[PCI_SECONDARY_BUS], bs = fb->cfg[PCI_SECONDARY_BUS];
			if (!as || !bs)
				continue;
			if (!(fa->cfg[PCI_SUBORDINATE_BUS] < bs || fb->cfg[PCI_SUBORDINATE_BUS] < as))
				return bad("sibling bridges fn %u (%u-%u) and fn %u (%u-%u) share bus numbers", a, as,
					   fa->cfg[PCI_SUBORDINATE_BUS], b, bs, fb->cfg[PCI_SUBORDINATE_BUS]);
		}
	if (ranges)
		*ranges = total;
	return view ? check_table(view) : NULL;
}
