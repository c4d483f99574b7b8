/* A simulated PCI hierarchy for host tests (see simbus.h). */
#include <stdlib.h>
#include <string.h>
#include "simbus.h"
#include "pci_regs.h"	/* PCI_* offsets */

static void put(struct sim_fn *f, uint16_t off, unsigned width, uint32_t v)
{
	for (unsigned i = 0; i < width; i++)
		f->cfg[off + i] = (uint8_t)(v >> (8 * i));
}

static void put_mask(struct sim_fn *f, uint16_t off, unsigned width, uint32_t m)
{
	for (unsigned i = 0; i < width; i++)
		f->wmask[off + i] = (uint8_t)(m >> (8 * i));
}

uint32_t sim_peek(const struct simbus *s, int idx, uint16_t off, unsigned width)
{
	uint32_t v = 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint32_t)s->fn[idx].cfg[off + i] << (8 * i);
	return v;
}

void sim_poke(struct simbus *s, int idx, uint16_t off, unsigned width, uint32_t val)
{
	put(&s->fn[idx], off, width, val);
}

static int find_on(const struct simbus *s, int parent, unsigned dev, unsigned fn)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->fn[i].parent == parent && s->fn[i].dev == dev && s->fn[i].fn == fn)
			return (int)i;
	return -1;
}

/* Type-1 forwarding from bus 0 down, following the programmed bus numbers. */
static int route(const struct simbus *s, unsigned bus, unsigned dev, unsigned fn)
{
	int cur = -1;
	for (int depth = 0; depth < 64; depth++) {
		if (cur < 0 && bus == 0)
			return find_on(s, -1, dev, fn);
		int next = -1;
		for (unsigned i = 0; i < s->n && next < 0; i++) {
			const struct sim_fn *f = &s->fn[i];
			if (f->parent != cur || !f->bridge)
				continue;
			unsigned sec = f->cfg[PCI_SECONDARY_BUS], sub = f->cfg[PCI_SUBORDINATE_BUS];
			if (sec && sec <= bus && bus <= sub)
				next = (int)i;
		}
		if (next < 0)
			return -1;
		if (s->fn[next].cfg[PCI_SECONDARY_BUS] == bus)
			return find_on(s, next, dev, fn);
		cur = next;
	}
	return -1;
}

int sim_bus_of(const struct simbus *s, int idx)
{
	int p = s->fn[idx].parent;
	if (p < 0)
		return 0;
	int pb = sim_bus_of(s, p);
	if (pb < 0)
		return -1;
	unsigned sec = s->fn[p].cfg[PCI_SECONDARY_BUS];
	return route(s, sec, s->fn[idx].dev, s->fn[idx].fn) == idx ? (int)sec : -1;
}

static struct simbus *S(void *ctx) { return ctx; }

static uint32_t rd(void *ctx, uint16_t bdf, uint16_t off, unsigned w)
{
	struct simbus *s = S(ctx);
	s->reads++;
	int i = route(s, PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf));
	if (i < 0 || off + w > s->ops.cfg_size)
		return w == 4 ? 0xffffffffu : (1u << (8 * w)) - 1;
	s->fn[i].reads++;
	return sim_peek(s, i, off, w);
}

static void wr(void *ctx, uint16_t bdf, uint16_t off, uint32_t v, unsigned w)
{
	struct simbus *s = S(ctx);
	s->writes++;
	if (s->nlog == s->log_cap) {
		s->log_cap = s->log_cap ? 2 * s->log_cap : 1024;
		s->log = realloc(s->log, s->log_cap * sizeof(*s->log));
	}
	s->log[s->nlog++] = (struct sim_write){ bdf, off, (uint8_t)w, v };
	int i = route(s, PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf));
	if (i < 0 || off + w > s->ops.cfg_size)
		return;
	struct sim_fn *f = &s->fn[i];
	f->writes++;
	for (unsigned k = 0; k < w; k++) {
		uint8_t m = f->wmask[off + k];
		f->cfg[off + k] = (uint8_t)((f->cfg[off + k] & ~m) | ((v >> (8 * k)) & m));
	}
}

static uint8_t r8(void *c, uint16_t b, uint16_t o) { return (uint8_t)rd(c, b, o, 1); }
static uint16_t r16(void *c, uint16_t b, uint16_t o) { return (uint16_t)rd(c, b, o, 2); }
static uint32_t r32(void *c, uint16_t b, uint16_t o) { return rd(c, b, o, 4); }
static void w8(void *c, uint16_t b, uint16_t o, uint8_t v) { wr(c, b, o, v, 1); }
static void w16(void *c, uint16_t b, uint16_t o, uint16_t v) { wr(c, b, o, v, 2); }
static void w32(void *c, uint16_t b, uint16_t o, uint32_t v) { wr(c, b, o, v, 4); }

static uint8_t in8(void *c, uint16_t port)
{
	struct simbus *s = S(c);
	return port == 0x4d0 ? s->elcr[0] : port == 0x4d1 ? s->elcr[1] : 0xff;
}
static uint16_t in16(void *c, uint16_t port) { return 0xffff; }
static uint32_t in32(void *c, uint16_t port) { return 0xffffffffu; }
static void out8(void *c, uint16_t port, uint8_t v)
{
	struct simbus *s = S(c);
	if (port == 0x4d0)
		s->elcr[0] = v;
	else if (port == 0x4d1)
		s->elcr[1] = v;
}
static void out16(void *c, uint16_t port, uint16_t v) {}
static void out32(void *c, uint16_t port, uint32_t v) {}

struct simbus *sim_new(uint16_t cfg_size)
{
	struct simbus *s = calloc(1, sizeof(*s));
	s->ops = (struct pci_cfg_ops){ s, r8, r16, r32, w8, w16, w32, cfg_size };
	s->pio = (struct pio_ops){ s, in8, in16, in32, out8, out16, out32 };
	s->hw = (struct hw){ &s->ops, NULL, &s->pio };
	return s;
}

void sim_free(struct simbus *s)
{
	free(s->log);
	free(s);
}

void sim_reset_counters(struct simbus *s)
{
	s->reads = s->writes = 0;
	s->nlog = 0;
	for (unsigned i = 0; i < s->n; i++)
		s->fn[i].reads = s->fn[i].writes = 0;
}

static int new_fn(struct simbus *s, int parent, unsigned dev, unsigned fn, uint16_t vendor,
		  uint16_t device, uint32_t class24, uint8_t hdr)
{
	if (s->n >= SIM_MAX_FNS)
		abort();
	int idx = (int)s->n++;
	struct sim_fn *f = &s->fn[idx];
	memset(f, 0, sizeof(*f));
	f->parent = parent;
	f->dev = (uint8_t)dev;
	f->fn = (uint8_t)fn;
	f->next_cap = 0x40;
	put(f, PCI_VENDOR_ID, 2, vendor);
	put(f, PCI_DEVICE_ID, 2, device);
	put(f, PCI_CLASS_REVISION, 4, class24 << 8 | 1);
	put(f, PCI_HEADER_TYPE, 1, hdr);
	put_mask(f, PCI_COMMAND, 2, 0x0547);
	put_mask(f, PCI_CACHE_LINE_SIZE, 1, 0xff);
	put_mask(f, PCI_LATENCY_TIMER, 1, 0xff);
	put_mask(f, PCI_INTERRUPT_LINE, 1, 0xff);
	return idx;
}

int sim_add(struct simbus *s, int parent, unsigned dev, unsigned fn, uint16_t vendor,
	    uint16_t device, uint32_t class24)
{
	return new_fn(s, parent, dev, fn, vendor, device, class24, PCI_HEADER_TYPE_NORMAL);
}

int sim_add_bridge(struct simbus *s, int parent, unsigned dev, unsigned fn, uint16_t vendor,
		   uint16_t device, unsigned flags)
{
	int idx = new_fn(s, parent, dev, fn, vendor, device, 0x060400, PCI_HEADER_TYPE_BRIDGE);
	struct sim_fn *f = &s->fn[idx];
	f->bridge = true;
	put_mask(f, PCI_PRIMARY_BUS, 4, 0xffffffffu);
	if (!(flags & SIM_BR_NO_IO)) {
		put_mask(f, PCI_IO_BASE, 2, 0xf0f0);
		if (flags & SIM_BR_IO32) {
			put(f, PCI_IO_BASE, 2, 0x0101);
			put_mask(f, PCI_IO_BASE_UPPER16, 4, 0xffffffffu);
		}
	}
	put_mask(f, PCI_MEMORY_BASE, 4, 0xfff0fff0u);
	if (!(flags & SIM_BR_NO_PREF)) {
		put_mask(f, PCI_PREF_MEMORY_BASE, 4, 0xfff0fff0u);
		if (!(flags & SIM_BR_PREF32)) {
			put(f, PCI_PREF_MEMORY_BASE, 4, 0x00010001u);
			put_mask(f, PCI_PREF_BASE_UPPER32, 4, 0xffffffffu);
			put_mask(f, PCI_PREF_LIMIT_UPPER32, 4, 0xffffffffu);
		}
	}
	put_mask(f, PCI_BRIDGE_CONTROL, 2, 0x0fff);
	return idx;
}

void sim_set_multifunction(struct simbus *s, int idx)
{
	s->fn[idx].cfg[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MFD;
}

void sim_set_pin(struct simbus *s, int idx, uint8_t pin)
{
	s->fn[idx].cfg[PCI_INTERRUPT_PIN] = pin;
}

void sim_bar(struct simbus *s, int idx, int bar, enum sim_bar_kind kind, uint64_t size, bool pref)
{
	struct sim_fn *f = &s->fn[idx];
	uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * bar);
	uint64_t mask = ~(size - 1);

	if (kind == SIM_IO) {
		put(f, off, 4, PCI_BASE_ADDRESS_SPACE_IO);
		put_mask(f, off, 4, (uint32_t)mask & 0xfffffffcu);
		return;
	}
	uint32_t type = (kind == SIM_MEM64 ? PCI_BASE_ADDRESS_MEM_TYPE_64 : 0) |
			(pref ? PCI_BASE_ADDRESS_MEM_PREFETCH : 0);
	put(f, off, 4, type);
	put_mask(f, off, 4, (uint32_t)mask & 0xfffffff0u);
	if (kind == SIM_MEM64) {
		put(f, (uint16_t)(off + 4), 4, 0);
		put_mask(f, (uint16_t)(off + 4), 4, (uint32_t)(mask >> 32));
	}
}

void sim_bar_raw(struct simbus *s, int idx, int bar, uint32_t type, uint32_t wlo)
{
	struct sim_fn *f = &s->fn[idx];
	uint16_t off = (uint16_t)(PCI_BASE_ADDRESS_0 + 4 * bar);
	put(f, off, 4, type);
	put_mask(f, off, 4, wlo);
}

void sim_rom(struct simbus *s, int idx, uint32_t size)
{
	struct sim_fn *f = &s->fn[idx];
	uint16_t off = f->bridge ? PCI_ROM_ADDRESS1 : PCI_ROM_ADDRESS;
	put_mask(f, off, 4, (~(size - 1) & 0xfffff800u) | PCI_ROM_ADDRESS_ENABLE);
}

uint8_t sim_cap(struct simbus *s, int idx, uint8_t id, uint8_t len)
{
	struct sim_fn *f = &s->fn[idx];
	uint8_t at = f->next_cap;
	if (at + len > 0x100)
		abort();
	f->cfg[at] = id;
	f->cfg[at + 1] = 0;
	if (f->last_cap)
		f->cfg[f->last_cap + 1] = at;
	else
		f->cfg[PCI_CAPABILITY_LIST] = at;
	f->cfg[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	f->last_cap = at;
	f->next_cap = (uint8_t)((at + len + 3) & ~3);
	return at;
}

uint8_t sim_pcie_cap(struct simbus *s, int idx, uint8_t type, bool hp)
{
	uint8_t at = sim_cap(s, idx, PCI_CAP_ID_EXP, 0x3c);
	struct sim_fn *f = &s->fn[idx];
	put(f, (uint16_t)(at + PCI_EXP_FLAGS), 2, 2u | (uint32_t)type << 4 | (hp ? PCI_EXP_FLAGS_SLOT : 0));
	if (hp)
		put(f, (uint16_t)(at + PCI_EXP_SLTCAP), 4, PCI_EXP_SLTCAP_HPC);
	return at;
}

uint8_t sim_reserve_cap(struct simbus *s, int idx, uint32_t bus, uint64_t io, uint32_t mem,
			uint32_t pref32, uint64_t pref64)
{
	uint8_t at = sim_cap(s, idx, PCI_CAP_ID_VNDR, 0x20);
	struct sim_fn *f = &s->fn[idx];
	put(f, (uint16_t)(at + 2), 1, 0x20);	/* length */
	put(f, (uint16_t)(at + 3), 1, 1);	/* type: resource reserve */
	put(f, (uint16_t)(at + 4), 4, bus);
	put(f, (uint16_t)(at + 8), 4, (uint32_t)io);
	put(f, (uint16_t)(at + 12), 4, (uint32_t)(io >> 32));
	put(f, (uint16_t)(at + 16), 4, mem);
	put(f, (uint16_t)(at + 20), 4, pref32);
	put(f, (uint16_t)(at + 24), 4, (uint32_t)pref64);
	put(f, (uint16_t)(at + 28), 4, (uint32_t)(pref64 >> 32));
	return at;
}
